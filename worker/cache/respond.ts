// Responses the cache layer answers itself: stored pages (with ETag and Cache-Control),
// 304 Not Modified, 301 for renamed documents, 410 for removed ones, 503 when a page was never
// built and the content store is down. The 301/410/503 bodies are the site's own pages
// (worker/pages/status-pages.tsx), with its layout and quick-exit control.
import type { StoredPage } from './page-store'
import { cacheTags, MISSING_CACHE_CONTROL } from './policy'

/**
 * Says where a response came from; handy when debugging an edge in production. 'memory' is this
 * isolate's micro-cache (memory.ts), 'edge-cache' the Cache API, 'page-store' KV (or D1 for a
 * redirect or tombstone), 'built' a fresh build.
 */
export const SOURCE_HEADER = 'x-page-source'
export type PageSource = 'memory' | 'edge-cache' | 'page-store' | 'built'

/** The headers of a stored page, as a list (cheaper to hand to a Response than set one by one). */
export function storedPageHeaders(page: StoredPage, cacheControl: string): [string, string][] {
  const headers: [string, string][] = [
    ['content-type', page.contentType],
    ['etag', page.etag],
    ['cache-control', cacheControl],
    ['last-modified', new Date(page.builtAt).toUTCString()],
  ]
  const tags = cacheTags(page.deps)
  if (tags !== '') headers.push(['cache-tag', tags])
  return headers
}

/** `body` is the page's body already encoded, when the caller has it. */
export function storedPageResponse(
  page: StoredPage,
  cacheControl: string,
  body: Uint8Array | string = page.body,
): Response {
  return new Response(body, {
    status: page.status,
    headers: storedPageHeaders(page, cacheControl),
  })
}

/** If-None-Match against an ETag, weak or strong, as a 304 decision needs. */
export function etagMatches(header: string | null, etag: string | null): boolean {
  if (header === null || etag === null) return false
  if (header.trim() === '*') return true
  const weakless = (tag: string) => tag.trim().replace(/^W\//, '')
  return header.split(',').some((tag) => weakless(tag) === weakless(etag))
}

/** Answers 304 when the visitor already has this body; marks where the response came from. */
export function finish(request: Request, response: Response, source: PageSource): Response {
  const headers = new Headers(response.headers)
  headers.set(SOURCE_HEADER, source)
  if (
    response.status === 200 &&
    etagMatches(request.headers.get('if-none-match'), headers.get('etag'))
  ) {
    for (const name of ['content-type', 'content-length', 'cache-tag']) headers.delete(name)
    return new Response(null, { status: 304, headers })
  }
  return new Response(response.body, { status: response.status, headers })
}

const HTML = 'text/html; charset=utf-8'

/** 301 for a renamed document's old URL; `body` is the site's "page moved" page. */
export function redirectResponse(to: string, body: string): Response {
  return new Response(body, {
    status: 301,
    headers: { location: to, 'content-type': HTML, 'cache-control': MISSING_CACHE_CONTROL },
  })
}

/** 410: the page existed and was removed on purpose (unpublished or deleted). */
export function goneResponse(body: string): Response {
  return new Response(body, {
    status: 410,
    headers: { 'content-type': HTML, 'cache-control': MISSING_CACHE_CONTROL },
  })
}

/** Only for a page that was never built while the content store cannot be reached. */
export function unavailableResponse(body: string): Response {
  return new Response(body, {
    status: 503,
    headers: { 'content-type': HTML, 'cache-control': 'no-store', 'retry-after': '60' },
  })
}
