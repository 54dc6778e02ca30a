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

export function contentSecurityPolicy(env: Env): string {
  // Images come from Sanity's CDN, or from the embedded store when running offline.
  const imageHosts = ["'self'", 'data:', 'https://cdn.sanity.io']
  const local = env.SANITY_API_HOST.trim() !== '' ? origin(env.SANITY_API_HOST.trim()) : null
  if (local) imageHosts.push(local)
  const turnstile = env.TURNSTILE_SITE_KEY.trim() !== ''
  const directives = [
    "default-src 'none'",
    `script-src ${turnstile ? TURNSTILE_ORIGIN : "'none'"}`,
    "style-src 'self'",
    `img-src ${imageHosts.join(' ')}`,
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

export const PERMISSIONS_POLICY = [
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

export function securityHeaderValues(env: Env): Record<string, string> {
  return Object.fromEntries(securityHeaderEntries(env))
}

// The headers depend only on configuration, which is fixed for an isolate's life: build them
// once per configuration instead of on every request (the CSP needs a URL parse).
let memo: { key: string; entries: readonly (readonly [string, string])[] } | null = null

function securityHeaderEntries(env: Env): readonly (readonly [string, string])[] {
  const key = `${env.SITE_URL}\n${env.SANITY_API_HOST}\n${env.TURNSTILE_SITE_KEY}`
  if (memo?.key === key) return memo.entries
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
  memo = { key, entries }
  return entries
}

function addMissing(headers: Headers, entries: readonly (readonly [string, string])[]): void {
  for (const [name, value] of entries) {
    if (!headers.has(name)) headers.set(name, value)
  }
}

/** Adds the headers after the route answered; a header a route set itself is left alone. */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
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
