// The micro-cache (worker/cache/memory.ts): a page requested again within a moment is answered
// from the isolate's memory with exactly the same body and headers as before, revalidates to 304
// and answers HEAD from there, shows a publish at once, and never holds anything personal.
import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { fromMemory, keep, memoryGeneration, memoryKey } from '../../../worker/cache/memory'
import { MISSING_CACHE_CONTROL, PAGE_CACHE_CONTROL } from '../../../worker/cache/policy'
import { deleteFromEdgeCache } from '../../../worker/cache/purge'
import { fixtures } from '../rebuild/fixtures'
import { contentStore, publish, withDocuments } from '../rebuild/helpers'

const SITE = 'https://example.com'
// These small pages are never compressed: nothing is handed to the background.
const ignore = () => {}
const SOURCE = 'x-page-source'

/** Every header except the one saying where the response came from. */
function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of res.headers) if (name !== SOURCE) out[name] = value
  return out
}

async function get(path: string, init?: RequestInit) {
  const res = await SELF.fetch(`${SITE}${path}`, { redirect: 'manual', ...init })
  return { res, text: await res.text() }
}

describe('pages served from memory', { timeout: 30_000 }, () => {
  it('answers a page again with the same body and headers, security headers included', async () => {
    const first = await get('/courses/nrm-webinar')
    expect(first.res.status).toBe(200)
    expect(first.res.headers.get(SOURCE)).not.toBe('memory')
    for (const _ of [1, 2]) {
      const again = await get('/courses/nrm-webinar')
      expect(again.res.status).toBe(200)
      expect(again.res.headers.get(SOURCE)).toBe('memory')
      expect(again.text).toBe(first.text)
      expect(headersOf(again.res)).toEqual(headersOf(first.res))
    }
    const h = headersOf(first.res)
    expect(h['cache-control']).toBe(PAGE_CACHE_CONTROL)
    expect(h.etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(h['content-type']).toBe('text/html; charset=utf-8')
    expect(h['content-security-policy']).toContain("default-src 'none'")
    expect(h['x-content-type-options']).toBe('nosniff')
    expect(h['strict-transport-security']).toContain('max-age=')
    expect(first.text).toContain('National Referral Mechanism')
  })

  it('answers If-None-Match with 304 from memory, with no body', async () => {
    const first = await get('/reports')
    const etag = first.res.headers.get('etag') ?? ''
    await get('/reports')
    const res = await SELF.fetch(`${SITE}/reports`, { headers: { 'if-none-match': etag } })
    expect(res.status).toBe(304)
    expect(res.headers.get(SOURCE)).toBe('memory')
    expect(res.headers.get('etag')).toBe(etag)
    expect(res.headers.get('cache-control')).toBe(PAGE_CACHE_CONTROL)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(res.headers.get('content-type')).toBeNull()
    expect(await res.text()).toBe('')
    // Another version of the page still gets the whole page.
    const other = await get('/reports', { headers: { 'if-none-match': '"something-else"' } })
    expect(other.res.status).toBe(200)
    expect(other.text).toBe(first.text)
  })

  it('answers HEAD from memory with no body, and GET after HEAD with the whole page', async () => {
    const head = await SELF.fetch(`${SITE}/campaigns`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const again = await SELF.fetch(`${SITE}/campaigns`, { method: 'HEAD' })
    expect(again.headers.get(SOURCE)).toBe('memory')
    expect(again.headers.get('etag')).toBe(head.headers.get('etag'))
    expect(await again.text()).toBe('')
    const page = await get('/campaigns')
    expect(page.res.headers.get(SOURCE)).toBe('memory')
    expect(page.text).toContain('<h1')
  })

  it('keeps filter variants apart, under one key however the parameters are spelled', async () => {
    const webinars = await get('/courses?format=webinar&utm_source=mail')
    const again = await get('/courses?utm_medium=x&format=webinar')
    expect(again.res.headers.get(SOURCE)).toBe('memory')
    expect(again.text).toBe(webinars.text)
    const events = await get('/courses?format=event')
    expect(events.res.headers.get(SOURCE)).not.toBe('memory')
    expect(events.text).not.toBe(webinars.text)
  })

  it('never keeps a 404, so made-up URLs cannot push real pages out', async () => {
    await get('/courses/no-such-course-in-memory')
    const again = await get('/courses/no-such-course-in-memory')
    expect(again.res.status).toBe(404)
    expect(again.res.headers.get('cache-control')).toBe(MISSING_CACHE_CONTROL)
    expect(again.res.headers.get(SOURCE)).not.toBe('memory')
  })
})

describe('compressed pages', { timeout: 30_000 }, () => {
  const GZIP = { 'accept-encoding': 'gzip, deflate, br, zstd' }

  /** Asks until the kept copy's gzipped body is ready (made after the first hit from memory). */
  async function gzippedAnswer(path: string): Promise<Response> {
    for (let i = 0; i < 50; i++) {
      const res = await SELF.fetch(`${SITE}${path}`, { headers: GZIP })
      if (res.headers.get('content-encoding') === 'gzip') return res
      await res.arrayBuffer()
    }
    throw new Error(`${path} was never answered gzipped`)
  }

  it('sends a browser the page gzipped from memory, the same page once decoded', async () => {
    const plain = await get('/news')
    const res = await gzippedAnswer('/news')
    expect(res.status).toBe(200)
    expect(res.headers.get(SOURCE)).toBe('memory')
    expect(res.headers.get('vary')).toBe('accept-encoding')
    expect(plain.res.headers.get('vary')).toBe('accept-encoding')
    expect(res.headers.get('etag')).toBe(`W/${plain.res.headers.get('etag') ?? ''}`)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await res.text()).toBe(plain.text)
  })

  it('revalidates either encoding with either ETag', async () => {
    const plain = await get('/news')
    const zipped = await gzippedAnswer('/news')
    await zipped.arrayBuffer()
    for (const etag of [plain.res.headers.get('etag'), zipped.headers.get('etag')]) {
      for (const headers of [{}, GZIP]) {
        const res = await SELF.fetch(`${SITE}/news`, {
          headers: { ...headers, 'if-none-match': etag ?? '' },
        })
        expect(res.status).toBe(304)
        expect(await res.text()).toBe('')
      }
    }
  })

  it('sends the page as it is to a visitor that does not accept gzip', async () => {
    await gzippedAnswer('/news').then((res) => res.arrayBuffer())
    for (const accept of [undefined, 'identity', 'gzip;q=0, br', 'br, *;q=0']) {
      const res = await SELF.fetch(`${SITE}/news`, {
        headers: accept === undefined ? {} : { 'accept-encoding': accept },
      })
      expect(res.headers.get(SOURCE)).toBe('memory')
      expect(res.headers.get('content-encoding')).toBeNull()
      expect(res.headers.get('etag')).toMatch(/^"/)
      expect(await res.text()).toContain('<h1')
    }
  })
})

describe('nothing personal in memory', { timeout: 30_000 }, () => {
  const staff = { authorization: `Bearer ${env.STAFF_TOKEN}` }
  const personal: [string, string, RequestInit][] = [
    ['staff summary', '/admin/summary?ids=course.example-nrm-refresher', { headers: staff }],
    ['staff receipts', '/admin/receipts?limit=1', { headers: staff }],
    ['registration form', '/register/example-nrm-refresher/nrm-2027-11-17', {}],
    ['preview without a valid link', '/preview?type=course&id=course.nrm-webinar', {}],
    [
      'form post with errors (echoes what was typed)',
      '/register/example-nrm-refresher/nrm-2027-11-17',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: SITE,
          'sec-fetch-site': 'same-origin',
        },
        body: new URLSearchParams({ name: 'Memory Person', email: 'not-an-email' }).toString(),
      },
    ],
  ]

  for (const [what, path, init] of personal) {
    it(`never answers a ${what} from memory`, async () => {
      for (const _ of [1, 2, 3]) {
        const res = await SELF.fetch(`${SITE}${path}`, { redirect: 'manual', ...init })
        await res.arrayBuffer()
        expect(res.headers.get(SOURCE)).toBeNull()
        expect(res.headers.get('cache-control') ?? '').toMatch(/private|no-store/)
      }
      const key = memoryKey(env, path)
      expect(fromMemory(env, key, new Request(`${SITE}${path}`), ignore)).toBeNull()
    })
  }
})

