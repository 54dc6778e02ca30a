// The body Sanity sends for our webhook definition (definition.ts: _id, _type, _rev, operation,
// slugBefore, slugAfter) and the headers that identify a delivery, checked with zod so a 400 can
// say exactly what is wrong.
import * as z from 'zod'
import { fail, issueFields } from '../lib/http-errors'
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

/** The delivery's body; anything else fails with 400 malformed_body, naming the fields. */
export function parseWebhookBody(raw: string): WebhookBody {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    fail(400, 'malformed_body', 'The body is not valid JSON.')
  }
  const parsed = webhookBodySchema.safeParse(json)
  if (parsed.success) return parsed.data
  fail(
    400,
    'malformed_body',
    'The body does not match the webhook projection (_id, _type, operation, slugBefore, slugAfter).',
    { fields: issueFields(parsed.error.issues) },
  )
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
