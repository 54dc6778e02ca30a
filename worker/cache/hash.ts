// Content hashes for the page store (ETags, "did the body change?").
import { base64url } from '../lib/crypto'

const encoder = new TextEncoder()

/** SHA-256 of a text (UTF-8), or of parts whose bytes follow one another, base64url. */
export async function sha256(...parts: (string | Uint8Array)[]): Promise<string> {
  const bytes = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p))
  const whole = bytes.length === 1 && bytes[0] ? bytes[0] : concat(bytes)
  return base64url(await crypto.subtle.digest('SHA-256', whole))
}

function concat(parts: Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const p of parts) {
    whole.set(p, at)
    at += p.byteLength
  }
  return whole
}
