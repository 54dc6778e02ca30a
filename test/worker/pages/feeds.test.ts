// The machine-readable pages built from the seed content in the real embedded store: the XML
// parses, feed readers get the elements they need and identities stay stable (broken content:
// feeds-malformed.test.ts; the calendars: calendars.test.ts).
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { buildPage } from '../../../worker/pages/build'
import { built as page } from './helpers'
import { feedPaths } from '../../../worker/pages/feeds'
import { buildSitemapPart } from '../../../worker/pages/feeds/sitemap'
import { children, childText, parseXml } from './xml-parse'

const site = env.SITE_URL.replace(/\/$/, '')

// The seed's published courses. Other suites publish more documents into the same content store,
// so the feeds are checked for the seed's documents and at least the seed's totals, not exact ones.
const SEED_COURSES = [
  'advanced-child-trafficking',
  'cross-border-collaboration-2015',
  'example-introduction-london',
  'example-nrm-refresher',
  'htmse-compensation-claims',
  'htmse-criminal-law-non-prosecution',
  'htmse-expert-witness',
  'htmse-health-care',
  'htmse-housing-support',
  'htmse-immigration-public-law',
  'htmse-law-enforcement',
  'htmse-local-authority',
  'htmse-supply-chain-compliance',
  'introduction-to-child-trafficking',
  'legal-good-practice-sessions',
  'missing-from-care-webinar',
  'multiple-exploitation-webinar',
  'nrm-webinar',
  'seminar-health-needs',
  'seminar-trauma-and-abuse',
  'spiritual-abuse-webinar',
  'statutory-defence-webinar',
  'vietnam-trafficking-webinar',
]

describe('/robots.txt', () => {
  it('allows crawling, keeps staff and API routes out and points at the sitemap', async () => {
    const robots = await page('/robots.txt')
    expect(robots.status).toBe(200)
    expect(robots.contentType).toMatch(/^text\/plain/)
    const lines = robots.body.split('\n')
    expect(lines).toContain('User-agent: *')
    expect(lines).toContain('Allow: /')
    for (const p of ['/admin', '/api', '/dev', '/preview'])
      expect(lines).toContain(`Disallow: ${p}`)
    expect(lines).toContain(`Sitemap: ${site}/sitemap.xml`)
    expect(robots.deps).toEqual([])
  })
})

