// Staff endpoints: POST /admin/rebuild (every page, streamed progress; or the search index only)
// and GET /admin/receipts.
import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { rebuildAdmin } from '../../../worker/admin/rebuild-routes'
import { SITE } from './helpers'

const auth = { authorization: `Bearer ${env.STAFF_TOKEN}` }
type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } }

describe('POST /admin/rebuild', () => {
  it('refuses requests without the staff token, or with the wrong one', async () => {
    const none = await SELF.fetch(`${SITE}/admin/rebuild`, { method: 'POST' })
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(((await none.json()) as ErrorBody).error.code).toBe('unauthenticated')
    const wrong = await SELF.fetch(`${SITE}/admin/rebuild`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    })
    // The staff guard (worker/admin/guard.ts) answers a wrong token 401 or 403: refused either way.
    expect([401, 403]).toContain(wrong.status)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM publish_receipts').first('n')).toBe(0)
  })

  it('rebuilds every page, streaming one line per page, and records a receipt', async () => {
    const res = await SELF.fetch(`${SITE}/admin/rebuild`, { method: 'POST', headers: auth })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const lines = (await res.text()).trim().split('\n')
    const total = Number(/^Rebuilding (\d+) pages/.exec(lines[0] ?? '')?.[1])
    expect(total).toBeGreaterThan(20)
    // The index's line first (the calendars are built from it), one line per page, the summary.
    const progress = lines.slice(2, -1)
    expect(lines[1]).toMatch(/^Search index: \d+ written, 0 removed, \d+ unchanged$/)
    expect(progress).toHaveLength(total)
    expect(progress).toContain(`[1/${total}] changed /`)
    expect(progress.some((l) => / changed \/courses\/nrm-webinar$/.test(l))).toBe(true)
    expect(progress.some((l) => / changed \/sitemap\.xml$/.test(l))).toBe(true)
    expect(lines.at(-1)).toMatch(
      new RegExp(`^Done: ${total} changed, 0 unchanged, 0 removed, 0 failed$`),
    )

    // A second run rebuilds every page again but rewrites only bodies that changed: none, unless
    // another test file published meanwhile (the content store is shared). KV-write economy is
    // asserted exactly in test/worker/cache/save.test.ts.
    const again = await (
      await SELF.fetch(`${SITE}/admin/rebuild`, { method: 'POST', headers: auth })
    ).text()
    const summary = /^Done: (\d+) changed, (\d+) unchanged, 0 removed, 0 failed$/.exec(
      again.trim().split('\n').at(-1) ?? '',
    )
    expect(Number(summary?.[1]) + Number(summary?.[2])).toBe(total)
  }, 60_000)

  it('with only=index, fills the search index and the calendar, and rebuilds no page', async () => {
    await env.DB.batch([
      env.DB.prepare('DELETE FROM search_fts'),
      env.DB.prepare('DELETE FROM search_docs'),
      env.DB.prepare('DELETE FROM calendar_events'),
    ])
    const count = (table: string) => env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first('n')
    const [pages, receipts] = [await count('page_revs'), await count('publish_receipts')]
    const res = await SELF.fetch(`${SITE}/admin/rebuild?only=index`, {
      method: 'POST',
      headers: auth,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const lines = (await res.text()).trim().split('\n')
    const written = Number(
      /^Search index: (\d+) written, 0 removed, 0 unchanged$/.exec(lines[0] ?? '')?.[1],
    )
    expect(written).toBeGreaterThan(20)
    expect(lines.slice(1)).toEqual(['Done: index only, 0 failed'])
    expect(await count('search_docs')).toBe(written)
    expect(await count('calendar_events')).toBeGreaterThan(0)
    // No page was built or stored, and no receipt written: only the index changed.
    expect(await count('page_revs')).toBe(pages)
    expect(await count('publish_receipts')).toBe(receipts)
  })

  it('answers 400 naming `only` when it asks for anything but the index', async () => {
    const res = await SELF.fetch(`${SITE}/admin/rebuild?only=pages`, {
      method: 'POST',
      headers: auth,
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.error.code).toBe('invalid_query')
    expect(Object.keys(body.error.fields ?? {})).toEqual(['only'])
  })

  it('refuses only=index without the staff token', async () => {
    const res = await SELF.fetch(`${SITE}/admin/rebuild?only=index`, { method: 'POST' })
    expect(res.status).toBe(401)
  })
})

describe('GET /admin/receipts', () => {
  it('lists publish receipts for staff, newest first', async () => {
    const res = await SELF.fetch(`${SITE}/admin/receipts?limit=5`, { headers: auth })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const { receipts } = (await res.json()) as {
      receipts: { reason: string; status: string; pagesRebuilt: string[]; startedAt: string }[]
    }
    expect(receipts.length).toBeGreaterThan(0)
    expect(receipts[0]).toMatchObject({ reason: 'staff rebuild of every page', status: 'done' })
    expect(receipts[0]?.pagesRebuilt).toContain('/courses')
  })

  it('refuses anonymous requests', async () => {
    const res = await SELF.fetch(`${SITE}/admin/receipts`)
    expect(res.status).toBe(401)
  })

  it('answers 400 saying which query parameter to fix', async () => {
    const res = await SELF.fetch(`${SITE}/admin/receipts?limit=0`, { headers: auth })
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.error.code).toBe('invalid_query')
    expect(Object.keys(body.error.fields ?? {})).toEqual(['limit'])
  })

  it('answers 404 for routes it does not have', async () => {
    const res = await rebuildAdmin.request('/admin/receipts/unknown', { headers: auth }, env)
    expect(res.status).toBe(404)
  })
})
