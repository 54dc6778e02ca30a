// Request guards shared by every signup route: no caching, body size limit, rate limiting per
// IP and route, CSRF (Origin / Sec-Fetch-Site) for form posts, content-type checks and
// Turnstile verification. Each answers in the caller's language: JSON for the API, HTML pages
// for forms.
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import type { AppEnv } from '../app-env'
import { NO_STORE } from '../lib/http'
import { fail } from '../lib/http-errors'

const BODY_LIMIT_BYTES = 16 * 1024
export const RATE_LIMIT_RETRY_AFTER_S = 60

/** Personal data must never reach a shared cache: every signup answer is private, no-store. */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  if (!c.res.headers.has('cache-control')) c.header('Cache-Control', NO_STORE)
}

/**
 * The body as text, or null when it is over BODY_LIMIT_BYTES whatever Content-Length claims.
 * Hono's bodyLimit is run here rather than mounted on the routes, so a caller can answer the
 * rate limit and the content type before the size.
 */
export async function readLimitedBody(c: Context<AppEnv>): Promise<string | null> {
  let body: string | null = null
  await bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: () => new Response(null, { status: 413 }),
  })(c, async () => {
    body = await c.req.text()
  })
  return body
}

/** ExecutionContext.waitUntil when the request has one; else the work is simply awaited. */
export function deferTo(c: Context<AppEnv>): ((work: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx
    return (work) => ctx.waitUntil(work)
  } catch {
    // Hono throws when the handler was called without an ExecutionContext.
    return undefined
  }
}

export function clientIp(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown'
}

/** True when the caller may go on; the limiter is approximate and per location by design. */
export async function withinRateLimit(c: Context<AppEnv>, route: string): Promise<boolean> {
  try {
    const { success } = await c.env.SIGNUP_LIMITER.limit({ key: `${clientIp(c)}:${route}` })
    return success
  } catch {
    // A limiter outage must not take signups down with it.
    return true
  }
}

const csrfCheck = csrf({
  origin: (origin, c) =>
    origin === new URL(c.req.url).origin || origin === new URL(String(c.env.SITE_URL)).origin,
})

/** Hono's csrf() decision, without letting it answer: the caller renders its own 403 page. */
export async function passesCsrf(c: Context<AppEnv>): Promise<boolean> {
  try {
    await csrfCheck(c, async () => {})
    return true
  } catch {
    return false
  }
}

/**
 * The partner API's checks before its body is parsed, failing in the documented order: 429, then
 * 415, then 413 (the body is read while the limiter answers; it is at most 16 KB). Kept out of
 * the validator, which would read and parse the body before the limit and the type were answered.
 */
export function apiBodyGuard(route: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const json = isJsonContentType(c)
    const [allowed, raw] = await Promise.all([
      withinRateLimit(c, route),
      json ? readLimitedBody(c) : Promise.resolve(null),
    ])
    if (!allowed) {
      fail(
        429,
        'rate_limited',
        'Too many requests from your address. Wait a minute and try again.',
        {
          headers: { 'Retry-After': String(RATE_LIMIT_RETRY_AFTER_S) },
        },
      )
    }
    if (!json) {
      fail(
        415,
        'unsupported_media_type',
        'Send the request body as JSON with Content-Type: application/json.',
      )
    }
    if (raw === null) {
      fail(
        413,
        'payload_too_large',
        'The request body is larger than 16 KB. Shorten the text fields and try again.',
      )
    }
    await next()
  }
}

export function isFormContentType(c: Context<AppEnv>): boolean {
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  return (
    type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')
  )
}

function isJsonContentType(c: Context<AppEnv>): boolean {
  return /^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')
}

export type SiteverifyFetch = (url: string, init: RequestInit) => Promise<Response>
const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify'

/**
 * Turnstile, verified server side when TURNSTILE_SECRET_KEY is set (skipped otherwise). The
 * fetch is injectable so tests exercise this code path without the network.
 */
export async function verifyTurnstile(
  secret: string,
  token: string | undefined,
  ip: string,
  doFetch: SiteverifyFetch = (url, init) => fetch(url, init),
): Promise<boolean> {
  if (!secret) return true
  if (!token) return false
  const body = new FormData()
  body.set('secret', secret)
  body.set('response', token)
  if (ip !== 'unknown') body.set('remoteip', ip)
  try {
    const res = await doFetch(SITEVERIFY_URL, { method: 'POST', body })
    const outcome: unknown = await res.json()
    return (
      typeof outcome === 'object' &&
      outcome !== null &&
      'success' in outcome &&
      outcome.success === true
    )
  } catch {
    return false
  }
}
