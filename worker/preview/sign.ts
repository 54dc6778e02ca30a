// Signed, short-lived draft preview links: `/preview?type=&id=&exp=&sig=` where sig is an
// HMAC-SHA256 (PREVIEW_SECRET) over type, id and expiry. Anyone holding a link sees the draft
// until it expires, so links live ten minutes and are minted only by the staff API.
import { base64url, fromBase64url, hmacKey } from '../lib/crypto'

const PREVIEW_TTL_SECONDS = 10 * 60

export type PreviewTarget = { type: string; id: string }

// Newline-separated so no value can be shifted into its neighbour ("a.b"+"c" vs "a"+"b.c").
const payload = (t: PreviewTarget, exp: number) => `preview\n${t.type}\n${t.id}\n${exp}`

async function signPreview(secret: string, target: PreviewTarget, exp: number): Promise<string> {
  const sig = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(secret),
    new TextEncoder().encode(payload(target, exp)),
  )
  return base64url(sig)
}

export async function previewUrl(
  siteUrl: string,
  secret: string,
  target: PreviewTarget,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<{ url: string; expiresAt: string }> {
  const exp = nowSeconds + PREVIEW_TTL_SECONDS
  const url = new URL('/preview', siteUrl)
  url.searchParams.set('type', target.type)
  url.searchParams.set('id', target.id)
  url.searchParams.set('exp', String(exp))
  url.searchParams.set('sig', await signPreview(secret, target, exp))
  return { url: url.toString(), expiresAt: new Date(exp * 1000).toISOString() }
}

export type PreviewCheck =
  { ok: true; target: PreviewTarget } | { ok: false; reason: 'invalid' | 'expired' }

/** Checks a link's signature (constant time, via crypto.subtle.verify) and its expiry. */
export async function verifyPreview(
  secret: string,
  params: { type?: string; id?: string; exp?: string; sig?: string },
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<PreviewCheck> {
  const { type, id, exp, sig } = params
  if (!secret || !type || !id || !exp || !sig || !/^\d{1,12}$/.test(exp))
    return { ok: false, reason: 'invalid' }
  const sigBytes = sig.length === 43 ? fromBase64url(sig) : null
  if (!sigBytes) return { ok: false, reason: 'invalid' }
  const expSeconds = Number(exp)
  const valid = await crypto.subtle.verify(
    'HMAC',
    await hmacKey(secret),
    sigBytes,
    new TextEncoder().encode(payload({ type, id }, expSeconds)),
  )
  if (!valid) return { ok: false, reason: 'invalid' }
  // A link further in the future than one TTL was not minted by us with today's rules.
  if (expSeconds < nowSeconds || expSeconds > nowSeconds + PREVIEW_TTL_SECONDS + 60) {
    return { ok: false, reason: 'expired' }
  }
  return { ok: true, target: { type, id } }
}
