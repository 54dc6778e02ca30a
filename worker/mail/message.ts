// The email outbox: message shape, the statements that write a message in the same D1 batch as
// the signup it belongs to, and the queue hand-off after the batch commits. A row is either
// rendered when written (subject and bodies set) or carries a `template` the consumer renders
// (worker/mail/deferred.ts), so a busy request path does not pay for rendering.
import { normaliseEmail } from '../signups/email-norm'

export type Attachment = { filename: string; contentType: string; content: string }

export type MailMessage = {
  /** What the message is for ('registration-confirmed', 'alert-new-course'...): never personal. */
  kind: string
  to: string
  subject: string
  text: string
  html: string
  headers?: Record<string, string>
  attachments?: Attachment[]
}

export type OutboxRow = {
  id: string
  kind: string
  to_addr: string
  to_norm: string
  subject: string
  text_body: string
  html_body: string
  headers: string
  attachments: string
  /** Set when the consumer renders the message (JSON, worker/mail/deferred.ts); else null. */
  template: string | null
  status: 'pending' | 'sending' | 'sent' | 'dead'
  attempts: number
  next_attempt_at: number
  created_at: number
}

export type MailQueueMessage = { outboxId: string }

const COLUMNS =
  'id, kind, to_addr, to_norm, subject, text_body, html_body, headers, attachments, status, attempts, next_attempt_at, created_at'

/**
 * The columns an INSERT ... SELECT fills for a message the consumer renders: id, kind, to_addr,
 * to_norm, template, next_attempt_at, created_at (subject and bodies are filled on delivery).
 */
export const DEFERRED_COLUMNS =
  'id, kind, to_addr, to_norm, template, subject, text_body, html_body, status, attempts, next_attempt_at, created_at'
export const DEFERRED_CONSTANTS = "'', '', '', 'pending', 0"

function values(id: string, msg: MailMessage, now: number): unknown[] {
  return [
    id,
    msg.kind,
    msg.to,
    normaliseEmail(msg.to),
    msg.subject,
    msg.text,
    msg.html,
    JSON.stringify(msg.headers ?? {}),
    JSON.stringify(msg.attachments ?? []),
    'pending',
    0,
    now,
    now,
  ]
}

/** An unconditional outbox insert, for batching beside the row it belongs to. */
export function outboxInsert(db: D1Database, id: string, msg: MailMessage, now: number) {
  return db
    .prepare(`INSERT INTO outbox (${COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`)
    .bind(...values(id, msg, now))
}

/**
 * An outbox insert that only happens when `existsSql` (a SELECT using `?` placeholders) finds a
 * row when the statement runs: it lets one batch choose the email that matches the outcome an
 * earlier statement of the same batch decided (confirmed vs waitlisted, inserted vs duplicate).
 */
export function outboxInsertIf(
  db: D1Database,
  id: string,
  msg: MailMessage,
  now: number,
  existsSql: string,
  existsParams: unknown[],
) {
  return db
    .prepare(
      `INSERT INTO outbox (${COLUMNS}) SELECT ?,?,?,?,?,?,?,?,?,?,?,?,? WHERE EXISTS (${existsSql})`,
    )
    .bind(...values(id, msg, now), ...existsParams)
}

/**
 * Tells the consumer about committed outbox rows. A failed send is not an error for the caller:
 * the row is safe in D1 and the cron flush delivers it.
 */
export async function notifyMailQueue(env: Env, outboxIds: string[]): Promise<void> {
  if (outboxIds.length === 0) return
  try {
    await env.MAIL_QUEUE.sendBatch(outboxIds.map((outboxId) => ({ body: { outboxId } })))
  } catch {
    console.warn('mail queue unavailable; the cron flush will deliver', outboxIds.length)
  }
}

/** Writes a standalone message (no signup row to share a batch with) and hands it to the queue. */
export async function sendStandalone(env: Env, msg: MailMessage): Promise<void> {
  const id = crypto.randomUUID()
  await outboxInsert(env.DB, id, msg, Date.now()).run()
  await notifyMailQueue(env, [id])
}