describe('/sitemap.xml', () => {
  /** The index's part paths, and every <url> of every part. */
  async function sitemapUrls() {
    const index = await page('/sitemap.xml')
    const root = parseXml(index.body)
    const parts = children(root, 'sitemap').map((s) => childText(s, 'loc') ?? '')
    const urls = []
    for (const loc of parts) {
      const part = await page(loc.slice(site.length))
      expect(part.status, loc).toBe(200)
      expect(part.contentType).toMatch(/^application\/xml/)
      const set = parseXml(part.body)
      expect(set.name).toBe('urlset')
      expect(set.attrs.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
      urls.push(...children(set, 'url'))
    }
    return { index, root, parts, urls }
  }

  it('is an index of parts that list every canonical page once with a lastmod', async () => {
    const { index, root, parts, urls } = await sitemapUrls()
    expect(index.status).toBe(200)
    expect(index.contentType).toMatch(/^application\/xml/)
    expect(root.name).toBe('sitemapindex')
    expect(root.attrs.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    expect(parts).toEqual(
      expect.arrayContaining([
        `${site}/sitemap-pages.xml`,
        `${site}/sitemap-courses-1.xml`,
        `${site}/sitemap-news-1.xml`,
        `${site}/sitemap-organisations-1.xml`,
      ]),
    )
    const locs = urls.map((u) => childText(u, 'loc') ?? '')
    expect(new Set(locs).size).toBe(locs.length)
    for (const u of urls) {
      expect(childText(u, 'loc')).toMatch(new RegExp(`^${site}/`))
      expect(Number.isNaN(Date.parse(childText(u, 'lastmod') ?? ''))).toBe(false)
    }
    for (const path of ['/', '/courses', '/campaigns', '/reports', '/news', '/contacts']) {
      expect(locs).toContain(`${site}${path}`)
    }
    expect(locs).toContain(`${site}/courses/nrm-webinar`)
    expect(locs).toContain(`${site}/organisations/htmse`)
    expect(locs).toContain(`${site}/news/child-trafficking-in-the-uk-2018-snapshot`)
    for (const slug of SEED_COURSES) expect(locs).toContain(`${site}/courses/${slug}`)
    // Seed: 23 published courses, 5 campaigns, 5 reports, 28 news posts, 15 organisations and
    // 6 listing pages (other suites may have published more).
    expect(urls.length).toBeGreaterThanOrEqual(23 + 5 + 5 + 28 + 15 + 6)
    const nrm = urls.find((u) => childText(u, 'loc') === `${site}/courses/nrm-webinar`)
    expect(nrm && childText(nrm, 'lastmod')).toBe('2026-11-16T10:00:00Z')
  })

  it('splits a type into parts of a fixed size in creation order, none past the last', async () => {
    const locsOf = async (n: number, size: number) => {
      const part = await buildSitemapPart(env, 'newsPost', n, 'published', size)
      return part ? children(parseXml(part.body), 'url').map((u) => childText(u, 'loc')) : null
    }
    const all = (await locsOf(1, 1000)) ?? []
    expect(all.length).toBeGreaterThanOrEqual(28)
    const first = await locsOf(1, 10)
    const second = await locsOf(2, 10)
    expect(first).toHaveLength(10)
    expect(second).toHaveLength(10)
    expect([...(first ?? []), ...(second ?? [])]).toEqual(all.slice(0, 20))
    expect(await locsOf(Math.ceil(all.length / 10) + 1, 10)).toBeNull()
    expect(await buildPage(env, new URL('/sitemap-news-999.xml', site))).toBeNull()
  })

  it("makes a part depend on its own documents and its type's membership, never the type", async () => {
    const courses = await page('/sitemap-courses-1.xml')
    expect(courses.deps).toEqual(expect.arrayContaining(['course.nrm-webinar', 'members:course']))
    expect(courses.deps.filter((d) => d.startsWith('type:'))).toEqual([])
    expect(courses.deps.filter((d) => d.startsWith('drafts.'))).toEqual([])
    const index = await page('/sitemap.xml')
    expect(index.deps).toEqual(expect.arrayContaining(['members:course', 'members:newsPost']))
    expect(index.deps.filter((d) => d.startsWith('type:'))).toEqual([])
    const pages = await page('/sitemap-pages.xml')
    for (const t of ['course', 'campaign', 'report', 'newsPost', 'organisation', 'contact']) {
      expect(pages.deps).toContain(`type:${t}`)
    }
  })
})

describe('/feed.xml', () => {
  it('is an Atom feed of news and reports, newest first, with escaped text', async () => {
    const feed = await page('/feed.xml')
    expect(feed.status).toBe(200)
    expect(feed.contentType).toMatch(/^application\/atom\+xml/)
    const root = parseXml(feed.body)
    expect(root.name).toBe('feed')
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2005/Atom')
    expect(childText(root, 'id')).toBe(`${site}/feed.xml`)
    expect(childText(root, 'title')).toBeTruthy()
    expect(children(root, 'author')).toHaveLength(1)
    const self = children(root, 'link').find((l) => l.attrs.rel === 'self')
    expect(self?.attrs.href).toBe(`${site}/feed.xml`)

    const entries = children(root, 'entry')
    expect(entries.length).toBeGreaterThanOrEqual(28 + 5)
    const ids = entries.map((e) => childText(e, 'id'))
    expect(new Set(ids).size).toBe(entries.length)
    for (const e of entries) {
      expect(childText(e, 'title')).toBeTruthy()
      expect(Number.isNaN(Date.parse(childText(e, 'updated') ?? ''))).toBe(false)
      expect(children(e, 'link')[0]?.attrs.href).toMatch(new RegExp(`^${site}/(news|reports)/`))
    }
    const published = entries.map((e) => Date.parse(childText(e, 'published') ?? ''))
    expect(published).toEqual([...published].sort((a, b) => b - a))
    // The newest item in the seed is the June 2020 statistics report, so it comes before every
    // other seed entry (anything ahead of it was published by another suite, after 2020); an
    // apostrophe in a title survives escaping.
    const titles = entries.map((e) => childText(e, 'title'))
    const newest = titles.indexOf(
      'National Referral Mechanism Statistics UK, 1st Quarter 2020 – January to March',
    )
    expect(newest).toBeGreaterThanOrEqual(0)
    const older = titles.indexOf(
      "Children are left behind by the Government's modern slavery agenda",
    )
    expect(older).toBeGreaterThan(newest)
    for (const p of published.slice(0, newest)) {
      expect(p).toBeGreaterThanOrEqual(published[newest] ?? 0)
    }
    expect(feed.body).toContain('&apos;')
  })

  it('depends on the entries shown and on both types', async () => {
    const { deps } = await page('/feed.xml')
    expect(deps).toEqual(
      expect.arrayContaining([
        'type:newsPost',
        'type:report',
        'siteSettings',
        'report.nrm-statistics-q1-2020',
        'newsPost.we-must-work-together-to-prevent-child-trafficking',
      ]),
    )
  })
})

describe('prebuilding', () => {
  it('lists the fixed feeds and one .ics per session', async () => {
    const paths = await feedPaths(env)
    expect(paths).toEqual(
      expect.arrayContaining([
        '/sitemap.xml',
        '/sitemap-pages.xml',
        '/sitemap-courses-1.xml',
        '/robots.txt',
        '/feed.xml',
        '/sessions.ics',
        '/courses/nrm-webinar/sessions/nrm-2020-03-30.ics',
        '/courses/nrm-webinar/sessions.ics',
      ]),
    )
    // The seed has 1 + 5 + 2 + 3 + 4 sessions in 9 courses; other suites may have published more.
    expect(paths.filter((p) => /\/sessions\/[^/]+\.ics$/.test(p)).length).toBeGreaterThanOrEqual(
      1 + 5 + 2 + 3 + 4,
    )
    expect(
      paths.filter((p) => /^\/courses\/[^/]+\/sessions\.ics$/.test(p)).length,
    ).toBeGreaterThanOrEqual(9)
    for (const slug of ['nrm-webinar', 'example-nrm-refresher', 'example-introduction-london'])
      expect(paths.some((p) => p.startsWith(`/courses/${slug}/sessions/`))).toBe(true)
  })
})