describe('freshness', { timeout: 60_000 }, () => {
  it('forgets a page when it is purged, so the stored version shows at once', async () => {
    await get('/contacts')
    expect((await get('/contacts')).res.headers.get(SOURCE)).toBe('memory')
    await deleteFromEdgeCache(env, ['/contacts'])
    const after = await get('/contacts')
    expect(after.res.status).toBe(200)
    expect(after.res.headers.get(SOURCE)).toBe('page-store')
  })

  it('does not keep what a lookup found if the page was forgotten meanwhile', async () => {
    const path = '/memory-race-check'
    const key = memoryKey(env, path)
    const request = new Request(`${SITE}${path}`)
    const page = {
      body: new TextEncoder().encode('<p>old</p>'),
      headers: [['content-type', 'text/html; charset=utf-8']] as [string, string][],
      etag: '"old"',
    }
    // A lookup starts, a rebuild forgets the page, then the lookup's old answer arrives.
    const since = memoryGeneration()
    await deleteFromEdgeCache(env, [path])
    const answer = keep(env, key, request, page, 'edge-cache', since)
    expect(await answer.text()).toBe('<p>old</p>')
    expect(fromMemory(env, key, request, ignore)).toBeNull()
    // Without a forget in between it is kept.
    keep(env, key, request, page, 'edge-cache', memoryGeneration())
    expect(await fromMemory(env, key, request, ignore)?.text()).toBe('<p>old</p>')
    await deleteFromEdgeCache(env, [path])
  })

  describe('on publish', () => {
    const P = 'memory'
    const { org, contact, course } = fixtures(P)
    const before = course('course', 'Memory course: before the edit')
    const client = contentStore()
    const path = `/courses/${P}-course`

    withDocuments([org, contact, before])

    it('shows the new content on the very next request after the rebuild', async () => {
      expect((await get(path)).text).toContain('<h1>Memory course: before the edit</h1>')
      const warm = await get(path)
      expect(warm.res.headers.get(SOURCE)).toBe('memory')
      await publish(
        client.transaction().patch(before._id, (p) => p.set({ title: 'Memory course: edited' })),
        { _id: before._id, _type: 'course', operation: 'update' },
      )
      const after = await get(path)
      expect(after.res.status).toBe(200)
      expect(after.text).toContain('<h1>Memory course: edited</h1>')
      expect(after.text).not.toContain('<h1>Memory course: before the edit</h1>')
    })
  })
})
