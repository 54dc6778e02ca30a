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
// Compression: a kept page of a compressible type is gzipped once, in the background of the first
// hit from a visitor whose Accept-Encoding allows gzip, and later such hits get those bytes (a
// page is about a fifth of its size gzipped, and sending bytes is most of a hit's cost). A copy
// nobody asks for again (most uncached variants: a search, a filter) is never compressed: a
// 200-event calendar takes about 4 ms to gzip. Compressing once per copy, not per response as
// hono/compress would, is why this is ours.
//
// Freshness: the rebuild and purge paths (save.ts, purge.ts) forget a page the moment it is
// rebuilt or purged in this isolate, so a publish shows at once here. Other isolates cannot be
// told; for them a copy lives at most MEMORY_TTL_MS.
import { parseAccept } from 'hono/utils/accept'
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress'
import { securedResponse, securityHeaderEntries, withSecurityHeaders } from '../security'
import { cacheUrl, requestPageKey } from './policy'
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
/** Below this a page is sent as it is: gzip's framing would eat most of the saving. */
const MIN_COMPRESS_BYTES = 1024

export type HeaderList = [string, string][]

/** What servePage hands over: a finished 200 answer before the security middleware. */
export type KeptPage = { body: Uint8Array; headers: HeaderList; etag: string | null }

// Headers objects, not lists: the runtime copies a Headers natively, whereas a list is converted
// and validated pair by pair on every Response (most of a hit's cost when measured).
type Lists = { full: Headers; notModified: Headers }

type Encoded = { body: Uint8Array; lists: Lists | null }

type Entry = KeptPage & {
  /** Made on the first hit: most kept pages (every uncached variant view) never get one. */
  lists: Lists | null
  /** The gzipped body once compressed, 'pending' while it is (null before, or if never). */
  gzip: Encoded | 'pending' | null
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

function compressible(page: KeptPage): boolean {
  if (page.body.byteLength < MIN_COMPRESS_BYTES) return false
  const type = page.headers.find(([name]) => name === 'content-type')?.[1]
  return type !== undefined && COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type)
}

/**
 * The page's own headers, the source, and the security headers the middleware would add. A
 * compressible page varies with Accept-Encoding whichever encoding this answer has.
 */
function fullList(env: Env, page: KeptPage, source: PageSource): HeaderList {
  const own: HeaderList = [...page.headers, [SOURCE_HEADER, source]]
  if (compressible(page)) own.push(['vary', 'accept-encoding'])
  return withSecurityHeaders(env, own)
}

/**
 * The gzipped answer's headers: the same, with its encoding, and a weak ETag, as its bytes
 * differ from the identity answer's (If-None-Match compares weakly, so either revalidates).
 */
function gzipList(full: HeaderList): HeaderList {
  const list: HeaderList = full.map(([name, value]) =>
    name === 'etag' && !value.startsWith('W/') ? [name, `W/${value}`] : [name, value],
  )
  list.push(['content-encoding', 'gzip'])
  return list
}

const notModifiedList = (full: HeaderList) => full.filter(([name]) => !BODY_HEADERS.has(name))

function headerLists(full: HeaderList): Lists {
  return { full: new Headers(full), notModified: new Headers(notModifiedList(full)) }
}

// Marked secured: the security middleware has nothing left to add. `body` is already encoded
// as the headers say, so the runtime sends it as it is.
function respond(
  request: Request,
  etag: string | null,
  body: Uint8Array,
  headers: (notModified: boolean) => Headers | HeaderList,
): Response {
  if (etagMatches(request.headers.get('if-none-match'), etag)) {
    return securedResponse(new Response(null, { status: 304, headers: headers(true) }))
  }
  const sent = request.method === 'HEAD' ? null : body
  return securedResponse(
    new Response(sent, { status: 200, headers: headers(false), encodeBody: 'manual' }),
  )
}

// Visitors' browsers send one of a few Accept-Encoding values: the last answer is remembered.
let lastAccept: { header: string; gzip: boolean } = { header: '', gzip: false }

