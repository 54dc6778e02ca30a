// The same webhook delivery ten times (Sanity's retries, a hook fired twice) → one rebuild and
// one publish receipt.
import { env, SELF } from 'cloudflare:test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveryRequest } from '../webhooks/sign'
import { fixtures } from './fixtures'
import { contentStore, page, prebuild, receiptsFor } from './helpers'

const P = 'idem'
const { org } = fixtures(P)
const client = contentStore()

beforeAll(async () => {
  await client.createOrReplace(org)
  await prebuild([`/organisations/${P}-org`])
}, 60_000)

afterAll(async () => {
  await client.delete(org._id)
}, 60_000)

// Publishing waits for the queue consumer; allow for a busy machine.
describe('repeated delivery', { timeout: 60_000 }, () => {
  it('rebuilds once for ten copies of one delivery', async () => {
    const { transactionId } = await client
      .transaction()
      .patch(org._id, (p) => p.set({ summary: 'Summary published once, delivered ten times.' }))
      .commit({ visibility: 'sync' })
    const body = {
      _id: org._id,
      _type: 'organisation',
      _rev: transactionId,
      operation: 'update' as const,
      slugBefore: `${P}-org`,
      slugAfter: `${P}-org`,
    }
    const statuses = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const req = await deliveryRequest(body, {
          transactionId,
          idempotencyKey: `hook-${transactionId}`,
        })
        return (await SELF.fetch(req)).status
      }),
    )
    expect(statuses.filter((s) => s === 202)).toHaveLength(1)
    expect(statuses.filter((s) => s === 200)).toHaveLength(9)

    const receipts = await receiptsFor(transactionId)
    expect(receipts).toHaveLength(1)
    expect(receipts[0]?.pagesChanged).toEqual([`/organisations/${P}-org`])
    expect((await page(`/organisations/${P}-org`)).text).toContain(
      'Summary published once, delivered ten times.',
    )

    // A late eleventh copy still does nothing.
    const late = await SELF.fetch(
      await deliveryRequest(body, { transactionId, idempotencyKey: `hook-${transactionId}` }),
    )
    expect(late.status).toBe(200)
    const count = await env.DB.prepare(
      'SELECT count(*) AS n FROM publish_receipts WHERE transaction_id = ?',
    )
      .bind(transactionId)
      .first('n')
    expect(count).toBe(1)
  })
})
