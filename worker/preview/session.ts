// The Presentation tool's way in: the Studio writes a one-hour secret document
// (sanity.previewUrlSecret, as @sanity/preview-url-secret does) and opens
// /preview/enable?sanity-preview-secret=…; the worker finds that secret in the content store with
// its read token and answers with a signed session cookie (HMAC-SHA256 with PREVIEW_SECRET) that
// only /preview/* pages accept. Nobody without a Studio login can write such a document, and a
// forged, expired or missing cookie gets the 403 page.
import { fetchContent } from '../content/client'
import { base64url, fromBase64url, hmacKey } from '../lib/crypto'

export const SESSION_COOKIE = 'safeguard_preview'
/** As long as the Studio's own secret lives (SECRET_TTL in @sanity/preview-url-secret). */
export const SESSION_TTL_SECONDS = 60 * 60

// The query @sanity/preview-url-secret's validatePreviewUrl() runs: a secret the Studio wrote
// within the last hour. Drafts perspective, because the Studio writes it as a draft.
const SECRET_QUERY = `*[_type == "sanity.previewUrlSecret" && secret == $secret
  && dateTime(_updatedAt) > dateTime(now()) - ${SESSION_TTL_SECONDS}][0]{_id}`

export async function isStudioSecret(env: Env, secret: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{8,200}$/.test(secret)) return false
  const found = await fetchContent(env, SECRET_QUERY, { secret }, 'drafts')
  return typeof found === 'object' && found !== null
}

// A different first line from preview links' payload, so neither signature passes for the other.
const payload = (exp: number) => new TextEncoder().encode(`preview-session\n${exp}`)

export async function signSession(secret: string, exp: number): Promise<string> {
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), payload(exp))
  return `${exp}.${base64url(sig)}`
}

export type SessionCheck = { ok: true; exp: number } | { ok: false; reason: 'invalid' | 'expired' }

/** Checks a session cookie's signature (constant time) and its expiry. */
export async function verifySession(
  secret: string,
  value: string | undefined,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<SessionCheck> {
  const m = value ? /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value) : null
  if (!secret || !m?.[1] || !m[2]) return { ok: false, reason: 'invalid' }
  const exp = Number(m[1])
  const mac = fromBase64url(m[2])
  if (!mac) return { ok: false, reason: 'invalid' }
  const valid = await crypto.subtle.verify('HMAC', await hmacKey(secret), mac, payload(exp))
  if (!valid) return { ok: false, reason: 'invalid' }
  if (exp < nowSeconds || exp > nowSeconds + SESSION_TTL_SECONDS + 60) {
    return { ok: false, reason: 'expired' }
  }
  return { ok: true, exp }
}

/**
 * The page path a session should open: the Studio's `sanity-preview-pathname` (with or without
 * the /preview prefix), or the home page. Only same-site paths: never a redirect elsewhere.
 */
export function sessionTarget(pathname: string | undefined): string {
  const raw = pathname ?? '/'
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return '/preview/'
  const path =
    raw === '/preview' || raw.startsWith('/preview/') ? raw.slice('/preview'.length) : raw
  return `/preview${path.startsWith('/') ? path : `/${path}`}`
}
