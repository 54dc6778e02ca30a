// An organisation's page lists a bounded number of what names it (the next upcoming courses, the
// latest reports) with links to the full lists filtered to it, and those filtered lists page
// through everything; later pages of /news and /reports show the right cards in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { built, createDrafts, inspect, pageDoc, uniqueSlug } from './helpers'

const DAY = 86_400_000
const base = Date.now()
const at = (ms: number) => new Date(base + ms).toISOString()
const run = uniqueSlug('org')
const ORG_ID = `organisation.${run}`
const ORG_NAME = `Lists Test Org ${run}`
const title = (name: string) => `${name} ${run}`
let cleanup: () => Promise<void>

function course(name: string, start: string) {
  return {
    ...pageDoc('course', `${run}-${name}`, title(name)),
    format: 'webinar',
    providers: [{ _type: 'reference', _key: 'p0', _ref: ORG_ID }],
    sessions: [
      {
        _key: 's0',
        _type: 'courseSession',
        start,
        durationMinutes: 60,
        timezone: 'Europe/London',
        status: 'scheduled',
      },
    ],
  }
}

function report(name: string, publishedAt: string) {
  return {
    ...pageDoc('report', `${run}-${name}`, title(name)),
    kind: 'research',
    publishedAt,
    publishers: [{ _type: 'reference', _key: 'p0', _ref: ORG_ID }],
  }
}

function news(name: string, publishedAt: string) {
  return {
    ...pageDoc('newsPost', `${run}-${name}`, title(name)),
    publishedAt,
  }
}

const n2 = (i: number) => String(i).padStart(2, '0')
// 14 upcoming courses, c01 soonest; 2 past ones.
const UPCOMING = Array.from({ length: 14 }, (_, i) => `c${n2(i + 1)}`)
// 14 reports, r01 newest (published in 2101 so no other report comes before them).
const REPORTS = Array.from({ length: 14 }, (_, i) => `r${n2(i + 1)}`)
// 14 news posts, n01 newest (dated in 2101, so they head /news in the drafts perspective).
const NEWS = Array.from({ length: 14 }, (_, i) => `n${n2(i + 1)}`)

beforeAll(async () => {
  cleanup = await createDrafts([
    {
      _id: ORG_ID,
      _type: 'organisation',
      name: ORG_NAME,
      slug: { _type: 'slug', current: run },
      kind: 'charity',
    },
    ...UPCOMING.map((name, i) => course(name, at((i + 1) * DAY))),
    course('past-a', at(-2 * DAY)),
    course('past-b', at(-3 * DAY)),
    ...REPORTS.map((name, i) => report(name, `2101-12-${n2(28 - i)}`)),
    ...NEWS.map((name, i) => news(name, `2101-12-${n2(28 - i)}T12:00:00Z`)),
  ])
})

afterAll(async () => {
  await cleanup()
})

/** Titles of this file's cards (headings at `level`) on a page, in order. */
async function titles(path: string, level: 'h2' | 'h3' = 'h3'): Promise<string[]> {
  const page = await built(path, 'drafts')
  expect(page.status).toBe(200)
  const f = await inspect(page.body)
  return f.headings
    .filter((h) => h.startsWith(`${level}:`) && h.includes(run))
    .map((h) => h.slice(3).replace(` ${run}`, ''))
}

