// Messages the mail consumer renders instead of the request that wrote them. A signup stores the
// facts the email needs (outbox.template, in the shape worker/mail/contracts.ts defines) and
// answers at once; date formatting, link signing and the HTML happen here, off the request
// path. The rendered message is the one the request would have rendered.
import { deferredTemplate } from './contracts'
import type { MailMessage, OutboxRow } from './message'
import { registrantEmail } from './registrant-emails'

/** A template that can never render (bad JSON or shape): retrying would not help. */
export class BadTemplateError extends Error {
  override name = 'BadTemplateError'
}

async function renderTemplate(env: Env, template: string): Promise<MailMessage> {
  let json: unknown
  try {
    json = JSON.parse(template)
  } catch {
    throw new BadTemplateError('template is not JSON')
  }
  const parsed = deferredTemplate.safeParse(json)
  if (!parsed.success) throw new BadTemplateError('template has an unknown shape')
  const t = parsed.data
  return registrantEmail(env, t.kind, t.snapshot, t.who, {
    sequence: t.sequence,
    offerExpiresAt: t.offerExpiresAt ?? undefined,
  })
}

/** The row as a transport needs it: rendered now if it carries a template. */
export async function renderedRow(env: Env, row: OutboxRow): Promise<OutboxRow> {
  if (row.template === null) return row
  const msg = await renderTemplate(env, row.template)
  return {
    ...row,
    subject: msg.subject,
    text_body: msg.text,
    html_body: msg.html,
    headers: JSON.stringify(msg.headers ?? {}),
    attachments: JSON.stringify(msg.attachments ?? []),
  }
}
