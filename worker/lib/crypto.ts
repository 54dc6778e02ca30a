// Base64url and HMAC-SHA256 keys for everything the worker signs or checks: emailed links,
// preview links, Sanity webhook deliveries and content hashes.
const encoder = new TextEncoder()

/** Unpadded base64url (RFC 4648 §5): the spelling used in URLs, tokens, signatures and ETags. */
export function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let binary = ''
  for (const byte of view) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes unpadded base64url; null when the text is not base64url at all. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  const normal = text.replace(/-/g, '+').replace(/_/g, '/')
  try {
    const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4))
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
  } catch {
    return null
  }
}

// Importing a key costs more than the HMAC itself; each secret is imported once per isolate.
const hmacKeys = new Map<string, Promise<CryptoKey>>()

/** An HMAC-SHA256 key for signing and verifying; crypto.subtle.verify compares in constant time. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
    hmacKeys.set(secret, key)
  }
  return key
}
