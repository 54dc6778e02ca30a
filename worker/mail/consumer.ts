// Delivers outbox rows: the MAIL_QUEUE consumer handles each committed row promptly, the cron
// flush is the safety net for rows whose queue message was lost or whose retries ran out.
// A row is claimed with a lease in one UPDATE so the two never deliver the same row at once.
// Rows written with a template (a signup's email) are rendered here, just before delivery, and
// the rendered subject is kept on the row once sent. A queue batch is claimed in one
// UPDATE and its outcomes recorded in one D1 batch, so mail costs few round trips per signup.
import { BadTemplateError, renderedRow } from './deferred'
import { headerValue, mailQueueMessage, type OutboxRow } from './message'
import { mailboxInsert, MailTransportError, transportFor, type TransportDeps } from './transports'

export const MAX_ATTEMPTS = 6
const LEASE_MS = 60_000
const BASE_BACKOFF_S = 30
const MAX_BACKOFF_S = 6 * 60 * 60
/** Rows delivered per D1 round trip by the cron flush. */
const FLUSH_CHUNK = 25

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
  const results = await deliverOutboxRows(env, [id], deps, now)
  return results.get(id) ?? { outcome: 'skipped' }
}

type Settled = { id: string; statements: D1PreparedStatement[]; result: DeliveryResult }

/**
 * Delivers several rows with few D1 round trips: one UPDATE claims them all, each is rendered
 * (if it carries a template) and handed to the transport, and one batch records every outcome.
 * The dev mailbox's write goes in that same batch, so a row is in the mailbox exactly when it is
 * marked sent. Rows not claimed (not due, already sent, leased elsewhere) are reported as such.
 */
async function deliverOutboxRows(
  env: Env,
  ids: string[],
  deps: TransportDeps = { fetch: (input, init) => fetch(input, init) },
  now: number = Date.now(),
): Promise<Map<string, DeliveryResult>> {
  const out = new Map<string, DeliveryResult>()
  if (ids.length === 0) return out
  const list = JSON.stringify(ids)
  const { results: rows } = await env.DB.prepare(
    `UPDATE outbox SET status = 'sending', lease_until = ?2, attempts = attempts + 1
      WHERE id IN (SELECT value FROM json_each(?1))
        AND ((status = 'pending' AND next_attempt_at <= ?3)
             OR (status = 'sending' AND lease_until < ?3))
      RETURNING *`,
  )
    .bind(list, now + LEASE_MS, now)
    .all<OutboxRow>()
  if (rows.length < ids.length) {
    const claimed = new Set(rows.map((r) => r.id))
    const { results: waiting } = await env.DB.prepare(
      `SELECT id, next_attempt_at FROM outbox
        WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'pending'`,
    )
      .bind(list)
      .all<{ id: string; next_attempt_at: number }>()
    const due = new Map(waiting.map((w) => [w.id, w.next_attempt_at]))
    for (const id of ids) {
      if (claimed.has(id)) continue
      const at = due.get(id)
      out.set(
        id,
        at === undefined
          ? { outcome: 'skipped' }
          : { outcome: 'retry', delaySeconds: Math.ceil((at - now) / 1000) },
      )
    }
  }
  const settled: Settled[] = []
  for (const row of rows) settled.push(await deliver(env, row, deps, now))
  if (settled.length > 0) await env.DB.batch(settled.flatMap((s) => s.statements))
  for (const s of settled) out.set(s.id, s.result)
  return out
}

async function deliver(
  env: Env,
  row: OutboxRow,
  deps: TransportDeps,
  now: number,
): Promise<Settled> {
  const statements: D1PreparedStatement[] = []
  let message = row
  try {
    message = await renderedRow(env, row)
    if (env.EMAIL_TRANSPORT === 'dev-mailbox') statements.push(mailboxInsert(env, message))
    else await transportFor(env)(env, message, deps)
  } catch (err) {
    const retryable =
      !(err instanceof BadTemplateError) && (!(err instanceof MailTransportError) || err.retryable)
    const reason =
      err instanceof MailTransportError || err instanceof BadTemplateError
        ? err.message
        : 'transport failed'
    const dead = !retryable || row.attempts >= MAX_ATTEMPTS
    const delay = backoffSeconds(row.attempts)
    // The kind and id say which message without saying to whom.
    console.warn(
      `mail ${row.kind} ${row.id} attempt ${row.attempts}: ${reason}${dead ? ' (dead)' : ''}`,
    )
    return {
      id: row.id,
      statements: [
        env.DB.prepare(
          `UPDATE outbox SET status = ?2, next_attempt_at = ?3, lease_until = NULL, last_error = ?4
            WHERE id = ?1`,
        ).bind(row.id, dead ? 'dead' : 'pending', now + delay * 1000, reason),
      ],
      result: dead ? { outcome: 'dead' } : { outcome: 'retry', delaySeconds: delay },
    }
  }
  // For a rendered template the subject is kept on the row (what the privacy export lists);
  // the bodies are not copied back: they are in the transport's hands, and rewriting kilobytes
  // per message would cost more D1 time than the rendering saved.
  statements.push(
    env.DB.prepare(
      `UPDATE outbox SET status = 'sent', sent_at = ?2, lease_until = NULL, last_error = NULL,
         subject = ?3 WHERE id = ?1`,
    ).bind(row.id, Date.now(), headerValue(message.subject)),
  )
  return { id: row.id, statements, result: { outcome: 'sent' } }
}

export async function handleMailQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const messages: { m: Message<unknown>; outboxId: string }[] = []
  for (const m of batch.messages) {
    const body = mailQueueMessage.safeParse(m.body)
    if (body.success) messages.push({ m, outboxId: body.data.outboxId })
    else m.ack()
  }
  let results: Map<string, DeliveryResult>
  try {
    results = await deliverOutboxRows(
      env,
      messages.map((x) => x.outboxId),
    )
  } catch {
    // D1 itself failed: let the queue try again later; the rows are still pending (or leased).
    for (const { m } of messages) m.retry({ delaySeconds: BASE_BACKOFF_S })
    return
  }
  for (const { m, outboxId } of messages) {
    const result = results.get(outboxId)
    if (result?.outcome === 'retry') m.retry({ delaySeconds: Math.max(1, result.delaySeconds) })
    else m.ack()
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
  for (let i = 0; i < results.length; i += FLUSH_CHUNK) {
    const ids = results.slice(i, i + FLUSH_CHUNK).map((r) => r.id)
    for (const r of (await deliverOutboxRows(env, ids, deps, now)).values()) {
      if (r.outcome === 'sent') sent++
      else if (r.outcome !== 'skipped') failed++
    }
  }
  return { sent, failed }
}
