// Feeds built from broken content (as the Content Lake allows: it enforces no schema): bad
// documents are left out, odd characters cannot break the XML, and nothing fails with a 500.
import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { indexDocuments } from '../../../worker/search/index-writer'
import { built as page } from './helpers'
import { components, icsLines, prop } from '../lib/ics-parse'
import { children, childText, parseXml } from './xml-parse'

const site = env.SITE_URL.replace(/\/$/, '')
const host = new URL(env.SITE_URL).hostname

describe('malformed content', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  // GROQ projects a missing field as null, so the fakes spell out nulls the same way.
  const missing = {
    _updatedAt: null,
    publishedAt: null,
    excerpt: null,
    mainImage: null,
    topics: null,
  }

  function serve(result: unknown) {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () =>
      Response.json({ result, ms: 1, query: '' }),
    )
  }

  it('leaves bad documents out of the sitemap and honours noIndex', async () => {
    serve({
      documents: [
        { _id: 'report.ok', _type: 'report', _updatedAt: '2026-01-01T00:00:00Z', slug: 'ok' },
        { _id: 'report.hidden', _type: 'report', slug: 'hidden', noIndex: true },
        { _id: 'report.bad-slug', _type: 'report', slug: 'a b/../c' },
        { _id: 'course.no-slug', _type: 'course' },
        'garbage',
      ],
    })
    const sitemap = await page('/sitemap-reports-1.xml')
    const locs = children(parseXml(sitemap.body), 'url').map((u) => childText(u, 'loc'))
    expect(locs).toContain(`${site}/reports/ok`)
    expect(locs.some((l) => l?.includes('hidden') || l?.includes('bad-slug'))).toBe(false)
  })

  it('keeps the Atom feed well-formed whatever characters editors type', async () => {
    serve({
      settings: null,
      news: [
        {
          ...missing,
          _id: 'n1',
          title: 'Tom & Jerry <script>\u0007',
          slug: 'tj',
          publishedAt: '2026-01-02T00:00:00Z',
          excerpt: ']]> "quoted"',
        },
        { ...missing, _id: 'n2', slug: 'no-title', title: null },
      ],
      reports: 'nope',
    })
    const root = parseXml((await page('/feed.xml')).body)
    const entries = children(root, 'entry')
    expect(entries).toHaveLength(1)
    expect(childText(entries[0] ?? root, 'title')).toBe('Tom & Jerry <script>')
  })

  it('drops a session with an unreadable start from the calendar feed', async () => {
    const inAMonth = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString()
    // The calendar is read from the index, which the publish path writes from this answer.
    serve({
      settings: null,
      docs: [
        {
          _id: 'course.x',
          _type: 'course',
          _rev: 'r1',
          slug: 'x',
          title: 'X',
          card: {},
          calendar: {
            ...missing,
            _id: 'course.x',
            title: 'X',
            summary: null,
            isExample: true,
            slug: 'x',
            sessions: [
              { _key: 'bad', start: 'next tuesday' },
              // Within the calendar's window (the next 365 days).
              { _key: 'good', start: inAMonth, timezone: 'Not/AZone' },
            ],
          },
        },
      ],
    })
    await indexDocuments(env, ['course.x'])
    serve({ settings: null, org: null })
    const events = components(icsLines((await page('/sessions.ics')).body), 'VEVENT')
    expect(events.map((e) => prop(e, 'UID')?.value)).toEqual([`course.x-good@${host}`])
    // An unknown zone is replaced by the site's default one.
    expect(prop(events[0] ?? [], 'DTSTART')?.params.TZID).toBe('Europe/London')
    expect(prop(events[0] ?? [], 'SUMMARY')?.value).toBe('[Example] X')
  })
})
