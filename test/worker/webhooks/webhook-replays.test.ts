// POST /webhooks/sanity replayed: a captured signed delivery re-sent under new idempotency keys,
// or re-signed inside the replay window, is one delivery and one rebuild; a new revision, a
// deletion and a retry after the queue refused the first copy each get theirs.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { webhooks } from '../../../worker/webhooks/routes'
import { contactDelivery as body, deliveryRequest, signatureFor, type DeliveryBody } from './sign'

describe('webhook replays under fresh idempotency keys', () => {
  // A queue that counts what it is sent, in place of the rebuild queue.
  function countingQueue() {
    const sent: unknown[] = []
    const queue = {
      send: async (message: unknown) => {
        sent.push(message)
      },
    } as unknown as Queue
    return { sent, env: { ...env, REBUILD_QUEUE: queue } }
  }

  async function rowsFor(documentId: string) {
    const { results } = await env.DB.prepare(
      'SELECT status FROM webhook_deliveries WHERE document_id = ?',
    )
      .bind(documentId)
      .all<{ status: string }>()
    return results
  }

  it('one captured signed delivery re-sent under ten new idempotency keys rebuilds once', async () => {
    const captured: DeliveryBody = { ...body, _id: 'contact.replayed', _rev: 'rev-captured' }
    const raw = JSON.stringify(captured)
    const signature = await signatureFor(raw, env.SANITY_WEBHOOK_SECRET)
    const queue = countingQueue()
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) {
      const res = await webhooks.request(
        await deliveryRequest(raw, { signature, idempotencyKey: `replay-${i}` }),
        {},
        queue.env,
      )
      statuses.push(res.status)
    }
    expect(statuses).toEqual([202, 200, 200, 200, 200, 200, 200, 200, 200, 200])
    expect(queue.sent).toHaveLength(1)
    expect(await rowsFor('contact.replayed')).toEqual([{ status: 'queued' }])
  })

  it('replays re-signed at other times inside the window are still one delivery', async () => {
    const captured: DeliveryBody = { ...body, _id: 'contact.resigned', _rev: 'rev-resigned' }
    const queue = countingQueue()
    const statuses: number[] = []
    for (const ago of [0, 60_000, 120_000, 240_000]) {
      const res = await webhooks.request(
        await deliveryRequest(captured, {
          timestamp: Date.now() - ago,
          idempotencyKey: `resigned-${ago}`,
        }),
        {},
        queue.env,
      )
      statuses.push(res.status)
    }
    expect(statuses).toEqual([202, 200, 200, 200])
    expect(queue.sent).toHaveLength(1)
  })

  it('a new revision of the same document, and its deletion, each rebuild', async () => {
    const id = 'contact.revised'
    const queue = countingQueue()
    const deliveries: DeliveryBody[] = [
      { ...body, _id: id, _rev: 'rev-a' },
      { ...body, _id: id, _rev: 'rev-b' },
      // Sanity's projection gives a delete the revision it removed.
      { ...body, _id: id, _rev: 'rev-b', operation: 'delete' },
    ]
    const statuses: number[] = []
    for (const [i, delivery] of deliveries.entries()) {
      const res = await webhooks.request(
        await deliveryRequest(delivery, { idempotencyKey: `revised-${i}` }),
        {},
        queue.env,
      )
      statuses.push(res.status)
    }
    expect(statuses).toEqual([202, 202, 202])
    expect(queue.sent).toHaveLength(3)
  })

  it('a retry under a new key after the queue refused the first copy is queued, once', async () => {
    const delivery: DeliveryBody = { ...body, _id: 'contact.retried', _rev: 'rev-retried' }
    const refusing = {
      ...env,
      REBUILD_QUEUE: { send: () => Promise.reject(new Error('queue down')) } as unknown as Queue,
    }
    const first = await webhooks.request(
      await deliveryRequest(delivery, { idempotencyKey: 'retried-1' }),
      {},
      refusing,
    )
    expect(first.status).toBe(503)
    const queue = countingQueue()
    const retry = await webhooks.request(
      await deliveryRequest(delivery, { idempotencyKey: 'retried-2' }),
      {},
      queue.env,
    )
    expect(retry.status).toBe(202)
    expect(queue.sent).toHaveLength(1)
    expect(await rowsFor('contact.retried')).toEqual([{ status: 'queued' }])
  })

  it('a body without a revision: replays of one signature are one delivery', async () => {
    const unrevised = { ...body, _id: 'contact.unrevised' }
    delete unrevised._rev
    const raw = JSON.stringify(unrevised)
    const signature = await signatureFor(raw, env.SANITY_WEBHOOK_SECRET)
    const queue = countingQueue()
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      const res = await webhooks.request(
        await deliveryRequest(raw, { signature, idempotencyKey: `unrevised-${i}` }),
        {},
        queue.env,
      )
      statuses.push(res.status)
    }
    expect(statuses).toEqual([202, 200, 200])
    expect(queue.sent).toHaveLength(1)
  })
})
