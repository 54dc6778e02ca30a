// Hashing and base64url helpers shared by the page store (ETags, "did the body change?") and the
// webhook signature check.
const encoder = new TextEncoder()

export function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let binary = ''
  for (const byte of view) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes base64url or standard base64; null when the text is not base64 at all. */
export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9\-_+/]*={0,2}$/.test(text)) return null
  const normal = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  try {
    const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4))
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
  } catch {
    return null
  }
}

export async function sha256(text: string): Promise<string> {
  return base64url(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
}
