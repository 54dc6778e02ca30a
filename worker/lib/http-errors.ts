// The API error path: handlers throw (`fail`), and the app's onError (worker/errors.tsx) answers
// with one envelope, `{ error: { code, message, fields? } }`, never stored by a cache. The
// exception also renders itself, so a route group run on its own (as in tests) answers the same.
import type { MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import * as z from 'zod'
import { NO_STORE } from './http'

export type ErrorFields = Record<string, string>

/** The envelope as a schema, so API documents describe the very shape sent. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: 'Stable machine-readable code, e.g. validation_failed.' }),
      message: z.string().meta({ description: 'What went wrong and what to do, for a person.' }),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: 'Per-field messages.' }),
    }),
  })
  .meta({ description: 'Every 4xx/5xx answer of the API.' })

export type ApiErrorBody = z.output<typeof apiErrorSchema>

export type ApiErrorOptions = {
  /** `{ field: message }`, where the message says what to fix. */
  fields?: ErrorFields
  /** Headers the answer needs, such as Retry-After or WWW-Authenticate. */
  headers?: Record<string, string>
}

/** The one envelope; onError and the exception itself both answer through it. */
export function apiErrorResponse(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  opts: ApiErrorOptions = {},
): Response {
  const body: ApiErrorBody = {
    error: { code, message, ...(opts.fields ? { fields: opts.fields } : {}) },
  }
  return Response.json(body, {
    status,
    headers: { 'Cache-Control': NO_STORE, ...opts.headers },
  })
}

/** A refusal the caller can act on: its code and message are the answer, not an internal fault. */
export class ApiError extends HTTPException {
  readonly code: string
  readonly options: ApiErrorOptions

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(status, { message })
    this.name = 'ApiError'
    this.code = code
    this.options = options
  }

  override getResponse(): Response {
    return apiErrorResponse(this.status, this.code, this.message, this.options)
  }
}

export function fail(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  options?: ApiErrorOptions,
): never {
  throw new ApiError(status, code, message, options)
}

/** The key for an issue about the input as a whole (not an object, or a check across fields). */
const WHOLE_INPUT = '_'

/** A validation issue as zod and every Standard Schema validator report it. */
export type ValidationIssue = {
  readonly message: string
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined
}

/**
 * Validation issues as `{ field: message }`, first message per field, keyed by the top-level
 * field the caller sent (an array item's issue goes to its array), so a form can show it by its
 * input.
 */
export function issueFields(issues: readonly ValidationIssue[]): ErrorFields {
  const fields: ErrorFields = {}
  for (const issue of issues) {
    const first = issue.path?.[0]
    const key = typeof first === 'object' ? first.key : first
    fields[key === undefined ? WHOLE_INPUT : String(key)] ??= issue.message
  }
  return fields
}

type ValidationResult = { success: true } | { success: false; error: readonly ValidationIssue[] }

/**
 * A hook for the validator middleware: an invalid input fails with 400, the given code and
 * message, and the fields to correct.
 */
export function invalidInput(code: string, message: string) {
  return (result: ValidationResult): void => {
    if (!result.success) fail(400, code, message, { fields: issueFields(result.error) })
  }
}

/**
 * Runs before validator('json'): a body that is not JSON fails with the route's own code and
 * message rather than the validator's generic 400. The parsed body stays cached for it.
 */
export function parsableJson(code: string, message: string): MiddlewareHandler {
  return async (c, next) => {
    try {
      await c.req.json()
    } catch {
      fail(400, code, message)
    }
    await next()
  }
}
