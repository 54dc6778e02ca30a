// Durable idempotency for webhook deliveries. A delivery is recorded, then claimed, then
// enqueued, then marked queued; only the request that wins the claim enqueues, so ten copies of
// one delivery (retries, or the same hook firing twice) produce one rebuild. If the enqueue fails
// the claim is released, the answer is 5xx and Sanity's retry can claim it again.
//
// A delivery is identified by `signedKey`, built from the signed body (signedDeliveryKey), so
// copies of one signed body are one delivery whatever idempotency-key header they carry: that
// header is not signed, and trusting it let a captured delivery rebuild again on every replay.
import type { RebuildMessage } from '../queues/rebuild-messages'

// A claim older than this was abandoned (the worker died mid-request); a retry may take it over.
const CLAIM_TIMEOUT_MS = 60_000

export type Delivery = {
  idempotencyKey: string
  signedKey: string
  transactionId: string
  documentId: string
  operation: string
  message: RebuildMessage
}

/**
 * What the signature covers that makes a delivery distinct: the operation on one revision of one
 * document. Sanity's projection gives a delete the revision it deleted, so the operation is part
 * of the key. A body without a revision falls back to the signed timestamp, so its replays
 * inside the window are still one delivery.
 */
export function signedDeliveryKey(
  body: { _id: string; _rev?: string | null; operation: string },
  signedAt: number,
): string {
  return body._rev
    ? `${body.operation}:${body._id}@${body._rev}`
    : `${body.operation}:${body._id}@t=${signedAt}`
}

/**
 * The idempotency key of the recorded row when this request claimed the delivery and must
 * enqueue it (the first copy's key, which later copies may not share); null for a repeat.
 */
export async function claimDelivery(
  db: D1Database,
  d: Delivery,
  now = new Date(),
): Promise<string | null> {
  const at = now.toISOString()
  const abandoned = new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString()
  const [, claim] = await db.batch([
    db
      .prepare(
        `INSERT INTO webhook_deliveries
           (idempotency_key, signed_key, transaction_id, document_id, operation, message, status,
            received_at)
         VALUES (?, ?, ?, ?, ?, ?, 'received', ?)
         ON CONFLICT DO NOTHING`,
      )
      .bind(
        d.idempotencyKey,
        d.signedKey,
        d.transactionId,
        d.documentId,
        d.operation,
        JSON.stringify(d.message),
        at,
      ),
    db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'enqueuing', claimed_at = ?1
         WHERE signed_key = ?2
           AND (status = 'received' OR (status = 'enqueuing' AND claimed_at < ?3))
         RETURNING idempotency_key`,
      )
      .bind(at, d.signedKey, abandoned),
  ])
  const row = claim?.results[0] as { idempotency_key?: unknown } | undefined
  return typeof row?.idempotency_key === 'string' ? row.idempotency_key : null
}

export async function markQueued(db: D1Database, key: string, now = new Date()): Promise<void> {
  await db
    .prepare(
      `UPDATE webhook_deliveries SET status = 'queued', queued_at = ? WHERE idempotency_key = ?`,
    )
    .bind(now.toISOString(), key)
    .run()
}

export async function releaseClaim(db: D1Database, key: string): Promise<void> {
  await db
    .prepare(
      `UPDATE webhook_deliveries SET status = 'received', claimed_at = NULL WHERE idempotency_key = ?`,
    )
    .bind(key)
    .run()
}

/** Claims an already-recorded delivery (reconciliation re-sending a stuck one). */
export async function reclaimDelivery(
  db: D1Database,
  key: string,
  now = new Date(),
): Promise<boolean> {
  const abandoned = new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString()
  const row = await db
    .prepare(
      `UPDATE webhook_deliveries SET status = 'enqueuing', claimed_at = ?1
       WHERE idempotency_key = ?2
         AND ((status = 'received' AND received_at < ?3) OR (status = 'enqueuing' AND claimed_at < ?3))
       RETURNING idempotency_key`,
    )
    .bind(now.toISOString(), key, abandoned)
    .first()
  return row !== null
}

/** Deliveries recorded but never queued (enqueue failed and Sanity gave up retrying). */
export async function stuckDeliveries(
  db: D1Database,
  now = new Date(),
): Promise<{ idempotencyKey: string; message: string }[]> {
  const abandoned = new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString()
  const { results } = await db
    .prepare(
      `SELECT idempotency_key, message FROM webhook_deliveries
       WHERE (status = 'received' AND received_at < ?1) OR (status = 'enqueuing' AND claimed_at < ?1)
       ORDER BY received_at LIMIT 50`,
    )
    .bind(abandoned)
    .all<{ idempotency_key: string; message: string }>()
  return results.map((r) => ({ idempotencyKey: r.idempotency_key, message: r.message }))
}
