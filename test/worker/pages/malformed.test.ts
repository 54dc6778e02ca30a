// Malformed and half-filled documents, written to the real content store (the Content Lake
// enforces no schema): lists leave out what lacks its essentials, pages degrade by omitting
// broken optional parts, a detail page with broken essentials is a 404, and nothing is a 500.
// Portable Text with script tags and javascript: links reaches the page escaped and unlinked.
import { env } from 'cloudflare:test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertStatements } from '../../../worker/search/index-writer'
import { block, built, createDrafts, inspect, pageDoc, uniqueSlug } from './helpers'

const s = {
  noSlug: uniqueSlug('no-slug'),
  bogus: uniqueSlug('bogus-session'),
  noTitle: uniqueSlug('no-title'),
  junk: uniqueSlug('junk-fields'),
  report: uniqueSlug('report'),
  news: uniqueSlug('news'),
  org: uniqueSlug('org'),
  campaign: uniqueSlug('campaign'),
}
const future = new Date(Date.now() + 30 * 86_400_000).toISOString()
let cleanup: () => Promise<void>

const evilBody = [
  block('<script>alert("pwned")</script> plain words'),
  {
    ...block('click me', {}),
    markDefs: [{ _key: 'l1', _type: 'link', href: 'javascript:alert(1)' }],
    children: [{ _type: 'span', _key: 's', text: 'click me', marks: ['l1'] }],
  },
  { _type: 'block', _key: 'bad', children: 'nope' },
]

beforeAll(async () => {
  cleanup = await createDrafts([
    {
      _id: `course.${s.noSlug}`,
      _type: 'course',
      title: `No slug ${s.noSlug}`,
      sessions: [{ _key: 'a', start: future }],
    },
    {
      ...pageDoc('course', s.bogus, `Bogus session ${s.bogus}`),
      sessions: [
        { _key: 'good', start: future, durationMinutes: 60, capacity: 10 },
        { _key: 'bad-date', start: 'soon', durationMinutes: 60 },
        { start: future },
        'session',
        null,
      ],
    },
    {
      _id: `course.${s.noTitle}`,
      _type: 'course',
      slug: { _type: 'slug', current: s.noTitle },
      sessions: [{ _key: 'a', start: future }],
    },
    {
      ...pageDoc('course', s.junk, `Junk fields ${s.junk}`),
      format: 42,
      audiences: { police: true },
      topics: ['nrm', 'not-a-topic'],
      trainers: 'Laura',
      providers: [{ _type: 'reference', _ref: 'organisation.does-not-exist', _key: 'x' }],
      price: { isFree: 'nope', amount: 'ten' },
      learningOutcomes: 'Everything',
      body: evilBody,
      sessions: { start: future },
      seo: 'none',
    },
    {
      ...pageDoc('report', s.report, `Malformed report ${s.report}`),
      publishedAt: 'last year',
      kind: 'novel',
      keyFindings: [1, 'A real finding', null],
      authors: 'Someone',
      externalUrl: 'javascript:alert(1)',
      fileSizeBytes: 'big',
      body: evilBody,
      publishers: [null, { _type: 'reference' }],
    },
    {
      ...pageDoc('newsPost', s.news, `Odd news ${s.news}`),
      publishedAt: 12,
      mainImage: { asset: 'x' },
      body: 'text',
    },
    {
      _id: `organisation.${s.org}`,
      _type: 'organisation',
      name: `Odd org ${s.org}`,
      slug: { _type: 'slug', current: s.org },
      website: 'ftp://x',
      partners: 'all',
      logo: { alt: 'no asset' },
    },
    {
      ...pageDoc('campaign', s.campaign, `Odd campaign ${s.campaign}`),
      petition: { goal: 'lots', milestones: 'some', showCount: 'yes', offlineCount: -5 },
      media: [{ caption: 'only a caption' }, 'x'],
    },
  ])
})

afterAll(async () => {
  await cleanup()
})