describe('an organisation page with many courses and reports', () => {
  it('lists the next 6 upcoming courses, soonest first, and the latest 6 reports', async () => {
    const shown = await titles(`/organisations/${run}`)
    expect(shown.filter((t) => t.startsWith('c'))).toEqual(UPCOMING.slice(0, 6))
    expect(shown.filter((t) => t.startsWith('r'))).toEqual(REPORTS.slice(0, 6))
    expect(shown.some((t) => t.startsWith('past'))).toBe(false)
  })

  it('says how many there are and links to the full lists filtered to the organisation', async () => {
    const f = await inspect((await built(`/organisations/${run}`, 'drafts')).body)
    expect(f.text).toContain('The next 6 of 14 upcoming courses.')
    // hrefs as written in the HTML, where & is &amp;
    const link = (text: string) =>
      f.links.find((l) => l.text === text)?.href.replaceAll('&amp;', '&')
    expect(link(`See all 14 upcoming courses from ${ORG_NAME}`)).toBe(
      `/courses?organisation=${run}`,
    )
    expect(link(`Past courses from ${ORG_NAME}`)).toBe(`/courses?when=past&organisation=${run}`)
    expect(link(`See all 14 reports from ${ORG_NAME}`)).toBe(`/reports?organisation=${run}`)
  })

  it('depends on the cards it shows and goes stale when its soonest course ends', async () => {
    const page = await built(`/organisations/${run}`, 'drafts')
    expect(page.deps).toEqual(
      expect.arrayContaining([ORG_ID, `course.${run}-c01`, `report.${run}-r06`, 'type:course']),
    )
    expect(page.deps).not.toContain(`course.${run}-c07`)
    expect(page.deps).not.toContain(`report.${run}-r07`)
    expect(page.staleAt).toBe(new Date(base + DAY + 60 * 60_000).toISOString())
  })

  it('its "see all" links list every course and report, page by page', async () => {
    const courses = await built(`/courses?organisation=${run}`, 'drafts')
    const f = await inspect(courses.body)
    expect(f.text).toContain(`Provided by ${ORG_NAME}`)
    expect(f.text).toContain('14 courses match your filters')
    expect(await titles(`/courses?organisation=${run}`)).toEqual(UPCOMING.slice(0, 12))
    expect(await titles(`/courses?organisation=${run}&page=2`)).toEqual(UPCOMING.slice(12))
    expect(await titles(`/courses?when=past&organisation=${run}`)).toEqual(['past-a', 'past-b'])
    const reports = await inspect((await built(`/reports?organisation=${run}`, 'drafts')).body)
    expect(reports.text).toContain(`Published by ${ORG_NAME}`)
    expect(reports.text).toContain('14 reports match your filters')
    expect(await titles(`/reports?organisation=${run}&page=2`)).toEqual(REPORTS.slice(12))
    expect((await built(`/reports?organisation=${run}&page=3`, 'drafts')).status).toBe(404)
  })

  it('ignores an organisation no one has', async () => {
    expect((await built('/reports?organisation=no-such-org')).path).toBe('/reports')
    expect((await built('/courses?organisation=no-such-org&topic=nrm')).path).toBe(
      '/courses?topic=nrm',
    )
  })
})

describe('later pages of /news and /reports', () => {
  it('page 2 of /news continues where page 1 stops, newest first', async () => {
    expect(await titles('/news', 'h2')).toEqual(NEWS.slice(0, 12))
    const second = await built('/news?page=2', 'drafts')
    expect(second.deps).toEqual(
      expect.arrayContaining([`newsPost.${run}-n13`, `newsPost.${run}-n14`, 'type:newsPost']),
    )
    expect(second.deps).not.toContain(`newsPost.${run}-n12`)
    expect(await titles('/news?page=2', 'h2')).toEqual(NEWS.slice(12))
  })

  it('page 2 follows the list when a newer post shifts it, after an earlier build of page 2', async () => {
    // The earlier build taught this isolate page 2's window; the new post moves n12 onto page 2.
    expect(await titles('/news?page=2', 'h2')).toEqual(NEWS.slice(12))
    const removeNewer = await createDrafts([news('n00', '2101-12-30T12:00:00Z')])
    try {
      expect(await titles('/news?page=2', 'h2')).toEqual(NEWS.slice(11))
      expect(await titles('/news?page=2', 'h2')).toEqual(NEWS.slice(11))
    } finally {
      await removeNewer()
    }
    expect(await titles('/news?page=2', 'h2')).toEqual(NEWS.slice(12))
  })

  it('filters /reports by year in the store and offers the years present', async () => {
    const page = await built('/reports?year=2101', 'drafts')
    expect(page.path).toBe('/reports?year=2101')
    expect(page.body).toMatch(/<option value="2101" selected[^>]*>2101<\/option>/)
    expect(await titles('/reports?year=2101&page=2')).toEqual(REPORTS.slice(12))
  })
})
