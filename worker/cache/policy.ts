// How long each kind of response may be kept, which URL a response is cached under, and the
// Cache-Tag values it is tagged with.
// Canonical pages live in KV and are rebuilt on publish, so the edge may keep them a little
// while and serve them stale for a day when the worker errs; query-string variants (filters,
// pagination, search) exist only in the Cache API and so get a short life.

/** Canonical page bodies: rebuilt on publish; other data centres see a change within s-maxage. */
export const PAGE_CACHE_CONTROL =
  'public, max-age=0, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400'
/** Filter, pagination and search variants: built on demand, never written to KV. */
export const VARIANT_CACHE_CONTROL =
  'public, max-age=0, s-maxage=30, stale-while-revalidate=60, stale-if-error=3600'
/** 404 pages, redirects and tombstones: short, so a new document at that URL shows quickly. */
export const MISSING_CACHE_CONTROL = 'public, max-age=0, s-maxage=30, stale-if-error=3600'

// Marketing parameters change nothing on the page; dropping them keeps one cache entry per page.
const IGNORED_PARAMS = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|ref)$/

/** The path plus the meaningful query parameters, sorted: '/courses?format=webinar&page=2'. */
export function pageKey(url: URL): string {
  if (url.search === '') return url.pathname
  const params = [...url.searchParams.entries()]
    .filter(([name, value]) => !IGNORED_PARAMS.test(name) && value !== '')
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)))
  if (params.length === 0) return url.pathname
  return `${url.pathname}?${new URLSearchParams(params).toString()}`
}

// A path URL parsing leaves exactly as written: segments of unreserved characters, none starting
// with a dot (so no '.' or '..' segments), no query, nothing to escape.
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*\/?$/

/** pageKey() of a request's URL; a plain path (the usual page view) is taken as is, unparsed. */
export function pageKeyOf(href: string): string {
  const start = href.indexOf('/', href.indexOf('//') + 2)
  const path = start < 0 ? '' : href.slice(start)
  return PLAIN_PATH.test(path) && path !== '' ? path : pageKey(new URL(href))
}

// A request's page key is asked for before routing (the micro-cache) and again by servePage: a
// variant's key parses and sorts its query, so it is worked out once per request.
const requestKeys = new WeakMap<Request, string>()

/** pageKeyOf() of the request's URL, once per request. */
export function requestPageKey(request: Request): string {
  let key = requestKeys.get(request)
  if (key === undefined) {
    key = pageKeyOf(request.url)
    requestKeys.set(request, key)
  }
  return key
}

export function isVariant(key: string): boolean {
  return key.includes('?')
}

/**
 * The Cache API key for a page. It is built from SITE_URL, not from the request's host, so the
 * rebuild consumer (which has no request) deletes exactly the entries that requests created.
 */
export function cacheRequest(env: Env, key: string): Request {
  return new Request(cacheUrl(env, key), { method: 'GET' })
}

// SITE_URL is fixed for an isolate's life: parse it once, not on every cache lookup.
let siteOrigin: { siteUrl: string; origin: string } | null = null

/** The same URL as cacheRequest's, as a string (the Cache API accepts one for a GET). */
export function cacheUrl(env: Env, key: string): string {
  // A key that is a plain absolute path joins the origin as is; anything else ('//host/...')
  // resolves the way URL does, so both forms always give the same entry.
  if (key.startsWith('/') && !key.startsWith('//') && !key.includes('\\')) {
    if (siteOrigin?.siteUrl !== env.SITE_URL) {
      siteOrigin = { siteUrl: env.SITE_URL, origin: new URL(env.SITE_URL).origin }
    }
    return siteOrigin.origin + key
  }
  return new URL(key, env.SITE_URL).toString()
}

// Tags are how a purge by document reaches every page showing it (purge.ts); the page's headers
// (respond.ts) and the purge must spell a dependency the same way.
const TAG_CHARS = /[^A-Za-z0-9._:-]/g

/** A dependency (document id or `type:` key) as a Cache-Tag value. */
export function cacheTag(dep: string): string {
  return dep.replace(TAG_CHARS, '_')
}

/** Cache-Tag values for a page: its dependencies, limited to characters tags allow. */
export function cacheTags(deps: string[]): string {
  const tags = deps.map(cacheTag).filter((tag) => tag !== '')
  let header = ''
  for (const tag of tags) {
    // Cloudflare reads at most 16 KB of Cache-Tag; a huge list is cut, never sent broken.
    if (header.length + tag.length + 1 > 15_000) break
    header = header === '' ? tag : `${header},${tag}`
  }
  return header
}