describe('malformed content', () => {
  it('leaves courses without a slug or title out of the list, keeps the rest', async () => {
    const page = await built('/courses', 'drafts')
    expect(page.status).toBe(200)
    // The list is paginated; search every page of upcoming courses.
    let text = ''
    for (let n = 1; ; n++) {
      const p = await built(`/courses?page=${n}`, 'drafts')
      if (p.status !== 200) break
      text += (await inspect(p.body)).text
    }
    expect(text).toContain(`Bogus session ${s.bogus}`)
    expect(text).toContain(`Junk fields ${s.junk}`)
    expect(text).not.toContain(`No slug ${s.noSlug}`)
    expect(text).not.toContain(s.noTitle)
  })

  it('renders a course with a bogus session, omitting only that session', async () => {
    const page = await built(`/courses/${s.bogus}`, 'drafts')
    expect(page.status).toBe(200)
    expect(page.body).toContain('id="session-good"')
    expect(page.body).not.toContain('id="session-bad-date"')
    expect(page.body.match(/<li class="session/g)).toHaveLength(1)
  })

  it('answers 404, not 500, for a course whose essentials are broken', async () => {
    const page = await built(`/courses/${s.noTitle}`, 'drafts')
    expect(page.status).toBe(404)
    expect((await inspect(page.body)).h1).toEqual(['Page not found'])
    // When an editor fixes it, this page must be rebuilt.
    expect(page.deps).toContain(`course.${s.noTitle}`)
  })

  it('degrades a course full of wrong types to what is valid, with escaped body text', async () => {
    const page = await built(`/courses/${s.junk}`, 'drafts')
    expect(page.status).toBe(200)
    const f = await inspect(page.body)
    expect(f.h1).toEqual([`Junk fields ${s.junk}`])
    expect(f.text).toContain('National Referral Mechanism')
    expect(f.text).toContain('<script>alert("pwned")</script> plain words')
    expect(page.body).not.toContain('<script>alert')
    expect(page.body).not.toContain('javascript:')
    expect(f.text).toContain('click me')
    expect(f.scripts).toBe(0)
  })

  it('renders a report with broken optional fields and a hostile body safely', async () => {
    const page = await built(`/reports/${s.report}`, 'drafts')
    expect(page.status).toBe(200)
    const f = await inspect(page.body)
    expect(f.text).toContain('A real finding')
    expect(page.body).not.toContain('javascript:')
    expect(page.body).not.toContain('<script>alert')
    expect(f.text).not.toContain('Download the report')
  })

  it('renders news, organisation and campaign pages with junk fields', async () => {
    for (const path of [`/news/${s.news}`, `/organisations/${s.org}`, `/campaigns/${s.campaign}`]) {
      const page = await built(path, 'drafts')
      expect(page.status, path).toBe(200)
      expect((await inspect(page.body)).h1).toHaveLength(1)
    }
    const org = await built(`/organisations/${s.org}`, 'drafts')
    expect(org.body).not.toContain('ftp://x')
  })

  it('keeps the other lists working around malformed documents', async () => {
    for (const path of ['/', '/reports', '/news', '/campaigns', `/search?q=${s.junk}`]) {
      expect((await built(path, 'drafts')).status, path).toBe(200)
    }
    // The search index holds published documents only; a card stored there that no longer
    // passes its schema is left out of the results, beside those that do.
    const word = `junkcard${s.junk.replace(/[^a-z]/g, '')}`
    const row = (id: string, card: Record<string, unknown>) =>
      upsertStatements(env.DB, {
        _id: id,
        _type: 'report',
        _rev: 'r1',
        slug: id,
        title: `Junk fields ${word}`,
        card,
      })
    await env.DB.batch([
      ...row(`report.${word}-bad`, { _id: `report.${word}-bad`, title: 42, slug: ['x'] }),
      ...row(`report.${word}-good`, {
        _id: `report.${word}-good`,
        title: `Junk fields ${word}`,
        slug: `${word}-good`,
      }),
    ])
    const search = await built(`/search?q=${word}`)
    expect(search.status).toBe(200)
    const headings = (await inspect(search.body)).headings.filter((h) => h.startsWith('h3:'))
    expect(headings).toEqual([`h3:Junk fields ${word}`])
  })
})
