// The one place errors and unknown URLs are answered. Pages get an HTML page in the site's
// layout; API-style paths get `{ error: { code, message, fields? } }` (worker/lib/http-errors.ts):
// a handler's own refusal (ApiError) with its code, anything else with a generic one, both never
// cached. An HTTPException carrying its own Response keeps it. Nothing internal reaches the
// visitor (no stack, no exception message for 5xx), and logs carry no personal data: no query
// strings, no request bodies, and emails or long numbers in messages are redacted.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from './app-env'
import { ContentUnavailableError } from './content/client'
import { FALLBACK_SETTINGS } from './content/settings'
import { ApiError, apiErrorResponse } from './lib/http-errors'
import { redact } from './lib/redact'
import { buildNotFoundPage } from './pages/status-pages'
import { renderDocument } from './ui/layout'
import { BadRequestView, ErrorView, NotFoundView } from './pages/views/status'

const JSON_PREFIXES = ['/api/', '/admin/', '/webhooks/']

function wantsJson(pathname: string): boolean {
  return JSON_PREFIXES.some((p) => pathname.startsWith(p) || pathname === p.slice(0, -1))
}

const MESSAGES: Partial<Record<number, [code: string, message: string]>> = {
  400: ['bad_request', 'The request could not be understood. Check it and try again.'],
  401: ['unauthorised', 'You need to sign in to do that.'],
  403: ['forbidden', 'That request was refused. If you used a form, submit it from this website.'],
  404: ['not_found', 'There is nothing at this address.'],
  405: ['method_not_allowed', 'That method is not allowed at this address.'],
  413: ['too_large', 'The request is too large.'],
  415: ['unsupported_media_type', 'Send the request as a form or as JSON.'],
  429: ['too_many_requests', 'Too many requests. Please wait a minute and try again.'],
  503: ['unavailable', 'The service is temporarily unavailable. Please try again in a minute.'],
}
const INTERNAL: [string, string] = [
  'internal_error',
  'Something went wrong on our side. Please try again later.',
]

/** D1 unavailable or failing ("D1_ERROR: …", "D1_EXEC_ERROR: …"): a retry may well succeed. */
function isStorageFailure(err: Error): boolean {
  return /\bD1_[A-Z_]*ERROR\b/.test(err.message)
}

function statusOf(err: Error): ContentfulStatusCode {
  if (err instanceof HTTPException) return err.status as ContentfulStatusCode
  if (err instanceof ContentUnavailableError) return 503
  // Safety net only: routes that write say themselves whether anything was stored.
  if (isStorageFailure(err)) return 503
  return 500
}

async function htmlError(c: Context<AppEnv>, status: ContentfulStatusCode, message: string) {
  const path = new URL(c.req.url).pathname
  const element =
    status >= 500 ? (
      <ErrorView env={c.env} settings={FALLBACK_SETTINGS} path={path} status={status} />
    ) : (
      <BadRequestView env={c.env} settings={FALLBACK_SETTINGS} path={path} message={message} />
    )
  c.header('cache-control', 'no-store')
  return c.html(await renderDocument(element), status)
}

/** The answer with the headers already set on the context (CORS, for one) kept. */
function withContextHeaders(c: Context<AppEnv>, res: Response): Response {
  return c.newResponse(res.body, res)
}

export const onError: ErrorHandler<AppEnv> = async (err, c) => {
  const url = new URL(c.req.url)
  // A refusal the handler chose (bad input, unknown id, rate limited) is an answer, not a fault:
  // it is not logged, and its code, message, fields and headers reach the caller as they are.
  if (err instanceof ApiError) {
    if (wantsJson(url.pathname)) return withContextHeaders(c, err.getResponse())
    for (const [name, value] of Object.entries(err.options.headers ?? {})) c.header(name, value)
    return htmlError(c, err.status, err.message)
  }
  const status = statusOf(err)
  console.error(
    JSON.stringify({
      event: 'request_error',
      status,
      method: c.req.method,
      path: url.pathname,
      error: err.name,
      message: redact(err.message),
    }),
  )
  // An HTTPException built with its own Response (e.g. 401 with WWW-Authenticate) keeps it.
  if (err instanceof HTTPException && err.res) return withContextHeaders(c, err.getResponse())
  const headers: Record<string, string> = status === 503 ? { 'Retry-After': '60' } : {}
  const [code, message] = MESSAGES[status] ?? INTERNAL
  if (wantsJson(url.pathname)) {
    return withContextHeaders(c, apiErrorResponse(status, code, message, { headers }))
  }
  for (const [name, value] of Object.entries(headers)) c.header(name, value)
  return htmlError(c, status, message)
}

export const notFound: NotFoundHandler<AppEnv> = async (c) => {
  const url = new URL(c.req.url)
  if (wantsJson(url.pathname)) {
    const [code, message] = MESSAGES[404] ?? INTERNAL
    return apiErrorResponse(404, code, message)
  }
  let body: string
  try {
    body = (await buildNotFoundPage(c.env, url)).body
  } catch {
    body = await renderDocument(
      <NotFoundView env={c.env} settings={FALLBACK_SETTINGS} path={url.pathname} />,
    )
  }
  c.header('cache-control', 'public, max-age=60')
  return c.html(body, 404)
}
