// Serving public pages: the Cache API first (per data centre), then the KV page store, then the
// redirects and tombstones in D1, and only then a build through the pages engineer's buildPage.
// Nothing that was built before depends on the content store being up: a stored page is served
// from KV even when every content request would fail.
import type { Context } from 'hono'
import type { AppEnv } from '../app-env'
import { buildGonePage, buildMovedPage, buildPage, buildUnavailablePage } from '../pages/build'
import { findMoved } from './moved'
import { getStoredPage, type StoredPage } from './page-store'
import {
  cacheRequest,
  cacheUrl,
  isVariant,
  MISSING_CACHE_CONTROL,
  PAGE_CACHE_CONTROL,
  pageKey,
  VARIANT_CACHE_CONTROL,
} from './policy'
import {
  finish,
  goneResponse,
  redirectResponse,
  storedPageResponse,
  unavailableResponse,
} from './respond'
import { currentRevisions } from './revisions'
import { etagOf, savePage } from './save'

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

function remember(c: Context<AppEnv>, key: string, response: Response): void {
  later(c, caches.default.put(cacheRequest(c.env, key), response.clone()))
}

/**
 * Answers a public page request, or null when `url` is not a page (let other routes or the
 * not-found handler answer). Pages call this instead of buildPage.
 */
export async function servePage(
  c: Context<AppEnv>,
  url: URL = new URL(c.req.url),
): Promise<Response | null> {
  const method = c.req.method
  if (method !== 'GET' && method !== 'HEAD') return null
  const env = c.env
  const request = c.req.raw
  const key = pageKey(url)

  // The hot path: one cache lookup and one Response built in finish(); nothing else is read.
  const hit = await caches.default.match(cacheUrl(env, key))
  if (hit) return finish(request, hit, 'edge-cache')

  if (!isVariant(key)) {
    const stored = await getStoredPage(env.PAGES, key).catch((err: unknown) => {
      console.error('page cache: KV read failed', err)
      return null
    })
    if (stored) {
      const response = storedPageResponse(stored, PAGE_CACHE_CONTROL)
      remember(c, key, response)
      return finish(request, response, 'page-store')
    }
  }

  const moved = await findMoved(env.DB, url.pathname).catch((err: unknown) => {
    console.error('page cache: redirect lookup failed', err)
    return null
  })
  if (moved) {
    const response =
      moved.kind === 'redirect'
        ? redirectResponse(moved.to, (await buildMovedPage(env, url, moved.to)).body)
        : goneResponse((await buildGonePage(env, url)).body)
    remember(c, key, response)
    return finish(request, response, 'page-store')
  }

  let built: Awaited<ReturnType<typeof buildPage>>
  try {
    built = await buildPage(env, url)
  } catch (err) {
    // Only a page never built before gets here: there is nothing stored to fall back on.
    console.error(`page cache: building ${key} failed`, err)
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
  const page: StoredPage = {
    body: built.body,
    contentType: built.contentType,
    status: built.status,
    etag: await etagOf(built),
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
  const response = storedPageResponse(page, cacheControl)
  remember(c, key, response)
  return finish(request, response, 'built')
}
