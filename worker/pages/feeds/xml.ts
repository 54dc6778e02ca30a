// XML text for the sitemap and the Atom feed: escaping plus removal of the characters XML 1.0
// cannot carry at all, so an editor's stray control character never makes a feed unparseable.

// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** `<name>text</name>`, or nothing when there is no text. */
export function element(name: string, text: string | undefined, attrs = ''): string {
  return text === undefined || text === '' ? '' : `<${name}${attrs}>${escapeXml(text)}</${name}>`
}

/** RFC 3339 / W3C datetime in UTC; a bare 'YYYY-MM-DD' date is taken as midnight UTC. */
export function isoDateTime(value: string): string | undefined {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.000Z$/, 'Z')
}

/** The most recent of some datetimes (for <updated> and <lastmod> of aggregates). */
export function latest(values: (string | undefined)[]): string | undefined {
  let best: string | undefined
  let bestMs = -Infinity
  for (const v of values) {
    const iso = v === undefined ? undefined : isoDateTime(v)
    const ms = iso === undefined ? NaN : Date.parse(iso)
    if (iso !== undefined && ms > bestMs) {
      best = iso
      bestMs = ms
    }
  }
  return best
}
