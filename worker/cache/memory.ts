// The micro-cache: this isolate's own copy of the public pages it served in the last second, in
// front of the Cache API. A hit is answered from memory with headers prepared when the page was
// kept (security headers included), so it costs one Map lookup and one Response. Locally the
// Cache API is Miniflare's cache service (a round trip out of the isolate per lookup), and in
// production it is still an I/O wait; at a busy page's request rate nearly every hit is served
// from here instead.
//
// Only 200 answers of servePage (worker/pages/serve.ts) are kept: public pages that anyone may
// see, never a signup, staff or preview response, which never pass through servePage. 404s are
// left out so that a crawler of made-up URLs cannot evict real pages.
//
// Freshness: the rebuild and purge paths (save.ts, purge.ts) forget a page the moment it is
// rebuilt or purged in this isolate, so a publish shows at once here. Other isolates cannot be
// told; for them a copy lives at most MEMORY_TTL_MS.
import { securedResponse, securityHeaderEntries, withSecurityHeaders } from '../security'
import { cacheUrl, pageKeyOf } from './policy'
import { etagMatches, SOURCE_HEADER, type PageSource } from './respond'

/**
 * How long a copy may be served. It bounds the staleness an isolate that did not run the rebuild
 * adds after a publish (on top of the edge cache's own), while at a hundred requests a second for
 * a page 99 of them are still answered from memory. Keep it far below s-maxage (policy.ts).
 */
const MEMORY_TTL_MS = 1_000
/** Bounds on what one isolate keeps (Workers give an isolate 128 MB). */
const MEMORY_MAX_ENTRIES = 256
const MEMORY_MAX_BYTES = 8 * 1024 * 1024
/** A page larger than this is served, never kept: it would push out many others. */
const MAX_ENTRY_BYTES = 1024 * 1024

export type HeaderList = [string, string][]

/** What servePage hands over: a finished 200 answer before the security middleware. */
export type KeptPage = { body: Uint8Array; headers: HeaderList; etag: string | null }

// Headers objects, not lists: the runtime copies a Headers natively, whereas a list is converted
// and validated pair by pair on every Response (most of a hit's cost when measured).
type Lists = { full: Headers; notModified: Headers }

type Entry = KeptPage & {
  /** Made on the first hit: most kept pages (every uncached variant view) never get one. */
  lists: Lists | null
  expires: number
  /** The security headers the lists are made with (one array per configuration). */
  security: ReturnType<typeof securityHeaderEntries>
}

// A Map iterates in insertion order: the first key is the least recently used one.
const entries = new Map<string, Entry>()
let totalBytes = 0
// Bumped by every forget(); a lookup that started before a forget must not keep what it found.
let generation = 0

// A 304 has no body: the headers describing one go.
const BODY_HEADERS = new Set(['content-type', 'content-length', 'cache-tag'])

/** The page's own headers, the source, and the security headers the middleware would add. */
function fullList(env: Env, page: KeptPage, source: PageSource): HeaderList {
  return withSecurityHeaders(env, [...page.headers, [SOURCE_HEADER, source]])
}

const notModifiedList = (full: HeaderList) => full.filter(([name]) => !BODY_HEADERS.has(name))

function headerLists(env: Env, page: KeptPage, source: PageSource): Lists {
  const full = fullList(env, page, source)
  return { full: new Headers(full), notModified: new Headers(notModifiedList(full)) }
}

// Marked secured: the security middleware has nothing left to add.
function respond(
  request: Request,
  page: KeptPage,
  headers: (notModified: boolean) => Headers | HeaderList,
): Response {
  if (etagMatches(request.headers.get('if-none-match'), page.etag)) {
    return securedResponse(new Response(null, { status: 304, headers: headers(true) }))
  }
  const body = request.method === 'HEAD' ? null : page.body
  return securedResponse(new Response(body, { status: 200, headers: headers(false) }))
}

/** The memory (and Cache API) key of a page key: SITE_URL's origin plus the key. */
export function memoryKey(env: Env, pageKey: string): string {
  return cacheUrl(env, pageKey)
}

/** The current generation, to pass to keep() after the lookups that found the page. */
export function memoryGeneration(): number {
  return generation
}

/** The kept answer for `key`, or null (absent, expired, or kept under another configuration). */
export function fromMemory(env: Env, key: string, request: Request): Response | null {
  const entry = entries.get(key)
  if (!entry) return null
  if (entry.expires <= Date.now()) {
    drop(key, entry)
    return null
  }
  if (entry.security !== securityHeaderEntries(env)) return null
  // Most recently used goes last.
  entries.delete(key)
  entries.set(key, entry)
  const lists = (entry.lists ??= headerLists(env, entry, 'memory'))
  return respond(request, entry, (notModified) => (notModified ? lists.notModified : lists.full))
}

/**
 * The kept answer for a GET or HEAD, looked up before any routing (index.ts): a page is kept only
 * by servePage, which the app reaches for a URL only when no other route claims its path, so a
 * hit here is what routing would have led to, minus the router's and middleware's cost.
 */
export function fromMemoryFirst(request: Request, env: Env): Response | null {
  if (entries.size === 0) return null
  const method = request.method
  if (method !== 'GET' && method !== 'HEAD') return null
  return fromMemory(env, memoryKey(env, pageKeyOf(request.url)), request)
}

/**
 * Answers `request` with `page` (which came from `source`) and keeps a copy, unless the page was
 * forgotten since `since` (a rebuild raced this request) or is too large.
 */
export function keep(
  env: Env,
  key: string,
  request: Request,
  page: KeptPage,
  source: Exclude<PageSource, 'memory'>,
  since: number,
): Response {
  // Only the headers this answer needs; a later hit makes the copy's own (lists: null).
  const answer = respond(request, page, (notModified) => {
    const full = fullList(env, page, source)
    return notModified ? notModifiedList(full) : full
  })
  const bytes = page.body.byteLength + key.length
  if (since !== generation || bytes > MAX_ENTRY_BYTES) return answer
  const old = entries.get(key)
  if (old) drop(key, old)
  entries.set(key, {
    ...page,
    lists: null,
    security: securityHeaderEntries(env),
    expires: Date.now() + MEMORY_TTL_MS,
  })
  totalBytes += bytes
  for (const [oldest, entry] of entries) {
    if (entries.size <= MEMORY_MAX_ENTRIES && totalBytes <= MEMORY_MAX_BYTES) break
    drop(oldest, entry)
  }
  return answer
}

function drop(key: string, entry: Entry): void {
  entries.delete(key)
  totalBytes -= entry.body.byteLength + key.length
}

/** Forgets pages in this isolate (rebuilt, removed or purged), and fences lookups in flight. */
export function forget(env: Env, pageKeys: string[]): void {
  generation++
  for (const pageKey of pageKeys) {
    const key = memoryKey(env, pageKey)
    const entry = entries.get(key)
    if (entry) drop(key, entry)
  }
}
