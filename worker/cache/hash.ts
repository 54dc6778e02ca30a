// Content hashes for the page store (ETags, "did the body change?").
import { base64url } from '../lib/crypto'

const encoder = new TextEncoder()

export async function sha256(text: string): Promise<string> {
  return base64url(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
}
