// POST /webhooks/sanity: Sanity's GROQ-powered webhook. Verifies the signature on the raw body,
// checks the project and dataset, records the delivery durably (D1) and enqueues the rebuild,
// answering 202 at once; the rebuild runs in the queue consumer. Sanity retries a 5xx only twice,
// so a 5xx is answered only when the work could not be recorded; reconciliation catches the rest.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../app-env'
import { fail } from '../lib/http-errors'
import type { RebuildMessage } from '../queues/rebuild-messages'
import { WEBHOOK_PATH } from './definition'
import { claimDelivery, markQueued, releaseClaim, signedDeliveryKey } from './deliveries'
import { parseWebhookBody, toContentChange } from './payload'
import { SIGNATURE_HEADER, verifySignature } from './signature'

// The projection is a handful of fields; anything this large is not from our hook.
const MAX_BODY_BYTES = 64 * 1024

const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => fail(413, 'body_too_large', `The body must be at most ${MAX_BODY_BYTES} bytes.`),
})

// The body is parsed by hand, after the signature (on the raw bytes) and the headers are checked:
// a validator would parse and answer for it before the caller was known to be Sanity.
export const webhooks = new Hono<AppEnv>().post(WEBHOOK_PATH, limit, async (c) => {
  const raw = await c.req.text()

  const check = await verifySignature(
    c.req.header(SIGNATURE_HEADER),
    raw,
    c.env.SANITY_WEBHOOK_SECRET,
  )
  if (!check.ok) fail(401, check.code, check.message)

  const project = c.req.header('sanity-project-id')
  const dataset = c.req.header('sanity-dataset')
  const missing: Record<string, string> = {}
  if (!project) missing['sanity-project-id'] = 'header is required'
  if (!dataset) missing['sanity-dataset'] = 'header is required'
  const key = c.req.header('idempotency-key')
  if (!key) missing['idempotency-key'] = 'header is required'
  if (Object.keys(missing).length > 0 || !key) {
    fail(400, 'missing_headers', 'Sanity webhook headers are missing.', { fields: missing })
  }
  if (project !== c.env.SANITY_PROJECT_ID || dataset !== c.env.SANITY_DATASET) {
    fail(
      403,
      'wrong_dataset',
      `This site publishes project ${c.env.SANITY_PROJECT_ID}, dataset ${c.env.SANITY_DATASET}; the delivery is for ${project}/${dataset}.`,
    )
  }

  const body = parseWebhookBody(raw)
  // The hook's filter excludes drafts; a draft reaching us changes nothing public.
  if (body._id.startsWith('drafts.') || body._id.startsWith('versions.')) {
    return c.json({ accepted: false, ignored: 'drafts never change public pages' }, 200)
  }

  const transactionId = c.req.header('sanity-transaction-id') || key
  const message: RebuildMessage = {
    type: 'documents',
    changes: [toContentChange(body)],
    transactionId,
  }
  const delivery = {
    idempotencyKey: key,
    signedKey: signedDeliveryKey(body, check.timestamp),
    transactionId,
    documentId: body._id,
    operation: body.operation,
    message,
  }

  // The recorded row's idempotency key, which may be an earlier copy's (a retry of a delivery
  // whose enqueue failed): the marks below go to that row.
  let recorded: string | null
  try {
    recorded = await claimDelivery(c.env.DB, delivery)
  } catch (err) {
    console.error('webhook: could not record delivery', err)
    fail(503, 'not_recorded', 'The delivery could not be recorded; please retry.')
  }
  if (recorded === null) {
    return c.json({ accepted: true, duplicate: true, idempotencyKey: key }, 200)
  }

  try {
    await c.env.REBUILD_QUEUE.send(message)
  } catch (err) {
    console.error('webhook: could not enqueue rebuild', err)
    await releaseClaim(c.env.DB, recorded).catch((releaseErr: unknown) =>
      console.error('webhook: could not release claim', releaseErr),
    )
    fail(503, 'not_queued', 'The rebuild could not be queued; please retry.')
  }
  await markQueued(c.env.DB, recorded).catch((err: unknown) =>
    // The work is queued; a missing 'queued' mark only makes reconciliation re-send it later.
    console.error('webhook: could not mark delivery queued', err),
  )
  return c.json({ accepted: true, duplicate: false, idempotencyKey: key, transactionId }, 202)
})
