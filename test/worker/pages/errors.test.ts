// What a visitor gets when something is not there or goes wrong: a helpful 404 for unknown
// slugs and paths, a 410 page for removed documents, JSON errors for API paths, and error pages
// that say nothing about internals while the logs carry no personal data.
import { env, SELF } from 'cloudflare:test'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppEnv } from '../../../worker/app-env'
import { ContentUnavailableError } from '../../../worker/content/client'
import { notFound, onError } from '../../../worker/errors'
import { buildGonePage } from '../../../worker/pages/build'
import { built, inspect, ORIGIN } from './helpers'

describe('404 pages', () => {
  for (const path of [
    '/courses/no-such-course',
    '/campaigns/no-such',
    '/reports/no-such',
    '/news/no-such',
    '/organisations/no-such',
  ]) {
    it(`${path} is a 404 page in the site layout`, async () => {
      const res = await SELF.fetch(`${ORIGIN}${path}`)
      expect(res.status).toBe(404)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      const f = await inspect(await res.text())
      expect(f.h1).toEqual(['Page not found'])
      expect(f.robots).toBe('noindex')
      expect(f.links[1]?.href).toBe('https://www.bbc.co.uk/weather')
    })
  }

  it('depends on the list of its type, so creating the document later rebuilds it', async () => {
    const page = await built('/courses/not-yet-written')
    expect(page.status).toBe(404)
    expect(page.deps).toEqual(expect.arrayContaining(['siteSettings', 'type:course']))
  })

  it('treats slugs no editor could make as unknown, without querying for them', async () => {
    for (const path of [
      '/courses/%E0%A4%A',
      '/reports/%20space',
      '/news/a%2Fb',
      '/courses/%3Cscript%3E',
    ]) {
      const res = await SELF.fetch(`${ORIGIN}${path}`)
      expect(res.status, path).toBe(404)
      expect(await res.text()).not.toContain('<script>')
    }
  })

  it('answers unknown paths with the 404 page and API paths with JSON', async () => {
    const page = await SELF.fetch(`${ORIGIN}/this/does/not/exist`)
    expect(page.status).toBe(404)
    expect((await inspect(await page.text())).h1).toEqual(['Page not found'])
    const api = await SELF.fetch(`${ORIGIN}/api/unknown`)
    expect(api.status).toBe(404)
    expect(await api.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
  })

  it('builds a 410 page for removed documents', async () => {
    const gone = await buildGonePage(env, new URL('/courses/removed-course', ORIGIN))
    expect(gone.status).toBe(410)
    const f = await inspect(gone.body)
    expect(f.h1).toEqual(['This page has been removed'])
    expect(f.links[1]?.href).toBe('https://www.bbc.co.uk/weather')
  })
})

describe('onError', () => {
  const logged: string[] = []
  afterEach(() => {
    vi.restoreAllMocks()
    logged.length = 0
  })

  function app() {
    vi.spyOn(console, 'error').mockImplementation(
      (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
    )
    return new Hono<AppEnv>()
      .get('/boom', () => {
        throw new Error('db password hunter2 for jane.doe@example.org 07700 900123')
      })
      .get('/api/boom', () => {
        throw new Error('internal detail')
      })
      .get('/refused', () => {
        throw new HTTPException(403, { message: 'Forbidden' })
      })
      .get('/store-down', () => {
        throw new ContentUnavailableError('content store unreachable')
      })
      .onError(onError)
      .notFound(notFound)
  }

  it('shows a generic error page and never the exception message', async () => {
    const res = await app().request('/boom?email=jane.doe@example.org', {}, env)
    expect(res.status).toBe(500)
    const body = await res.text()
    expect(body).not.toContain('hunter2')
    expect((await inspect(body)).h1).toEqual(['Sorry, there is a problem with the service'])
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('logs the failure without personal data or query strings', async () => {
    await app().request('/boom?email=jane.doe@example.org', {}, env)
    const line = logged.join('\n')
    expect(line).toContain('"path":"/boom"')
    expect(line).not.toContain('jane.doe@example.org')
    expect(line).not.toContain('07700 900123')
  })

  it('answers API paths with the JSON error shape', async () => {
    const res = await app().request('/api/boom', {}, env)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({
      error: { code: 'internal_error', message: expect.any(String) },
    })
  })

  it('keeps the status of deliberate HTTP errors and says 503 when the content store is down', async () => {
    expect((await app().request('/refused', {}, env)).status).toBe(403)
    const down = await app().request('/store-down', {}, env)
    expect(down.status).toBe(503)
    expect(down.headers.get('retry-after')).toBe('60')
  })
})
