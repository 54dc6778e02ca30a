// Signed, expiring tokens for the links we email (cancel a place, claim an offer, confirm a
// signature or an alert, unsubscribe, privacy export/erasure). HMAC-SHA256 with LINK_SECRET over
// a small JSON payload; the purpose is inside the signature so a token for one action can never
// be replayed against another.
import { base64url, fromBase64url, hmacKey } from './crypto'

export type LinkPurpose =
  | 'registration-cancel'
  | 'registration-claim'
  | 'signature-confirm'
  | 'alert-confirm'
  | 'alert-unsubscribe'
  | 'privacy'
  | 'certificate'
  | 'feedback'
  | 'bookings'

export type LinkClaims = {
  purpose: LinkPurpose
  /** What the link acts on: a row id, or for privacy links the address it was sent to. */
  subject: string
  /** Unix milliseconds after which the link is refused; absent = does not expire. */
  expiresAt?: number
}

export type VerifyResult =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'wrong-purpose' | 'expired' }

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function linkKey(secret: string): Promise<CryptoKey> {
  if (secret.length < 16) throw new Error('LINK_SECRET must be at least 16 characters')
  return hmacKey(secret)
}

export async function signLink(secret: string, claims: LinkClaims): Promise<string> {
  const payload = base64url(
    encoder.encode(JSON.stringify({ p: claims.purpose, s: claims.subject, e: claims.expiresAt })),
  )
  const sig = await crypto.subtle.sign('HMAC', await linkKey(secret), encoder.encode(payload))
  return `${payload}.${base64url(sig)}`
}

// crypto.subtle.verify compares in constant time, so a forged token learns nothing from timing.
export async function verifyLink(
  secret: string,
  token: string,
  purpose: LinkPurpose,
  now: number = Date.now(),
): Promise<VerifyResult> {
  const [payload, sig, extra] = token.split('.')
  if (!payload || !sig || extra !== undefined || token.length > 2048) {
    return { ok: false, reason: 'malformed' }
  }
  const sigBytes = fromBase64url(sig)
  const payloadBytes = fromBase64url(payload)
  if (!sigBytes || !payloadBytes) return { ok: false, reason: 'malformed' }
  const valid = await crypto.subtle.verify(
    'HMAC',
    await linkKey(secret),
    sigBytes,
    encoder.encode(payload),
  )
  if (!valid) return { ok: false, reason: 'bad-signature' }
  let parsed: unknown
  try {
    parsed = JSON.parse(decoder.decode(payloadBytes))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, reason: 'malformed' }
  const { p, s, e } = parsed as Record<string, unknown>
  if (typeof s !== 'string' || (e !== undefined && typeof e !== 'number')) {
    return { ok: false, reason: 'malformed' }
  }
  if (p !== purpose) return { ok: false, reason: 'wrong-purpose' }
  if (typeof e === 'number' && now > e) return { ok: false, reason: 'expired' }
  return {
    ok: true,
    claims: { purpose, subject: s, ...(typeof e === 'number' ? { expiresAt: e } : {}) },
  }
}

/** An absolute URL for an emailed link, built from SITE_URL. */
export async function signedUrl(env: Env, path: string, claims: LinkClaims): Promise<string> {
  const url = new URL(path, env.SITE_URL)
  url.searchParams.set('token', await signLink(env.LINK_SECRET, claims))
  return url.toString()
}
