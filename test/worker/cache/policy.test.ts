// Cache keys, Cache-Tag values and the optional purge through Cloudflare's API (which cannot run
// here for real: a recording fetcher stands in for api.cloudflare.com).
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { cacheTags, pageKey, pageKeyOf, isVariant } from '../../../worker/cache/policy'
import { purgeZone } from '../../../worker/cache/purge'

describe('page keys', () => {
  it('drops marketing parameters and sorts the rest', () => {
    expect(
      pageKey(new URL('https://x.org/courses?utm_source=mail&page=2&format=webinar&fbclid=1')),
    ).toBe('/courses?format=webinar&page=2')
    expect(pageKey(new URL('https://x.org/courses?utm_campaign=a'))).toBe('/courses')
    expect(pageKey(new URL('https://x.org/search?q='))).toBe('/search')
    expect(isVariant('/courses?page=2')).toBe(true)
    expect(isVariant('/courses')).toBe(false)
  })

  it('reads the key from a request URL exactly as parsing it would', () => {
    for (const href of [
      'https://x.org/',
      'https://x.org/courses/nrm-webinar',
      'https://x.org/courses/',
      'https://x.org/assets/site.23ee7e05.css',
      'https://x.org/courses/nrm-webinar/sessions/a_b~c.ics',
      'http://127.0.0.1:8787/news/x-y',
      'https://x.org/courses?utm_source=mail&page=2',
      'https://x.org/a/../courses',
      'https://x.org/.well-known/x',
      'https://x.org/caf%C3%A9',
      'https://x.org/café',
      'https://x.org/a b',
      'https://x.org//double',
      'https://x.org/courses#top',
      'https://x.org',
    ]) {
      expect(pageKeyOf(href), href).toBe(pageKey(new URL(href)))
    }
  })
})

describe('purge', () => {
  it('turns dependencies into Cache-Tag values', () => {
    expect(cacheTags(['course.nrm-webinar', 'type:course', 'weird id/with spaces'])).toBe(
      'course.nrm-webinar,type:course,weird_id_with_spaces',
    )
  })

  it('does nothing unless CF_API_TOKEN and CF_ZONE_ID are both set', async () => {
    const calls: string[] = []
    const result = await purgeZone(
      { ...env, CF_API_TOKEN: 'token', CF_ZONE_ID: '' },
      { paths: ['/'], tags: [] },
      async (url) => {
        calls.push(url)
        return new Response('{}')
      },
    )
    expect(result).toEqual({ requests: 0, failures: 0 })
    expect(calls).toEqual([])
  })

  it('purges rebuilt URLs and changed documents in batches of 30', async () => {
    const calls: { url: string; auth: string | null; body: unknown }[] = []
    const configured = {
      ...env,
      CF_API_TOKEN: 'cf-token',
      CF_ZONE_ID: 'zone123',
      SITE_URL: 'https://charity.example',
    }
    const paths = Array.from({ length: 31 }, (_, i) => `/news/post-${i}`)
    const result = await purgeZone(
      configured,
      { paths, tags: ['course.a', 'type:course'] },
      async (url, init) => {
        calls.push({
          url,
          auth: new Headers(init?.headers).get('authorization'),
          body: JSON.parse(String(init?.body)),
        })
        return new Response('{"success":true}')
      },
    )
    expect(result).toEqual({ requests: 3, failures: 0 })
    expect(calls[0]?.url).toBe('https://api.cloudflare.com/client/v4/zones/zone123/purge_cache')
    expect(calls[0]?.auth).toBe('Bearer cf-token')
    expect((calls[0]?.body as { files: string[] }).files).toHaveLength(30)
    expect((calls[0]?.body as { files: string[] }).files[0]).toBe(
      'https://charity.example/news/post-0',
    )
    expect(calls[1]?.body).toEqual({ files: ['https://charity.example/news/post-30'] })
    expect(calls[2]?.body).toEqual({ tags: ['course.a', 'type:course'] })
  })

  it('counts a refused purge as a failure without throwing', async () => {
    const configured = { ...env, CF_API_TOKEN: 'cf-token', CF_ZONE_ID: 'zone123' }
    const result = await purgeZone(
      configured,
      { paths: ['/'], tags: [] },
      async () => new Response('no', { status: 403 }),
    )
    expect(result).toEqual({ requests: 1, failures: 1 })
  })
})
