// Security headers for every response: a strict Content-Security-Policy (no script at all unless
// Turnstile is configured; styles only from our own hashed stylesheet), HSTS, nosniff, a
// referrer policy that keeps visitors' paths private from other sites, no framing, no powerful
// browser features, and a separate browsing context group.
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env'

const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com'

function origin(url: string): string | null {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

// Images come from Sanity's CDN, or from the embedded store when running offline.
function imageHosts(env: Env): string[] {
  const hosts = ["'self'", 'data:', 'https://cdn.sanity.io']
  const local = env.SANITY_API_HOST.trim() !== '' ? origin(env.SANITY_API_HOST.trim()) : null
  if (local) hosts.push(local)
  return hosts
}

function contentSecurityPolicy(env: Env): string {
  const turnstile = env.TURNSTILE_SITE_KEY.trim() !== ''
  const directives = [
    "default-src 'none'",
    `script-src ${turnstile ? TURNSTILE_ORIGIN : "'none'"}`,
    "style-src 'self'",
    `img-src ${imageHosts(env).join(' ')}`,
    "font-src 'self'",
    `connect-src 'self'${turnstile ? ` ${TURNSTILE_ORIGIN}` : ''}`,
    ...(turnstile ? [`frame-src ${TURNSTILE_ORIGIN}`] : []),
    "manifest-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ]
  if (env.SITE_URL.startsWith('https:')) directives.push('upgrade-insecure-requests')
  return directives.join('; ')
}

/** The Studio's origins (STUDIO_ORIGIN, comma-separated): allowed to call the staff API with
 * credentials and to frame Presentation previews. */
export function studioOrigins(env: Env): string[] {
  return (env.STUDIO_ORIGIN ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean)
}

/**
 * The policy of Presentation preview pages (/preview/*, never public or cached): our own
 * visual-editing script, the inline styles its overlay injects, and framing by the Studio's
 * origins only. Everything else stays as strict as on public pages.
 */
export function previewContentSecurityPolicy(env: Env): string {
  const origins = studioOrigins(env)
  const framers = origins.length > 0 ? origins.join(' ') : "'none'"
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src ${imageHosts(env).join(' ')}`,
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    `frame-ancestors ${framers}`,
    "base-uri 'none'",
  ].join('; ')
}

const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
].join(', ')

export type HeaderEntries = readonly (readonly [string, string])[]

// The headers depend only on configuration, which is fixed for an isolate's life: build them
// once per configuration instead of on every request (the CSP needs a URL parse). Workers pass
// the same env object to every request, so that is checked first; the key catches tests that
// pass an env of their own.
let memo: { env: Env; key: string; entries: HeaderEntries } | null = null

/** The security headers for this configuration: the same array while it is unchanged. */
export function securityHeaderEntries(env: Env): HeaderEntries {
  if (memo?.env === env) return memo.entries
  const key = `${env.SITE_URL}\n${env.SANITY_API_HOST}\n${env.TURNSTILE_SITE_KEY}`
  if (memo?.key === key) {
    memo = { env, key, entries: memo.entries }
    return memo.entries
  }
  const entries = Object.entries({
    'content-security-policy': contentSecurityPolicy(env),
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    // 'same-origin' rather than 'no-referrer': the latter makes browsers send `Origin: null`
    // on form posts, which the CSRF check must reject.
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'permissions-policy': PERMISSIONS_POLICY,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  })
  memo = { env, key, entries }
  return entries
}

/**
 * A route's own headers plus the security headers it does not set itself: what the middleware
 * would leave on the response. For answers prepared once and sent many times (the micro-cache,
 * the stylesheet), built into the Response with securedResponse().
 */
export function withSecurityHeaders(env: Env, own: HeaderEntries): [string, string][] {
  const names = new Set(own.map(([name]) => name.toLowerCase()))
  return [
    ...own.map(([name, value]): [string, string] => [name, value]),
    ...securityHeaderEntries(env)
      .filter(([name]) => !names.has(name))
      .map(([name, value]): [string, string] => [name, value]),
  ]
}

// Responses whose headers already went through withSecurityHeaders(): the middleware leaves
// them alone instead of checking each header again.
const secured = new WeakSet<Response>()

/** Marks a response built with withSecurityHeaders() headers as complete. */
export function securedResponse(response: Response): Response {
  secured.add(response)
  return response
}

const prepared = new WeakMap<HeaderEntries, { security: HeaderEntries; headers: Headers }>()

/**
 * withSecurityHeaders() as a Headers object, made once per configuration for a constant `own`
 * list. A Response copies a Headers object natively, which costs far less than converting a list
 * pair by pair on every request; the Response gets its own copy, so this one stays unchanged.
 */
export function preparedHeaders(env: Env, own: HeaderEntries): Headers {
  const security = securityHeaderEntries(env)
  const made = prepared.get(own)
  if (made?.security === security) return made.headers
  const headers = new Headers(withSecurityHeaders(env, own))
  prepared.set(own, { security, headers })
  return headers
}

function addMissing(headers: Headers, entries: HeaderEntries): void {
  for (const [name, value] of entries) {
    if (!headers.has(name)) headers.set(name, value)
  }
}

/** Adds the headers after the route answered; a header a route set itself is left alone. */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  if (secured.has(c.res)) return
  const entries = securityHeaderEntries(c.env)
  try {
    addMissing(c.res.headers, entries)
  } catch {
    // A response straight from fetch() or the Cache API has immutable headers: copy it (only
    // then; the page cache hands over responses it built itself, whose headers can be set).
    c.res = new Response(c.res.body, c.res)
    addMissing(c.res.headers, entries)
  }
}
