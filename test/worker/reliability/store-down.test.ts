// The content store goes down (the worker's SANITY_API_HOST points at a closed port): pages built
// before are still served, from the edge cache and then from the KV page store; a page never
// built answers 503 with Retry-After; every signup answers a clear 503 (never 500) and stores
// nothing, because a signup must be checked against the course or campaign it is for.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { deleteFromEdgeCache } from '../../../worker/cache/purge'
import { VALID } from './bodies'
import { callWorker, CLOSED_STORE } from './faults'
import { diff, formRequest, jsonRequest, rowCounts, SEED } from './helpers'

const down = { SANITY_API_HOST: CLOSED_STORE }

describe('content store down', () => {
  it('serves a page built before from the edge cache, then from the KV page store', async () => {
    const built = await callWorker(SEED.page)
    const html = await built.text()
    expect(built.status).toBe(200)
    expect(html).toContain('National Referral Mechanism')

    const fromCache = await callWorker(SEED.page, {}, down)
    expect(fromCache.status).toBe(200)
    expect(await fromCache.text()).toBe(html)

    // Lose the edge copy too (another data centre, or an eviction; this also clears the isolate's
    // in-memory copy): KV still has the page.
    await deleteFromEdgeCache(env, [SEED.page])
    const fromKv = await callWorker(SEED.page, {}, down)
    expect(fromKv.status).toBe(200)
    expect(fromKv.headers.get('x-page-source')).toBe('page-store')
    expect(await fromKv.text()).toBe(html)
  })

  it('answers 503 with Retry-After for a page that was never built', async () => {
    const res = await callWorker('/reports', {}, down)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBeTruthy()
    expect(await res.text()).toContain('temporarily unavailable')
  })

  const person = (n: string) => `store-down-${n}@example.org`
  const signups: [string, string, RequestInit][] = [
    [
      'registration API',
      '/api/v1/registrations',
      jsonRequest({ ...VALID.registration, email: person('a') }),
    ],
    [
      'signature API',
      '/api/v1/signatures',
      jsonRequest({ ...VALID.signature, email: person('b') }),
    ],
    ['alerts API', '/api/v1/alerts', jsonRequest({ ...VALID.alert, email: person('c') })],
    [
      'registration form',
      `/register/${SEED.course}/${SEED.openSession}`,
      formRequest({
        name: 'Down Person',
        email: person('d'),
        role: 'police',
        consent: 'yes',
        website: '',
      }),
    ],
    [
      'petition form',
      `/campaigns/${SEED.petition}/sign`,
      formRequest({
        name: 'Down Person',
        email: person('e'),
        postcode: 'SW1A 1AA',
        consent: 'yes',
        website: '',
      }),
    ],
    [
      'alerts form',
      '/alerts',
      formRequest({ email: person('f'), topics: SEED.topic, consent: 'yes', website: '' }),
    ],
  ]

  for (const [name, path, init] of signups) {
    it(`${name}: a clear 503, nothing stored`, async () => {
      const before = await rowCounts()
      const res = await callWorker(path, init, down)
      const text = await res.text()
      expect(res.status, text.slice(0, 300)).toBe(503)
      if (path.startsWith('/api/')) {
        const body: unknown = JSON.parse(text)
        expect(body).toMatchObject({
          error: { code: expect.any(String), message: expect.any(String) },
        })
      } else {
        expect(text).toMatch(/try again/i)
      }
      expect(diff(before, await rowCounts())).toEqual({})
    })
  }

  it('with the store back, the same registration succeeds', async () => {
    const res = await callWorker(
      '/api/v1/registrations',
      jsonRequest({ ...VALID.registration, email: person('a') }),
    )
    expect(res.status).toBe(201)
  })
})
