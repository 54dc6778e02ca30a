// Delivers outbox rows: the MAIL_QUEUE consumer handles each committed row promptly, the cron
// flush is the safety net for rows whose queue message was lost or whose retries ran out.
// A row is claimed with a lease in one UPDATE so the two never deliver the same row at once.
import type { MailQueueMessage, OutboxRow } from './message'
import { MailTransportError, transportFor, type TransportDeps } from './transports'

export const MAX_ATTEMPTS = 6
const LEASE_MS = 60_000
const BASE_BACKOFF_S = 30
const MAX_BACKOFF_S = 6 * 60 * 60

/** Seconds to wait after the given failed attempt: 30 s, 1 min, 2 min, 4 min... capped at 6 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(MAX_BACKOFF_S, BASE_BACKOFF_S * 2 ** Math.max(0, attempts - 1))
}

export type DeliveryResult =
  { outcome: 'sent' | 'dead' | 'skipped' } | { outcome: 'retry'; delaySeconds: number }

export async function deliverOutboxRow(
  env: Env,
  id: string,
  deps: TransportDeps = { fetch: (input, init) => fetch(input, init) },
  now: number = Date.now(),
): Promise<DeliveryResult> {
  const row = await env.DB.prepare(
    `UPDATE outbox SET status = 'sending', lease_until = ?2, attempts = attempts + 1
      WHERE id = ?1 AND ((status = 'pending' AND next_attempt_at <= ?3)
                         OR (status = 'sending' AND lease_until < ?3))
      RETURNING *`,
  )
    .bind(id, now + LEASE_MS, now)
    .first<OutboxRow>()
  if (!row) {
    const pending = await env.DB.prepare(
      `SELECT next_attempt_at FROM outbox WHERE id = ? AND status = 'pending'`,
    )
      .bind(id)
      .first<{ next_attempt_at: number }>()
    if (!pending) return { outcome: 'skipped' }
    return { outcome: 'retry', delaySeconds: Math.ceil((pending.next_attempt_at - now) / 1000) }
  }
  try {
    await transportFor(env)(env, row, deps)
  } catch (err) {
    const retryable = !(err instanceof MailTransportError) || err.retryable
    const reason = err instanceof MailTransportError ? err.message : 'transport failed'
    const dead = !retryable || row.attempts >= MAX_ATTEMPTS
    const delay = backoffSeconds(row.attempts)
    await env.DB.prepare(
      `UPDATE outbox SET status = ?2, next_attempt_at = ?3, lease_until = NULL, last_error = ?4
        WHERE id = ?1`,
    )
      .bind(id, dead ? 'dead' : 'pending', now + delay * 1000, reason)
      .run()
    // The kind and id say which message without saying to whom.
    console.warn(
      `mail ${row.kind} ${id} attempt ${row.attempts}: ${reason}${dead ? ' (dead)' : ''}`,
    )
    return dead ? { outcome: 'dead' } : { outcome: 'retry', delaySeconds: delay }
  }
  await env.DB.prepare(
    `UPDATE outbox SET status = 'sent', sent_at = ?2, lease_until = NULL, last_error = NULL
      WHERE id = ?1`,
  )
    .bind(id, Date.now())
    .run()
  return { outcome: 'sent' }
}

function isMailQueueMessage(body: unknown): body is MailQueueMessage {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Record<string, unknown>).outboxId === 'string'
  )
}

export async function handleMailQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    if (!isMailQueueMessage(message.body)) {
      message.ack()
      continue
    }
    try {
      const result = await deliverOutboxRow(env, message.body.outboxId)
      if (result.outcome === 'retry')
        message.retry({ delaySeconds: Math.max(1, result.delaySeconds) })
      else message.ack()
    } catch {
      // D1 itself failed: let the queue try again later; the row is still pending.
      message.retry({ delaySeconds: BASE_BACKOFF_S })
    }
  }
}

/** Cron safety net: every due row, oldest first, a bounded number per run. */
export async function flushOutbox(
  env: Env,
  limit = 50,
  deps?: TransportDeps,
): Promise<{ sent: number; failed: number }> {
  const now = Date.now()
  const { results } = await env.DB.prepare(
    `SELECT id FROM outbox
      WHERE (status = 'pending' AND next_attempt_at <= ?1) OR (status = 'sending' AND lease_until < ?1)
      ORDER BY next_attempt_at LIMIT ?2`,
  )
    .bind(now, limit)
    .all<{ id: string }>()
  let sent = 0
  let failed = 0
  for (const { id } of results) {
    const r = await deliverOutboxRow(env, id, deps, now)
    if (r.outcome === 'sent') sent++
    else if (r.outcome !== 'skipped') failed++
  }
  return { sent, failed }
}
