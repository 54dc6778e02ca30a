// Pluggable delivery: 'dev-mailbox' stores the message in D1 for the /dev/mail page (local
// development and tests); 'http-api' posts JSON to a generic email API (EMAIL_API_URL with a
// bearer EMAIL_API_KEY). A transport throws MailTransportError to ask for a retry or give up.
import { outgoing, type Attachment, type OutboxRow } from './message'

export class MailTransportError extends Error {
  override name = 'MailTransportError'
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message)
  }
}

export type TransportDeps = { fetch: typeof fetch }
export type Transport = (env: Env, row: OutboxRow, deps: TransportDeps) => Promise<void>

function base64Utf8(text: string): string {
  let bin = ''
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b)
  return btoa(bin)
}

/** The dev mailbox's write, so the consumer can put it in the batch that marks the row sent. */
export function mailboxInsert(env: Env, stored: OutboxRow): D1PreparedStatement {
  const row = outgoing(env, stored)
  return env.DB.prepare(
    `INSERT OR IGNORE INTO mailbox (id, outbox_id, from_addr, to_addr, to_norm, subject, text_body,
       html_body, headers, attachments, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  ).bind(
    crypto.randomUUID(),
    row.id,
    row.from,
    row.to_addr,
    row.to_norm,
    row.subject,
    row.text_body,
    row.html_body,
    row.headers,
    row.attachments,
    Date.now(),
  )
}

// Idempotent on the outbox id: a lease that ran out mid-delivery must not show a message twice.
export const devMailbox: Transport = async (env, row) => {
  await mailboxInsert(env, row).run()
}

/**
 * Request: POST EMAIL_API_URL, `Authorization: Bearer EMAIL_API_KEY`, `Idempotency-Key: <outbox
 * id>`, JSON `{from, to: [address], subject, text, html, headers, attachments: [{filename,
 * content_type, content (base64)}]}`. Any 2xx is success; 408, 429 and 5xx are retried; other
 * 4xx mean the message can never be accepted and go straight to the dead letters.
 */
const httpApi: Transport = async (env, stored, deps) => {
  if (!env.EMAIL_API_URL || !env.EMAIL_API_KEY) {
    throw new MailTransportError('EMAIL_API_URL or EMAIL_API_KEY is not set', true)
  }
  const row = outgoing(env, stored)
  const body = {
    from: row.from,
    to: [row.to_addr],
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    headers: JSON.parse(row.headers) as Record<string, string>,
    attachments: (JSON.parse(row.attachments) as Attachment[]).map((a) => ({
      filename: a.filename,
      content_type: a.contentType,
      content: base64Utf8(a.content),
    })),
  }
  let res: Response
  try {
    res = await deps.fetch(env.EMAIL_API_URL, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${env.EMAIL_API_KEY}`,
        'content-type': 'application/json',
        'idempotency-key': row.id,
      },
      body: JSON.stringify(body),
    })
  } catch {
    throw new MailTransportError('email API unreachable', true)
  }
  // The response body may echo the address: only the status is kept.
  await res.body?.cancel()
  if (res.ok) return
  const retryable = res.status === 408 || res.status === 429 || res.status >= 500
  throw new MailTransportError(`email API answered ${res.status}`, retryable)
}

export function transportFor(env: Env): Transport {
  switch (env.EMAIL_TRANSPORT) {
    case 'dev-mailbox':
      return devMailbox
    case 'http-api':
      return httpApi
    default:
      return async () => {
        throw new MailTransportError(`unknown EMAIL_TRANSPORT ${env.EMAIL_TRANSPORT}`, true)
      }
  }
}
