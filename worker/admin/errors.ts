// The staff API's error shape, shared with the rest of the API routes:
// `{ error: { code, message, fields? } }`, where the message says what to fix.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'

export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  fields?: Record<string, string>,
) {
  c.header('Cache-Control', 'private, no-store')
  return c.json({ error: { code, message, ...(fields ? { fields } : {}) } }, status)
}

/** Turns zod issues into `{ field: message }` for the 400 answer. */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_'
    fields[key] ??= issue.message
  }
  return fields
}
