// A bulk load reaches the site through many webhook deliveries; the store sends several at once
// (bounded) rather than one after another, and still delivers each exactly once, retries
// included.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStore, type TestStore } from './helpers'

const DOCS = 40
const LIMIT = 10

let t: TestStore
let receiver: Server
let inFlight = 0
let maxInFlight = 0
const keys = new Map<string, number>()
let held: ServerResponse[] = []
const failOnce = new Set<string>()

/**
 * Each request is held until a second one is in flight (then both are answered), so a store that
 * delivers one at a time is caught: it would only ever have one in flight. The fallback release
 * keeps such a store from hanging the test.
 */
function hold(res: ServerResponse, status: number): void {
  res.statusCode = status
  held.push(res)
  const release = () => {
    const batch = held
    held = []
    for (const r of batch) {
      inFlight--
      r.end('ok')
    }
  }
  if (held.length >= 2) release()
  else setTimeout(() => held.includes(res) && release(), 300)
}

beforeAll(async () => {
  receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    req.resume()
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'])
      const id = String(req.headers['sanity-document-id'])
      // The first attempt for every fifth document fails: its retry must still arrive once.
      if (id.endsWith('0') && !failOnce.has(id)) {
        failOnce.add(id)
        hold(res, 503)
        return
      }
      keys.set(key, (keys.get(key) ?? 0) + 1)
      hold(res, 200)
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const { port } = receiver.address() as AddressInfo
  t = await startTestStore({
    webhooks: [{ url: `http://127.0.0.1:${port}/webhooks/sanity`, secret: 'concurrency-secret' }],
    webhookRetryDelaysMs: [10, 10],
  })
})
afterAll(async () => {
  await t.cleanup()
  await new Promise((resolve) => receiver.close(resolve))
})

describe('webhook delivery under a bulk load', () => {
  it('has several deliveries in flight, never more than the limit, each delivered once', async () => {
    const ids = Array.from({ length: DOCS }, (_, i) => `report.bulk${String(i).padStart(2, '0')}`)
    const tx = t.client.transaction()
    for (const id of ids) {
      tx.create({ _id: id, _type: 'report', title: id, slug: { current: id.slice(7) } })
    }
    await tx.commit()
    await t.store.webhooksIdle()
    expect(maxInFlight).toBeGreaterThan(1)
    expect(maxInFlight).toBeLessThanOrEqual(LIMIT)
    // Every document's delivery arrived, and exactly once (a failed first attempt not counted).
    expect(keys.size).toBe(DOCS)
    expect([...keys.values()].every((n) => n === 1)).toBe(true)
    expect(failOnce.size).toBe(4)
  })
})
