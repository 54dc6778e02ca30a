// Webhook delivery as Sanity sends it: the shared definition's projection, signed so that
// @sanity/webhook accepts it, with the sanity-* headers, fired only for published documents,
// and retried on 5xx.
import { isValidSignature, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestStore, type TestStore } from './helpers'

const SECRET = 'test-webhook-secret'
type Received = { headers: IncomingHttpHeaders; body: string }

let t: TestStore
let receiver: Server
let received: Received[] = []
let statuses: number[] = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(statuses.shift() ?? 200)
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const { port } = receiver.address() as AddressInfo
  t = await startTestStore({
    webhooks: [{ url: `http://127.0.0.1:${port}/webhooks/sanity`, secret: SECRET }],
    webhookRetryDelaysMs: [10, 10],
  })
})
afterAll(async () => {
  await t.cleanup()
  await new Promise((resolve) => receiver.close(resolve))
})
beforeEach(() => {
  received = []
  statuses = []
})

describe('webhooks', () => {
  it('delivers a signed update with the definition projection and sanity-* headers', async () => {
    const before = await t.client.getDocument('course.county')
    const after = await t.client
      .patch('course.county')
      .set({ 'slug.current': 'county-lines-2' })
      .commit({ transactionId: 'tx-hook-1' })
    await t.store.webhooksIdle()
    expect(received).toHaveLength(1)
    const [delivery] = received
    if (!delivery) throw new Error('no delivery')
    const signature = delivery.headers[SIGNATURE_HEADER_NAME]
    expect(typeof signature).toBe('string')
    expect(await isValidSignature(delivery.body, String(signature), SECRET)).toBe(true)
    expect(await isValidSignature(delivery.body, String(signature), 'wrong-secret')).toBe(false)
    expect(JSON.parse(delivery.body)).toEqual({
      _id: 'course.county',
      _type: 'course',
      _rev: after._rev,
      operation: 'update',
      slugBefore: before?.slug?.current,
      slugAfter: 'county-lines-2',
    })
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'sanity-transaction-id': 'tx-hook-1',
      'sanity-document-id': 'course.county',
      'sanity-operation': 'update',
      'sanity-project-id': 'safeguard',
      'sanity-dataset': 'production',
      'sanity-webhook-id': expect.any(String),
      'idempotency-key': expect.any(String),
    })
    expect(new Date(String(delivery.headers['sanity-transaction-time'])).getTime()).not.toBeNaN()
  })

  it('fires on create and delete of published documents, never for drafts', async () => {
    await t.client.create({ _id: 'drafts.report.r1', _type: 'report', title: 'Draft only' })
    await t.client.create({
      _id: 'report.r1',
      _type: 'report',
      title: 'R1',
      slug: { current: 'r1' },
    })
    await t.client.delete('report.r1')
    await t.store.webhooksIdle()
    // Deliveries run concurrently and, as with Sanity, in no guaranteed order.
    const ops = received.map((r) => String(r.headers['sanity-operation'])).sort()
    expect(ops).toEqual(['create', 'delete'])
    const deleted = received.find((r) => r.headers['sanity-operation'] === 'delete')
    expect(JSON.parse(deleted?.body ?? '{}')).toMatchObject({
      _id: 'report.r1',
      operation: 'delete',
      slugBefore: 'r1',
      slugAfter: null,
    })
  })

  it('ignores document types outside the definition filter', async () => {
    await t.client.create({ _id: 'sanity.imageAsset.x', _type: 'sanity.imageAsset', url: 'x' })
    await t.store.webhooksIdle()
    expect(received).toEqual([])
  })

  it('retries a delivery answered with 500, keeping the idempotency key', async () => {
    statuses = [500, 503]
    await t.client.patch('course.nrm').set({ title: 'Retry me' }).commit()
    await t.store.webhooksIdle()
    expect(received).toHaveLength(3)
    const keys = new Set(received.map((r) => r.headers['idempotency-key']))
    expect(keys.size).toBe(1)
  })

  it('gives up after two retries', async () => {
    statuses = [500, 500, 500, 500]
    await t.client.patch('course.nrm').set({ title: 'Keeps failing' }).commit()
    await t.store.webhooksIdle()
    expect(received).toHaveLength(3)
  })
})
