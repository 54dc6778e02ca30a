// Verifies Sanity's `sanity-webhook-signature: t=<unix ms>,v1=<base64url HMAC-SHA256(secret,
// "<t>.<raw body>")>`. The HMAC is checked with crypto.subtle.verify, which compares in constant
// time. The MAC must be spelt as canonical unpadded base64url (one spelling per MAC); the
// timestamp must be within five minutes either way so a captured delivery cannot be replayed
// later (@sanity/webhook checks neither).
import { base64url, fromBase64url, hmacKey } from '../lib/crypto'

export const SIGNATURE_HEADER = 'sanity-webhook-signature'
export const MAX_SKEW_MS = 5 * 60 * 1000

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | {
      ok: false
      code: 'missing_signature' | 'malformed_signature' | 'stale_signature' | 'invalid_signature'
      message: string
    }

type Parsed = { timestamp: number; signatures: Uint8Array[] }

function parseSignatureHeader(header: string): Parsed | null {
  let timestamp: number | null = null
  const signatures: Uint8Array[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) return null
    const name = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (name === 't') {
      if (!/^\d{1,16}$/.test(value)) return null
      timestamp = Number(value)
    } else if (name === 'v1') {
      const bytes = fromBase64url(value)
      if (!bytes || bytes.length !== 32) return null
      // Only the canonical spelling counts: a decoder ignores the last character's unused bits,
      // so without this one MAC would have several accepted spellings (malleable signatures).
      if (base64url(bytes) !== value) return null
      signatures.push(bytes)
    }
    // Other schemes (a future v2) are ignored, as Stripe-style signature headers intend.
  }
  if (timestamp === null || signatures.length === 0) return null
  return { timestamp, signatures }
}

export async function verifySignature(
  header: string | undefined | null,
  rawBody: string,
  secret: string,
  now: number = Date.now(),
): Promise<SignatureCheck> {
  if (!header || header.trim() === '') {
    return {
      ok: false,
      code: 'missing_signature',
      message: `The ${SIGNATURE_HEADER} header is required.`,
    }
  }
  const parsed = parseSignatureHeader(header)
  if (!parsed) {
    return {
      ok: false,
      code: 'malformed_signature',
      message: `The ${SIGNATURE_HEADER} header must look like t=<unix ms>,v1=<base64url HMAC>.`,
    }
  }
  // An empty secret would accept signatures anyone can compute: refuse everything instead.
  if (secret === '') {
    return {
      ok: false,
      code: 'invalid_signature',
      message: 'The webhook secret is not configured.',
    }
  }
  const key = await hmacKey(secret)
  const data = new TextEncoder().encode(`${parsed.timestamp}.${rawBody}`)
  let valid = false
  for (const signature of parsed.signatures) {
    if (await crypto.subtle.verify('HMAC', key, signature, data)) valid = true
  }
  if (!valid) {
    return {
      ok: false,
      code: 'invalid_signature',
      message: 'The signature does not match the body.',
    }
  }
  if (Math.abs(now - parsed.timestamp) > MAX_SKEW_MS) {
    return {
      ok: false,
      code: 'stale_signature',
      message: 'The signature timestamp is more than 5 minutes from now; the delivery is refused.',
    }
  }
  return { ok: true, timestamp: parsed.timestamp }
}
