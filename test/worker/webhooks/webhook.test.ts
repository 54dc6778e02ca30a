// POST /webhooks/sanity: signature, replay window, project/dataset, body validation, durable
// idempotency and the 5xx that makes Sanity retry when the work could not be recorded (replays
// under new idempotency keys are in webhook-replays.test.ts).
import { isValidSignature } from '@sanity/webhook'
import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { webhooks } from '../../../worker/webhooks/routes'
import { contactDelivery as body, deliveryRequest, signatureFor, type DeliveryBody } from './sign'

// A delivery is identified by its signed body (document, revision, operation), so each test that
// expects a new delivery to be accepted publishes a new revision.
let revisions = 0
const fresh = (): DeliveryBody => ({ ...body, _rev: `rev-fresh-${++revisions}` })

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } }

async function deliveryRow(key: string) {
  return env.DB.prepare(
    'SELECT status, document_id, transaction_id FROM webhook_deliveries WHERE idempotency_key = ?',
  )
    .bind(key)
    .first<{ status: string; document_id: string; transaction_id: string }>()
}

describe('webhook signature', () => {
  it('accepts a validly signed delivery with 202 and records it as queued', async () => {
    const res = await SELF.fetch(
      await deliveryRequest(fresh(), { idempotencyKey: 'valid-1', transactionId: 'tx-valid-1' }),
    )
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({
      accepted: true,
      duplicate: false,
      transactionId: 'tx-valid-1',
    })
    expect(await deliveryRow('valid-1')).toEqual({
      status: 'queued',
      document_id: 'contact.webhook-test',
      transaction_id: 'tx-valid-1',
    })
  })

  it('refuses a tampered body with 401', async () => {
    const signed = JSON.stringify(body)
    const signature = await signatureFor(signed, env.SANITY_WEBHOOK_SECRET)
    const tampered = JSON.stringify({ ...body, _id: 'contact.someone-else' })
    const res = await SELF.fetch(
      await deliveryRequest(tampered, { signature, idempotencyKey: 'tampered' }),
    )
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_signature')
    expect(await deliveryRow('tampered')).toBeNull()
  })

  it('refuses a delivery signed with the wrong secret', async () => {
    const res = await SELF.fetch(
      await deliveryRequest(body, { secret: 'not-the-secret', idempotencyKey: 'wrong-secret' }),
    )
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_signature')
  })

  it('refuses a signature older than five minutes (replay)', async () => {
    const res = await SELF.fetch(
      await deliveryRequest(body, {
        timestamp: Date.now() - 6 * 60 * 1000,
        idempotencyKey: 'stale',
      }),
    )
    expect(res.status).toBe(401)
    const json = (await res.json()) as ErrorBody
    expect(json.error.code).toBe('stale_signature')
    expect(json.error.message).toMatch(/5 minutes/)
  })

  it('refuses a signature from more than five minutes in the future', async () => {
    const res = await SELF.fetch(
      await deliveryRequest(body, {
        timestamp: Date.now() + 6 * 60 * 1000,
        idempotencyKey: 'future',
      }),
    )
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).error.code).toBe('stale_signature')
  })

  it('accepts a signature four minutes old (inside the window)', async () => {
    const res = await SELF.fetch(
      await deliveryRequest(fresh(), {
        timestamp: Date.now() - 4 * 60 * 1000,
        idempotencyKey: 'recent',
      }),
    )
    expect(res.status).toBe(202)
  })

  it('refuses a missing signature and a malformed one with 401 JSON', async () => {
    const missing = await SELF.fetch(
      await deliveryRequest(body, { signature: null, idempotencyKey: 'missing' }),
    )
    expect(missing.status).toBe(401)
    expect(missing.headers.get('content-type')).toMatch(/application\/json/)
    expect(((await missing.json()) as ErrorBody).error).toMatchObject({
      code: 'missing_signature',
      message: expect.stringContaining('sanity-webhook-signature'),
    })
    const malformed = await SELF.fetch(
      await deliveryRequest(body, { signature: 'v1=abc', idempotencyKey: 'malformed' }),
    )
    expect(malformed.status).toBe(401)
    expect(((await malformed.json()) as ErrorBody).error.code).toBe('malformed_signature')
  })

  it('produces signatures @sanity/webhook accepts, inside workerd', async () => {
    const raw = JSON.stringify(body)
    const header = await signatureFor(raw, 'shared-secret')
    expect(await isValidSignature(raw, header, 'shared-secret')).toBe(true)
    expect(await isValidSignature(raw, header, 'other-secret')).toBe(false)
  })
})

