// Serving public pages: this isolate's micro-cache (worker/cache/memory.ts), the Cache API (per
// data centre), then the KV page store, then a build through buildPage (./build.ts), and only when
// that finds no document, the redirects and tombstones in D1. A built canonical page goes to KV
// and the Cache API; a query-string variant to the Cache API only.
// Nothing that was built before depends on the content store being up: a stored page is served
// from KV even when every content request would fail. Here rather than in worker/cache because
// it builds on a miss: worker/cache keeps pages and never builds them.
import type { Context } from 'hono'
import type { AppEnv } from '../app-env'
import { buildGonePage, buildMovedPage, buildPage, buildUnavailablePage } from './build'
import { fromMemory, keep, memoryGeneration, memoryKey, type KeptPage } from '../cache/memory'
import { findMoved } from '../cache/moved'
import { getStoredPage, type StoredPage } from '../cache/page-store'
import {
  cacheRequest,
  isVariant,
  MISSING_CACHE_CONTROL,
  PAGE_CACHE_CONTROL,
  pageKey,
  requestPageKey,
  VARIANT_CACHE_CONTROL,
} from '../cache/policy'
import {
  finish,
  goneResponse,
  redirectResponse,
  storedPageHeaders,
  storedPageResponse,
  unavailableResponse,
} from '../cache/respond'
import { currentRevisions } from '../cache/revisions'
import { etagOf, savePage } from '../cache/save'

function later(c: Context<AppEnv>, work: Promise<unknown>): void {
  const guarded = work.catch((err: unknown) =>
    console.error('page cache: background work failed', err),
  )
  try {
    c.executionCtx.waitUntil(guarded)
  } catch {
    // No execution context (a direct app.request in a unit test): the promise still runs.
  }
}

/** Puts `response` in the Cache API; pass a clone if it is also the answer. */
function remember(c: Context<AppEnv>, key: string, response: Response): void {
  later(c, caches.default.put(cacheRequest(c.env, key), response))
}

const encoder = new TextEncoder()

/** `body` is the page's body already encoded (one encoding serves the put and the copy). */
function keptStoredPage(page: StoredPage, cacheControl: string, body: Uint8Array): KeptPage {
  return {
    body,
    headers: storedPageHeaders(page, cacheControl),
    etag: page.etag,
  }
}

/** A Cache API hit as the micro-cache keeps it (the length is the body's, set when sent). */
async function keptHit(hit: Response): Promise<KeptPage> {
  const headers: [string, string][] = []
  for (const [name, value] of hit.headers)
    if (name !== 'content-length') headers.push([name, value])
  return { body: new Uint8Array(await hit.arrayBuffer()), headers, etag: hit.headers.get('etag') }
}

/**
 * Answers a public page request (for `target`, by default the request's own URL), or null when
 * it is not a page (let other routes or the not-found handler answer). Pages call this instead
 * of buildPage.
 */
export async function servePage(c: Context<AppEnv>, target?: URL): Promise<Response | null> {
  const method = c.req.method
  if (method !== 'GET' && method !== 'HEAD') return null
  const env = c.env
  const request = c.req.raw
  const key = target ? pageKey(target) : requestPageKey(request)
  const cacheKey = memoryKey(env, key)
  const background = (work: Promise<unknown>) => later(c, work)

  // The hot path: this isolate's copy, else one Cache API lookup; nothing else is read.
  const copy = fromMemory(env, cacheKey, request, background)
  if (copy) return copy
  const since = memoryGeneration()
  const hit = await caches.default.match(cacheKey)
  if (hit) {
    if (hit.status !== 200) return finish(request, hit, 'edge-cache')
    return keep(env, cacheKey, request, await keptHit(hit), 'edge-cache', since)
  }

  const url = target ?? new URL(request.url)
  if (!isVariant(key)) {
    const stored = await getStoredPage(env.PAGES, key).catch((err: unknown) => {
      console.error('page cache: KV read failed', err)
      return null
    })
    if (stored) {
      if (stored.status !== 200) {
        const response = storedPageResponse(stored, PAGE_CACHE_CONTROL)
        remember(c, key, response.clone())
        return finish(request, response, 'page-store')
      }
      const body = encoder.encode(stored.body)
      remember(c, key, storedPageResponse(stored, PAGE_CACHE_CONTROL, body))
      const page = keptStoredPage(stored, PAGE_CACHE_CONTROL, body)
      return keep(env, cacheKey, request, page, 'page-store', since)
    }
  }

  // Build first: redirects and tombstones only answer for URLs that no longer show a document,
  // so the D1 lookup is paid by a miss that finds nothing, not by every first view of a page.
  let built: Awaited<ReturnType<typeof buildPage>> = null
  let failure: unknown = null
  try {
    built = await buildPage(env, url)
  } catch (err) {
    failure = err
  }
  if (built === null || built.status === 404) {
    const moved = await findMoved(env.DB, url.pathname).catch((err: unknown) => {
      console.error('page cache: redirect lookup failed', err)
      return null
    })
    if (moved) {
      const response =
        moved.kind === 'redirect'
          ? redirectResponse(moved.to, (await buildMovedPage(env, url, moved.to)).body)
          : goneResponse((await buildGonePage(env, url)).body)
      remember(c, key, response.clone())
      return finish(request, response, 'page-store')
    }
  }
  if (failure !== null) {
    // Only a page never built before gets here: there is nothing stored to fall back on.
    console.error(`page cache: building ${key} failed`, failure)
    return unavailableResponse((await buildUnavailablePage(env, url)).body)
  }
  if (!built) return null

  const variant = isVariant(key) || built.path !== key
  const cacheControl =
    built.status !== 200
      ? MISSING_CACHE_CONTROL
      : variant
        ? VARIANT_CACHE_CONTROL
        : PAGE_CACHE_CONTROL
  const body = encoder.encode(built.body)
  const page: StoredPage = {
    body: built.body,
    contentType: built.contentType,
    status: built.status,
    etag: await etagOf(built, body),
    builtAt: new Date().toISOString(),
    contentRev: '',
    deps: built.deps,
  }
  // Only canonical pages that exist go to KV: 404s and variants would let anyone spend the
  // day's KV writes by inventing URLs.
  if (built.status === 200 && !variant) {
    try {
      const revs = await currentRevisions(env, built.deps).catch(() => new Map<string, string>())
      await savePage(env, built, revs, { kvMissing: true })
    } catch (err) {
      console.error(`page cache: storing ${key} failed`, err)
    }
  }
  if (page.status !== 200) {
    const response = storedPageResponse(page, cacheControl, body)
    remember(c, key, response.clone())
    return finish(request, response, 'built')
  }
  // A 200 is answered from the micro-cache's copy below: this Response is only for the put.
  remember(c, key, storedPageResponse(page, cacheControl, body))
  // Counted from here: storing the page above forgot any older copy of it.
  const fresh = keptStoredPage(page, cacheControl, body)
  return keep(env, cacheKey, request, fresh, 'built', memoryGeneration())
}
