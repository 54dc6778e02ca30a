// Verification of Cloudflare Access JWTs (RS256) with Web Crypto. Kept free of Hono and of any
// network access: the caller supplies the signing keys, so tests can use locally generated ones.

/** One RSA public key as published by Access at /cdn-cgi/access/certs. */
export type RsaJwk = JsonWebKey & { kid?: string; kty: string }

export type AccessClaims = {
  aud: string | string[]
  iss: string
  exp: number
  nbf?: number
  iat?: number
  sub?: string
  email?: string
  /** Service tokens carry their client id here instead of an email. */
  common_name?: string
}

export type VerifyOptions = {
  audience: string
  issuer: string
  /** Looks up the key for a `kid`; `refresh` asks for a fresh key set (key rotation). */
  getKey: (kid: string, refresh: boolean) => Promise<RsaJwk | undefined>
  nowSeconds?: number
  /** Tolerance for clock differences between Access and the worker. */
  skewSeconds?: number
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: string }

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const

export function base64UrlDecode(input: string): Uint8Array<ArrayBuffer> {
  const base64 = input.replace(/-/g, '+').replace(/_/g, '/')
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4)
  const binary = atob(padded)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

export function base64UrlEncode(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let binary = ''
  for (const byte of view) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function parseJson(segment: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(base64UrlDecode(segment)))
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isClaims(value: unknown): value is AccessClaims {
  if (!isRecord(value)) return false
  const audOk =
    typeof value.aud === 'string' ||
    (Array.isArray(value.aud) && value.aud.every((a) => typeof a === 'string'))
  return audOk && typeof value.iss === 'string' && typeof value.exp === 'number'
}

/** Verifies signature and claims; never throws, so a malformed token is just "not valid". */
export async function verifyAccessJwt(token: string, opts: VerifyOptions): Promise<VerifyResult> {
  const parts = token.split('.')
  const [headerPart, payloadPart, signaturePart] = parts
  if (parts.length !== 3 || !headerPart || !payloadPart || !signaturePart) {
    return { ok: false, reason: 'malformed token' }
  }
  const header = parseJson(headerPart)
  // Pinning the algorithm closes the "alg: none" and HS256-with-public-key confusions.
  if (!isRecord(header) || header.alg !== 'RS256' || typeof header.kid !== 'string') {
    return { ok: false, reason: 'unsupported token header' }
  }
  const payload = parseJson(payloadPart)
  if (!isClaims(payload)) return { ok: false, reason: 'malformed claims' }

  let jwk = await opts.getKey(header.kid, false)
  if (!jwk) jwk = await opts.getKey(header.kid, true)
  if (!jwk || jwk.kty !== 'RSA') return { ok: false, reason: 'unknown signing key' }

  let valid = false
  try {
    const key = await crypto.subtle.importKey(
      'jwk',
      { ...jwk, alg: 'RS256', ext: true },
      ALG,
      false,
      ['verify'],
    )
    const data = new TextEncoder().encode(`${headerPart}.${payloadPart}`)
    valid = await crypto.subtle.verify(ALG, key, base64UrlDecode(signaturePart), data)
  } catch {
    valid = false
  }
  if (!valid) return { ok: false, reason: 'bad signature' }

  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000)
  const skew = opts.skewSeconds ?? 60
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud]
  if (!audiences.includes(opts.audience)) return { ok: false, reason: 'wrong audience' }
  if (payload.iss !== opts.issuer) return { ok: false, reason: 'wrong issuer' }
  if (payload.exp + skew < now) return { ok: false, reason: 'expired' }
  if (payload.nbf !== undefined && payload.nbf - skew > now) {
    return { ok: false, reason: 'not yet valid' }
  }
  return { ok: true, claims: payload }
}