describe('webhook project, dataset and body', () => {
  it('refuses a delivery for another project or dataset with 403', async () => {
    const project = await SELF.fetch(
      await deliveryRequest(body, { projectId: 'someone-else', idempotencyKey: 'p' }),
    )
    expect(project.status).toBe(403)
    expect(((await project.json()) as ErrorBody).error.code).toBe('wrong_dataset')
    const dataset = await SELF.fetch(
      await deliveryRequest(body, { dataset: 'staging', idempotencyKey: 'd' }),
    )
    expect(dataset.status).toBe(403)
    expect(((await dataset.json()) as ErrorBody).error.message).toContain('staging')
  })

  it('answers 400 for a body that is not JSON', async () => {
    const res = await SELF.fetch(
      await deliveryRequest('{"_id": "x", ', { idempotencyKey: 'not-json' }),
    )
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error).toMatchObject({
      code: 'malformed_body',
      message: 'The body is not valid JSON.',
    })
  })

  it('answers 400 naming the fields that do not match the projection', async () => {
    const raw = JSON.stringify({ _id: 'course.x', operation: 'publish' })
    const res = await SELF.fetch(await deliveryRequest(raw, { idempotencyKey: 'bad-shape' }))
    expect(res.status).toBe(400)
    const json = (await res.json()) as ErrorBody
    expect(json.error.code).toBe('malformed_body')
    expect(json.error.fields).toMatchObject({
      _type: expect.any(String),
      operation: 'must be create, update or delete',
    })
    expect(await deliveryRow('bad-shape')).toBeNull()
  })

  it('answers 400 when the idempotency-key header is missing', async () => {
    const req = await deliveryRequest(body)
    const headers = new Headers(req.headers)
    headers.delete('idempotency-key')
    const res = await SELF.fetch(
      new Request(req.url, { method: 'POST', headers, body: JSON.stringify(body) }),
    )
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.fields).toEqual({
      'idempotency-key': 'header is required',
    })
  })

  it('answers 404 for GET and other paths (only POST /webhooks/sanity exists)', async () => {
    const res = await webhooks.request('/webhooks/sanity', { method: 'GET' }, env)
    expect(res.status).toBe(404)
  })
})

describe('webhook idempotency and failure', () => {
  it('records the same delivery once: one 202, then duplicates answered 200 without enqueuing', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) {
      const res = await SELF.fetch(
        await deliveryRequest(body, { idempotencyKey: 'same-ten', transactionId: 'tx-ten' }),
      )
      statuses.push(res.status)
    }
    expect(statuses).toEqual([202, 200, 200, 200, 200, 200, 200, 200, 200, 200])
    const { results } = await env.DB.prepare(
      'SELECT status FROM webhook_deliveries WHERE idempotency_key = ?',
    )
      .bind('same-ten')
      .all()
    expect(results).toEqual([{ status: 'queued' }])
  })

  it('answers 503 when the delivery cannot be recorded, so Sanity retries', async () => {
    const statement = { bind: () => statement }
    const db = { prepare: () => statement, batch: () => Promise.reject(new Error('D1 is down')) }
    const broken = { ...env, DB: db as unknown as D1Database }
    const res = await webhooks.request(
      await deliveryRequest(body, { idempotencyKey: 'no-db' }),
      {},
      broken,
    )
    expect(res.status).toBe(503)
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_recorded')
  })

  it('answers 503 when the queue refuses the work, and a retry then succeeds', async () => {
    const brokenQueue = {
      ...env,
      REBUILD_QUEUE: { send: () => Promise.reject(new Error('queue down')) } as unknown as Queue,
    }
    const delivery = fresh()
    const first = await webhooks.request(
      await deliveryRequest(delivery, { idempotencyKey: 'queue-down' }),
      {},
      brokenQueue,
    )
    expect(first.status).toBe(503)
    expect(((await first.json()) as ErrorBody).error.code).toBe('not_queued')
    expect((await deliveryRow('queue-down'))?.status).toBe('received')

    const retry = await SELF.fetch(
      await deliveryRequest(delivery, { idempotencyKey: 'queue-down' }),
    )
    expect(retry.status).toBe(202)
    expect((await deliveryRow('queue-down'))?.status).toBe('queued')
  })
})