/** Whether the request accepts gzip (named, or by `*`, with a q above 0). */
function acceptsGzip(request: Request): boolean {
  const header = request.headers.get('accept-encoding') ?? ''
  if (header === lastAccept.header) return lastAccept.gzip
  const accepts = parseAccept(header)
  const named = accepts.find((a) => a.type.toLowerCase() === 'gzip')
  const gzip = named ? named.q > 0 : accepts.some((a) => a.type === '*' && a.q > 0)
  lastAccept = { header, gzip }
  return gzip
}

async function gzipped(body: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/** The memory (and Cache API) key of a page key: SITE_URL's origin plus the key. */
export function memoryKey(env: Env, pageKey: string): string {
  return cacheUrl(env, pageKey)
}

/** The current generation, to pass to keep() after the lookups that found the page. */
export function memoryGeneration(): number {
  return generation
}

/**
 * The kept answer for `key`, or null (absent, expired, or kept under another configuration). The
 * first hit that accepts gzip hands the copy's compression to `background` (its waitUntil).
 */
export function fromMemory(
  env: Env,
  key: string,
  request: Request,
  background: (work: Promise<unknown>) => void,
): Response | null {
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
  const zipped = entry.gzip
  if (zipped !== 'pending' && (zipped !== null || compressible(entry)) && acceptsGzip(request)) {
    if (zipped === null) {
      compress(key, entry, background)
    } else {
      const lists = (zipped.lists ??= headerLists(gzipList(fullList(env, entry, 'memory'))))
      return respond(request, entry.etag, zipped.body, (notModified) =>
        notModified ? lists.notModified : lists.full,
      )
    }
  }
  const lists = (entry.lists ??= headerLists(fullList(env, entry, 'memory')))
  return respond(request, entry.etag, entry.body, (notModified) =>
    notModified ? lists.notModified : lists.full,
  )
}

function compress(key: string, entry: Entry, background: (work: Promise<unknown>) => void): void {
  entry.gzip = 'pending'
  background(
    gzipped(entry.body).then(
      (body) => {
        // Only onto the same copy: a newer one (or none) means this one was replaced meanwhile.
        if (entries.get(key) !== entry) return
        entry.gzip = { body, lists: null }
        totalBytes += body.byteLength
        evict()
      },
      () => {
        entry.gzip = null
      },
    ),
  )
}

/**
 * The kept answer for a GET or HEAD, looked up before any routing (index.ts): a page is kept only
 * by servePage, which the app reaches for a URL only when no other route claims its path, so a
 * hit here is what routing would have led to, minus the router's and middleware's cost.
 */
export function fromMemoryFirst(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
): Response | null {
  if (entries.size === 0) return null
  const method = request.method
  if (method !== 'GET' && method !== 'HEAD') return null
  return fromMemory(env, memoryKey(env, requestPageKey(request)), request, (work) =>
    ctx.waitUntil(work),
  )
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
  const answer = respond(request, page.etag, page.body, (notModified) => {
    const full = fullList(env, page, source)
    return notModified ? notModifiedList(full) : full
  })
  const bytes = page.body.byteLength + key.length
  if (since !== generation || bytes > MAX_ENTRY_BYTES) return answer
  const old = entries.get(key)
  if (old) drop(key, old)
  const entry: Entry = {
    ...page,
    lists: null,
    gzip: null,
    security: securityHeaderEntries(env),
    expires: Date.now() + MEMORY_TTL_MS,
  }
  entries.set(key, entry)
  totalBytes += bytes
  evict()
  return answer
}

function evict(): void {
  for (const [oldest, entry] of entries) {
    if (entries.size <= MEMORY_MAX_ENTRIES && totalBytes <= MEMORY_MAX_BYTES) break
    drop(oldest, entry)
  }
}

function drop(key: string, entry: Entry): void {
  entries.delete(key)
  const zipped = typeof entry.gzip === 'object' && entry.gzip !== null ? entry.gzip.body : null
  totalBytes -= entry.body.byteLength + (zipped?.byteLength ?? 0) + key.length
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
