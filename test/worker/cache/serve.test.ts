// Serving pages through the cache layer: Cache-Control and ETag/304, what goes to KV (canonical
// pages) and what stays in the Cache API only (variants, 404s), serving every page built before
// while the content store is down, and the layer's own 301/410/503 pages in the site's layout.
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../../worker/index'
import {
  cacheRequest,
  PAGE_CACHE_CONTROL,
  MISSING_CACHE_CONTROL,
  VARIANT_CACHE_CONTROL,
} from '../../../worker/cache/policy'
import { getStoredPage } from '../../../worker/cache/page-store'
import { deleteFromEdgeCache } from '../../../worker/cache/purge'
import { redirectStatements, tombstoneStatements } from '../../../worker/cache/moved'
import { STYLESHEET_PATH } from '../../../worker/ui/assets/stylesheet'

const SITE = 'https://example.com'

/** Runs one request through the worker with some bindings replaced. */
async function fetchWith(
  path: string,
  overrides: Partial<Env>,
  init?: RequestInit,
): Promise<Response> {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request(`${SITE}${path}`, init), { ...env, ...overrides }, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

// Nothing listens on port 9 (discard): every content request is refused.
const STORE_DOWN = { SANITY_API_HOST: 'http://127.0.0.1:9' }
const QUICK_EXIT = 'https://www.bbc.co.uk/weather'

/** What every HTML page must carry: the layout, the stylesheet and the quick-exit control. */
function expectSiteLayout(html: string) {
  expect(html).toContain(`<link rel="stylesheet" href="${STYLESHEET_PATH}"/>`)
  expect(html).toContain(`href="${QUICK_EXIT}" class="exit-this-page"`)
  expect(html).toContain('Exit this page')
  expect(html).toContain('<main id="main"')
  expect(html).toContain('class="site-footer"')
}

describe('page serving', { timeout: 30_000 }, () => {
  it('serves a public page with public caching headers and a strong ETag', async () => {
    const res = await SELF.fetch(`${SITE}/contacts`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe(PAGE_CACHE_CONTROL)
    expect(PAGE_CACHE_CONTROL).toMatch(
      /^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+, stale-if-error=\d+$/,
    )
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toContain('<h1>Contact us</h1>')
  })

  it('stores the canonical page in KV with the documents it used, and indexes them in D1', async () => {
    const res = await SELF.fetch(`${SITE}/contacts`)
    await res.arrayBuffer()
    const stored = await getStoredPage(env.PAGES, '/contacts')
    expect(stored).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' })
    // The answer's ETag is the stored one, so a browser revalidates against either source.
    expect(res.headers.get('etag')).toBe(stored?.etag)
    expect(stored?.deps).toEqual(
      expect.arrayContaining(['siteSettings', 'contact.nspcc-helpline', 'type:contact']),
    )
    const { results } = await env.DB.prepare('SELECT dep, rev FROM page_deps WHERE path = ?')
      .bind('/contacts')
      .all<{ dep: string; rev: string }>()
    const revs = new Map(results.map((r) => [r.dep, r.rev]))
    expect(revs.get('contact.nspcc-helpline')).toMatch(/.+/)
    expect(revs.get('type:contact')).toMatch(/^\d+:/)
  })

  it('answers 304 with no body when the visitor already has the page', async () => {
    const first = await SELF.fetch(`${SITE}/reports`)
    const etag = first.headers.get('etag') ?? ''
    await first.arrayBuffer()
    const again = await SELF.fetch(`${SITE}/reports`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect(again.headers.get('cache-control')).toBe(PAGE_CACHE_CONTROL)
    expect(await again.text()).toBe('')
    const weak = await SELF.fetch(`${SITE}/reports`, {
      headers: { 'if-none-match': `"other", W/${etag}` },
    })
    expect(weak.status).toBe(304)
    const stale = await SELF.fetch(`${SITE}/reports`, {
      headers: { 'if-none-match': '"something-else"' },
    })
    expect(stale.status).toBe(200)
    expect(await stale.text()).toContain('<h1')
  })

  it('keeps filter and pagination variants out of KV, with a shorter edge lifetime', async () => {
    const res = await SELF.fetch(`${SITE}/courses?format=webinar&utm_source=newsletter`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe(VARIANT_CACHE_CONTROL)
    await res.arrayBuffer()
    const list = await env.PAGES.list({ prefix: 'page:/courses?' })
    expect(list.keys).toEqual([])
  })

  it('puts a variant in the Cache API under one key, whatever marketing parameters it has', async () => {
    const once = await fetchWith('/courses?format=e-learning&utm_source=newsletter', {})
    expect(once.status).toBe(200)
    const body = await once.text()
    // The marketing parameter is not part of the cache key: both spellings are one entry.
    const cached = await caches.default.match(cacheRequest(env, '/courses?format=e-learning'))
    expect(cached?.status).toBe(200)
    expect(cached?.headers.get('cache-control')).toBe(VARIANT_CACHE_CONTROL)
    expect(await cached?.text()).toBe(body)
  })

  it('answers 304 from a fresh build when the visitor already has that variant', async () => {
    const first = await fetchWith('/courses?format=event', {})
    const etag = first.headers.get('etag') ?? ''
    await first.arrayBuffer()
    // Purged from the edge (and this isolate's copy): the next request builds the page again.
    await deleteFromEdgeCache(env, ['/courses?format=event'])
    const again = await fetchWith(
      '/courses?format=event',
      {},
      { headers: { 'if-none-match': etag } },
    )
    expect(again.status).toBe(304)
    expect(again.headers.get('x-page-source')).toBe('built')
    expect(again.headers.get('etag')).toBe(etag)
    expect(again.headers.get('cache-control')).toBe(VARIANT_CACHE_CONTROL)
    expect(again.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(again.headers.get('content-type')).toBeNull()
    expect(await again.text()).toBe('')
  })

  it('answers an unknown slug 404, briefly cached and never stored', async () => {
    const res = await SELF.fetch(`${SITE}/courses/no-such-course`)
    expect(res.status).toBe(404)
    expect(res.headers.get('cache-control')).toBe(MISSING_CACHE_CONTROL)
    expect(await env.PAGES.get('page:/courses/no-such-course')).toBeNull()
  })

  it('leaves paths that are not pages to the not-found handler', async () => {
    const res = await SELF.fetch(`${SITE}/no/such/thing/here`)
    expect(res.status).toBe(404)
  })

  it('serves the stylesheet the same every time, with the security headers', async () => {
    const first = await SELF.fetch(`${SITE}${STYLESHEET_PATH}`)
    const css = await first.text()
    expect(css).toContain('.exit-this-page')
    for (const _ of [1, 2]) {
      const again = await SELF.fetch(`${SITE}${STYLESHEET_PATH}`)
      expect(await again.text()).toBe(css)
      expect([...again.headers]).toEqual([...first.headers])
    }
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(first.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(first.headers.get('cross-origin-resource-policy')).toBe('same-origin')
  })

  it('answers HEAD with the headers and no body', async () => {
    const res = await SELF.fetch(`${SITE}/contacts`, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toMatch(/^"/)
    expect(await res.text()).toBe('')
  })
})

// The content client retries a refused connection a few times before giving up.
describe('content store down', { timeout: 30_000 }, () => {
  it('still serves every page built before, from KV, never a 5xx', async () => {
    const paths = ['/', '/courses', '/courses/nrm-webinar', '/sitemap.xml', '/feed.xml']
    const bodies = new Map<string, string>()
    for (const path of paths) {
      const res = await SELF.fetch(`${SITE}${path}`)
      expect(res.status, path).toBe(200)
      bodies.set(path, await res.text())
    }
    for (const path of paths) {
      // This data centre's Cache API entry (and the isolate's copy) is gone too: only KV is left.
      await deleteFromEdgeCache(env, [path])
      const res = await fetchWith(path, STORE_DOWN)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('x-page-source'), path).toBe('page-store')
      expect(await res.text(), path).toBe(bodies.get(path))
    }
  })

  it('serves from the Cache API when it has the page', async () => {
    await SELF.fetch(`${SITE}/campaigns`).then((r) => r.arrayBuffer())
    const res = await fetchWith('/campaigns', STORE_DOWN)
    expect(res.status).toBe(200)
    expect(['memory', 'edge-cache', 'page-store']).toContain(res.headers.get('x-page-source'))
  })

  it('answers 503 with Retry-After only for a page that was never built', async () => {
    const res = await fetchWith('/news/ecpat-uk-launches-free-learning-webinars', STORE_DOWN)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('60')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toContain('<h1>Sorry, this page is temporarily unavailable</h1>')
    // Laid out with the default settings, since the content store cannot say otherwise.
    expectSiteLayout(html)
    expect(html).toContain('<title>Page temporarily unavailable – Safeguard</title>')
  })
})

describe('redirects and removed pages', { timeout: 30_000 }, () => {
  const now = new Date().toISOString()

  it('answers 301 for a renamed page with a moved page in the site layout', async () => {
    await env.DB.batch(
      redirectStatements(env.DB, '/courses/old-name-301', '/courses/nrm-webinar', 'course.x', now),
    )
    const res = await SELF.fetch(`${SITE}/courses/old-name-301`, { redirect: 'manual' })
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('/courses/nrm-webinar')
    expect(res.headers.get('cache-control')).toBe(MISSING_CACHE_CONTROL)
    const html = await res.text()
    expect(html).toContain('<h1>This page has moved</h1>')
    expect(html).toContain('<a href="/courses/nrm-webinar">/courses/nrm-webinar</a>')
    expectSiteLayout(html)
  })

  it('answers 410 for a removed page with the site layout', async () => {
    await env.DB.batch(tombstoneStatements(env.DB, '/courses/removed-410', 'course.y', now))
    const res = await SELF.fetch(`${SITE}/courses/removed-410`)
    expect(res.status).toBe(410)
    expect(res.headers.get('cache-control')).toBe(MISSING_CACHE_CONTROL)
    const html = await res.text()
    expect(html).toContain('<h1>This page has been removed</h1>')
    expectSiteLayout(html)
  })

  it('still lays out a 410 page when the content store is down', async () => {
    await env.DB.batch(tombstoneStatements(env.DB, '/news/removed-while-down', 'news.z', now))
    const res = await fetchWith('/news/removed-while-down', STORE_DOWN)
    expect(res.status).toBe(410)
    expectSiteLayout(await res.text())
  })
})
