// URL safety for anything an editor typed: only web, mail and phone links and site-relative
// paths reach an href, so `javascript:` and `data:` links can never be rendered.

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:'])

/** True for http(s)/mailto/tel URLs and for paths or fragments on this site. */
export function isSafeHref(value: string): boolean {
  const href = value.trim()
  if (href === '') return false
  // Control characters and whitespace inside a scheme are how filters get bypassed.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(href)) return false
  if (href.startsWith('#') || href.startsWith('?')) return true
  // '//host' is protocol-relative: another site, so it must carry a scheme like any other.
  if (href.startsWith('/')) return !href.startsWith('//') && !href.startsWith('/\\')
  try {
    return SAFE_SCHEMES.has(new URL(href).protocol)
  } catch {
    return false
  }
}

/** True for absolute http(s) URLs (websites, quick-exit targets, files). */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value.trim())
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

/** Absolute URL for a site path, for canonical links, Open Graph and JSON-LD. */
export function absoluteUrl(siteUrl: string, path: string): string {
  return new URL(path, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).toString()
}

/** Slugs become path segments, so only URL-safe ones are accepted. */
export function isUrlSafeSlug(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$/.test(value)
}
