// The checks every HTML form POST goes through, in order: CSRF (Origin / Sec-Fetch-Site),
// content type, rate limit, body size, then parsing, the honeypot and Turnstile. A failed check
// answers with a page a person can act on.
import type { Context } from 'hono'
import type { AppEnv } from '../app-env'
import {
  clientIp,
  isFormContentType,
  passesCsrf,
  RATE_LIMIT_RETRY_AFTER_S,
  readLimitedBody,
  verifyTurnstile,
  withinRateLimit,
} from './guards'
import { COMMON_PAGES, message } from '../ui/page'

export type FormValues = Record<string, string | string[]>
export type FormPost =
  | { ok: true; values: FormValues; honeypot: boolean }
  | { ok: false; response: Response | Promise<Response> }

async function parseForm(c: Context<AppEnv>, body: string): Promise<FormValues> {
  const type = c.req.header('content-type') ?? ''
  const data = type.toLowerCase().startsWith('multipart/form-data')
    ? await new Response(body, { headers: { 'content-type': type } }).formData()
    : new URLSearchParams(body)
  const values: FormValues = {}
  for (const [key, value] of data.entries()) {
    if (typeof value !== 'string') continue
    const prev = values[key]
    values[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value]
  }
  return values
}

export async function formPost(
  c: Context<AppEnv>,
  route: string,
  opts: { turnstile?: boolean } = {},
): Promise<FormPost> {
  const page = (
    p: readonly [string, readonly string[]],
    status: 403 | 413 | 415 | 429 | 400,
    headers?: Record<string, string>,
  ) => ({
    ok: false as const,
    response: message(c, p[0], [...p[1]], status, headers),
  })
  if (!(await passesCsrf(c))) return page(COMMON_PAGES.csrf, 403)
  if (!isFormContentType(c)) return page(COMMON_PAGES.unsupported, 415)
  if (!(await withinRateLimit(c, route))) {
    return page(COMMON_PAGES.rateLimited, 429, { 'Retry-After': String(RATE_LIMIT_RETRY_AFTER_S) })
  }
  const body = await readLimitedBody(c)
  if (body === null) return page(COMMON_PAGES.tooLarge, 413)
  let values: FormValues
  try {
    values = await parseForm(c, body)
  } catch {
    return page(COMMON_PAGES.unsupported, 400)
  }
  const honeypot = one(values, 'website') !== ''
  if (!honeypot && opts.turnstile !== false) {
    const human = await verifyTurnstile(
      c.env.TURNSTILE_SECRET_KEY ?? '',
      one(values, 'cf-turnstile-response') || undefined,
      clientIp(c),
    )
    if (!human) {
      return page(
        [
          'Please try again',
          [
            'We could not confirm that a person sent this form. Please go back, complete the check above the button and submit again.',
          ],
        ],
        403,
      )
    }
  }
  return { ok: true, values, honeypot }
}

/** One string value of a form field (the first when repeated); '' when absent. */
export function one(values: FormValues, key: string): string {
  const v = values[key]
  return (Array.isArray(v) ? v[0] : v) ?? ''
}

export function many(values: FormValues, key: string): string[] {
  const v = values[key]
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

/**
 * The consent box and the version of the consent wording the form showed, as every signup input
 * schema takes them: an unticked box is absent, so the schema's own message names it.
 */
export function consentOf(values: FormValues): {
  consent: true | undefined
  consentVersion: string | undefined
} {
  return {
    consent: one(values, 'consent') === 'yes' ? true : undefined,
    consentVersion: one(values, 'consentVersion') || undefined,
  }
}

/** What the form re-renders with: every text field as typed, never the honeypot. */
export function echo(values: FormValues, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, one(values, k)]))
}
