// The one stylesheet, served at a URL that carries a hash of its content so it can be cached
// forever (immutable): a changed stylesheet gets a new URL, and pages point at the new one.
import { CSS_BASE } from './css-base'
import { CSS_COMPONENTS } from './css-components'

export const SITE_CSS = `${CSS_BASE}${CSS_COMPONENTS}`.replace(/\n\s*\n/g, '\n').trim()

// FNV-1a: a content fingerprint for cache busting, not a security measure.
function fingerprint(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}

export const STYLESHEET_PATH = `/assets/site.${fingerprint(SITE_CSS)}.css`
