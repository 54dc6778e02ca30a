// The body Sanity sends for our webhook definition (definition.ts: _id, _type, _rev, operation,
// slugBefore, slugAfter) and the headers that identify a delivery, checked with zod so a 400 can
// say exactly what is wrong.
import { z } from 'zod'
import type { ContentChange } from '../queues/rebuild-messages'
import { CONTENT_OPERATIONS } from '../queues/rebuild-messages'

const webhookBodySchema = z.object({
  _id: z.string().min(1, 'must be a document id'),
  _type: z.string().min(1, 'must be a document type'),
  _rev: z.string().nullish(),
  operation: z.enum(CONTENT_OPERATIONS, { error: 'must be create, update or delete' }),
  slugBefore: z.string().nullish(),
  slugAfter: z.string().nullish(),
})

export type WebhookBody = z.infer<typeof webhookBodySchema>

export type ParsedBody =
  { ok: true; body: WebhookBody } | { ok: false; message: string; fields?: Record<string, string> }

export function parseWebhookBody(raw: string): ParsedBody {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return { ok: false, message: 'The body is not valid JSON.' }
  }
  const parsed = webhookBodySchema.safeParse(json)
  if (parsed.success) return { ok: true, body: parsed.data }
  const fields: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    const field = issue.path.join('.') || 'body'
    fields[field] ??= issue.message
  }
  return {
    ok: false,
    message:
      'The body does not match the webhook projection (_id, _type, operation, slugBefore, slugAfter).',
    fields,
  }
}

export function toContentChange(body: WebhookBody): ContentChange {
  return {
    id: body._id,
    type: body._type,
    operation: body.operation,
    slugBefore: body.slugBefore ?? null,
    slugAfter: body.slugAfter ?? null,
    ...(body._rev ? { rev: body._rev } : {}),
  }
}
