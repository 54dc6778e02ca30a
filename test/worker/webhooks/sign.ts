// Signs test deliveries exactly as Sanity does: `t=<unix ms>,v1=<base64url HMAC-SHA256(secret,
// "<t>.<raw body>")>`, plus the headers Sanity sends with every delivery.
import { env } from 'cloudflare:test'

/** A delivery for a contact's update, as the webhook's projection sends it. */
export const contactDelivery: DeliveryBody = {
  _id: 'contact.webhook-test',
  _type: 'contact',
  _rev: 'rev-1',
  operation: 'update',
  slugBefore: null,
  slugAfter: null,
}

/** The base64url HMAC-SHA256 of `text` under `secret`: the `v1` part of a signature. */
export async function mac(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)))
  let bin = ''
  for (const b of sig) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export async function signatureFor(
  body: string,
  secret: string,
  timestamp = Date.now(),
): Promise<string> {
  return `t=${timestamp},v1=${await mac(secret, `${timestamp}.${body}`)}`
}

export type DeliveryBody = {
  _id: string
  _type: string
  _rev?: string
  operation: 'create' | 'update' | 'delete'
  slugBefore?: string | null
  slugAfter?: string | null
}

export type DeliveryOptions = {
  secret?: string
  timestamp?: number
  idempotencyKey?: string
  transactionId?: string
  projectId?: string
  dataset?: string
  /** Replaces the signature header; null leaves it out. */
  signature?: string | null
}

/** A Request for POST /webhooks/sanity carrying `body`, signed unless told otherwise. */
export async function deliveryRequest(
  body: DeliveryBody | string,
  opts: DeliveryOptions = {},
): Promise<Request> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body)
  const transactionId = opts.transactionId ?? crypto.randomUUID()
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': opts.idempotencyKey ?? `test-hook-${transactionId}`,
    'sanity-transaction-id': transactionId,
    'sanity-transaction-time': new Date().toISOString(),
    'sanity-project-id': opts.projectId ?? env.SANITY_PROJECT_ID,
    'sanity-dataset': opts.dataset ?? env.SANITY_DATASET,
    'sanity-webhook-id': 'test-hook',
  }
  if (typeof body !== 'string') {
    headers['sanity-document-id'] = body._id
    headers['sanity-operation'] = body.operation
  }
  if (opts.signature !== null) {
    headers['sanity-webhook-signature'] =
      opts.signature ??
      (await signatureFor(raw, opts.secret ?? env.SANITY_WEBHOOK_SECRET, opts.timestamp))
  }
  return new Request('https://example.com/webhooks/sanity', { method: 'POST', headers, body: raw })
}
