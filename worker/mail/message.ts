// The email outbox: message shape, the statements that write a message in the same D1 batch as
// the signup it belongs to, and the queue hand-off after the batch commits. A row is either
// rendered when written (subject and bodies set) or carries a `template` the consumer renders
// (worker/mail/deferred.ts), so a busy request path does not pay for rendering.
import * as z from 'zod'
import { normaliseEmail } from '../lib/email-norm'

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
  /**
   * Set when the message repeats what the person was already told, to the item it is about
   * (a course session, a campaign): written only if no repeat of the same kind about the same
   * item went to the same address within REPEAT_WINDOW_MS. Never set on a flow's first email.
   */
  repeatItem?: string
}

/** At most one repeat notification of a kind, per recipient and item, in this window. */
export const REPEAT_WINDOW_MS = 60 * 60 * 1000

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

/** What the mail queue carries: the outbox row to deliver. */
export const mailQueueMessage = z.object({ outboxId: z.string() })

// C0 controls (CR, LF, NUL, TAB...), DEL, C1 controls (NEL...) and the Unicode line and paragraph
// separators: any of them in a header value can end the header early or start a new one.
const HEADER_BREAKERS = /\s*[\u0000-\u001f\u007f-\u009f\u2028\u2029]+\s*/g
/** An RFC 5322 field name: printable ASCII without a colon. */
const HEADER_NAME = /^[!-9;-~]+$/

/**
 * A header value as it may leave the mail layer: every run of control characters (with the
 * spaces around it) becomes one space, so a title with a line break in it reads as one line
 * and can never add a header of its own.
 */
export function headerValue(value: string): string {
  return value.replace(HEADER_BREAKERS, ' ').trim()
}

/**
 * The outbox row as a transport may hand it on: every value that ends up in a header (From,
 * To, Subject, the extra headers, attachment names and types) made safe by headerValue, and
 * extra headers with an impossible name dropped. Every transport calls this, and the consumer
 * stores the subject it returns, so no message of any kind skips it.
 */
export function outgoing(env: Env, row: OutboxRow): OutboxRow & { from: string } {
  const headers: Record<string, string> = {}
  const parsed: unknown = JSON.parse(row.headers)
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (HEADER_NAME.test(name) && typeof value === 'string') headers[name] = headerValue(value)
    }
  }
  const list: unknown = JSON.parse(row.attachments)
  const attachments = (Array.isArray(list) ? (list as Attachment[]) : []).map((a) => ({
    filename: headerValue(a.filename),
    contentType: headerValue(a.contentType),
    content: a.content,
  }))
  return {
    ...row,
    from: headerValue(env.MAIL_FROM),
    to_addr: headerValue(row.to_addr),
    subject: headerValue(row.subject),
    headers: JSON.stringify(headers),
    attachments: JSON.stringify(attachments),
  }
}

const COLUMNS =
  'id, kind, to_addr, to_norm, subject, text_body, html_body, headers, attachments, status, attempts, next_attempt_at, created_at, repeat_item'
const PLACEHOLDERS = COLUMNS.split(',')
  .map(() => '?')
  .join(',')

/**
 * The columns an INSERT ... SELECT fills for a message the consumer renders: id, kind, to_addr,
 * to_norm, template, next_attempt_at, created_at (subject and bodies are filled on delivery).
 */
export const DEFERRED_COLUMNS =
  'id, kind, to_addr, to_norm, template, subject, text_body, html_body, status, attempts, next_attempt_at, created_at, repeat_item'
export const DEFERRED_CONSTANTS = "'', '', '', 'pending', 0"

/**
 * An SQL condition, true when a repeat notification may be written: no outbox row of the same
 * kind about the same item went to the same normalised address within REPEAT_WINDOW_MS of
 * `now`. The arguments are SQL expressions, so a statement can pass its own columns or
 * placeholders. The outbox_repeats index serves it.
 */
export function repeatAllowedSql(toNorm: string, kind: string, item: string, now: string): string {
  return `NOT EXISTS (SELECT 1 FROM outbox prior WHERE prior.to_norm = ${toNorm}
            AND prior.repeat_item = ${item} AND prior.kind = ${kind}
            AND prior.created_at > ${now} - ${REPEAT_WINDOW_MS})`
}

/** The condition a message's own insert adds: none for a message that is not a repeat. */
function repeatGuard(msg: MailMessage, now: number): { sql: string; params: unknown[] } {
  if (msg.repeatItem === undefined) return { sql: '', params: [] }
  return {
    sql: ` AND ${repeatAllowedSql('?', '?', '?', '?')}`,
    params: [normaliseEmail(msg.to), msg.repeatItem, msg.kind, now],
  }
}

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
    msg.repeatItem ?? null,
  ]
}

/**
 * An outbox insert, for batching beside the row it belongs to: unconditional, except that a
 * repeat notification (msg.repeatItem) is skipped while the cap holds.
 */
export function outboxInsert(db: D1Database, id: string, msg: MailMessage, now: number) {
  const repeat = repeatGuard(msg, now)
  return db
    .prepare(`INSERT INTO outbox (${COLUMNS}) SELECT ${PLACEHOLDERS} WHERE true${repeat.sql}`)
    .bind(...values(id, msg, now), ...repeat.params)
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
  const repeat = repeatGuard(msg, now)
  return db
    .prepare(
      `INSERT INTO outbox (${COLUMNS}) SELECT ${PLACEHOLDERS} WHERE EXISTS (${existsSql})${repeat.sql}`,
    )
    .bind(...values(id, msg, now), ...existsParams, ...repeat.params)
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
