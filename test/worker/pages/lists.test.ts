// Listings: upcoming/past courses, the audience/topic/format filters (a plain GET form), the
// report library's year/kind/topic filters, pagination, and canonical paths that ignore junk.
// Assertions name seed content rather than totals: other suites add their own test documents.
import { describe, expect, it } from 'vitest'
import { built, inspect } from './helpers'

/** Titles of the cards (h3 links) on a listing page. */
async function cards(path: string, level: 'h2' | 'h3' = 'h3'): Promise<string[]> {
  const page = await built(path)
  expect(page.status).toBe(200)
  const f = await inspect(page.body)
  return f.headings.filter((h) => h.startsWith(`${level}:`)).map((h) => h.slice(3))
}

const NRM = 'Best practice and guidance for using the National Referral Mechanism'
const LONDON = 'Example: Introduction to child trafficking – London training day'
const REFRESHER = 'Example: National Referral Mechanism for children – online refresher'

describe('/courses', () => {
  it('shows upcoming and on-demand courses by default, past ones on the past tab', async () => {
    const upcoming = await built('/courses')
    const f = await inspect(upcoming.body)
    expect(f.text).toContain(LONDON)
    expect(f.text).toContain('Expert witness training')
    expect(f.text).toContain('Available any time')
    expect(f.text).not.toContain(NRM)
    const past = await cards('/courses?when=past')
    expect(past).toContain(NRM)
    expect(past).not.toContain(LONDON)
  })

  it('orders upcoming courses by their next session', async () => {
    const titles = await cards('/courses')
    // London's next session (March 2027) comes before the refresher's (June 2027).
    expect(titles.indexOf(LONDON)).toBeGreaterThanOrEqual(0)
    expect(titles.indexOf(LONDON)).toBeLessThan(titles.indexOf(REFRESHER))
  })

  it('filters by audience, topic and format, alone and combined', async () => {
    const police = await cards('/courses?audience=police')
    expect(police).toContain(REFRESHER)
    expect(police).not.toContain(LONDON)

    const trauma = await cards('/courses?topic=trauma')
    expect(trauma.length).toBeGreaterThan(0)
    expect(trauma).not.toContain(REFRESHER)

    const elearning = await built('/courses?format=e-learning')
    const ef = await inspect(elearning.body)
    expect(ef.text).toContain('Expert witness training')
    expect(ef.text).not.toContain(LONDON)

    const both = await cards('/courses?audience=police&format=e-learning')
    expect(both.length).toBeGreaterThan(0)
    expect(both).not.toContain(REFRESHER)
    expect(both).not.toContain('Expert Witness training')

    const pastPolice = await cards('/courses?when=past&audience=police&topic=nrm')
    expect(pastPolice).toEqual([NRM])
  })

  it('keeps the chosen filters selected in the form and offers to clear them', async () => {
    const page = await built('/courses?audience=police&topic=nrm')
    expect(page.body).toMatch(/<option value="police" selected="">/)
    expect(page.body).toMatch(/<option value="nrm" selected="">/)
    // A plain GET form, named by its heading for screen readers.
    expect(page.body).toContain(
      '<form method="get" action="/courses" aria-labelledby="filters-heading">',
    )
    expect(page.body).toContain(
      '<h2 id="filters-heading" class="visually-hidden">Filter courses</h2>',
    )
    const f = await inspect(page.body)
    expect(f.links.find((l) => l.text === 'Clear filters')?.href).toBe('/courses')
  })

  it('says so when nothing matches', async () => {
    const page = await built('/courses?audience=foster-carers&topic=supply-chains')
    expect((await inspect(page.body)).text).toContain('No courses match these filters')
  })

  it('gives a canonical path with known filters in a fixed order and junk dropped', async () => {
    expect((await built('/courses?format=webinar&audience=police&utm_source=x')).path).toBe(
      '/courses?audience=police&format=webinar',
    )
    expect((await built('/courses?audience=astronauts&topic=<script>')).path).toBe('/courses')
    expect((await built('/courses?page=1')).path).toBe('/courses')
  })

  it('paginates with disjoint pages, links between them, and 404 past the end', async () => {
    const first = await built('/courses')
    const f1 = await inspect(first.body)
    const next = f1.links.find((l) => l.rel === 'next')
    expect(next?.href).toBe('/courses?page=2')
    const page2 = await built('/courses?page=2')
    expect(page2.path).toBe('/courses?page=2')
    const [one, two] = [await cards('/courses'), await cards('/courses?page=2')]
    expect(one).toHaveLength(12)
    expect(two.length).toBeGreaterThan(0)
    expect(one.filter((t) => two.includes(t))).toEqual([])
    const f2 = await inspect(page2.body)
    expect(f2.links.find((l) => l.rel === 'prev')?.href).toBe('/courses')
    expect(f2.title).toContain('page 2')
    for (const bad of [
      '/courses?page=999',
      '/courses?page=0',
      '/courses?page=abc',
      '/courses?page=-1',
    ]) {
      expect((await built(bad)).status).toBe(404)
    }
  })
})

describe('/reports', () => {
  const NRM_STATS = 'National Referral Mechanism Statistics UK, 1st Quarter 2020 – January to March'
  const APPG =
    'All-Party Parliamentary Group on Sport, Modern Slavery and Human Rights – Interim Report'

  it('lists reports newest first with kind, date and publisher', async () => {
    const titles = await cards('/reports')
    expect(titles.indexOf(NRM_STATS)).toBeLessThan(titles.indexOf(APPG))
    const f = await inspect((await built('/reports')).body)
    expect(f.text).toContain('Statistics bulletin')
    expect(f.text).toContain('4 June 2020')
  })

  it('filters by year, kind and topic, offering only years that have reports', async () => {
    const y2020 = await cards('/reports?year=2020')
    expect(y2020).toContain(NRM_STATS)
    expect(y2020).not.toContain(APPG)
    const page = await built('/reports')
    expect(page.body).toContain('<option value="2019">2019</option>')
    expect(page.body).not.toContain('<option value="2001">')
    expect(await cards('/reports?kind=evaluation')).toEqual([
      'An evaluation of Independent Child Trafficking Guardians – early adopter sites',
    ])
    expect(await cards('/reports?kind=statistics-bulletin&topic=nrm')).toEqual([NRM_STATS])
    expect((await built('/reports?year=1066&kind=novel')).path).toBe('/reports')
  })
})

describe('/news', () => {
  it('pages through posts newest first', async () => {
    const first = await cards('/news', 'h2')
    expect(first).toHaveLength(12)
    expect(first[0]).toBe('ECPAT UK launches free learning webinars for home-working professionals')
    const second = await cards('/news?page=2', 'h2')
    expect(second.length).toBeGreaterThan(0)
    expect(first.filter((t) => second.includes(t))).toEqual([])
    expect((await built('/news?page=500')).status).toBe(404)
  })
})

describe('/campaigns', () => {
  it('separates live and upcoming campaigns from past ones', async () => {
    const f = await inspect((await built('/campaigns')).body)
    const headings = f.headings
    const live = headings.indexOf('h2:Live and upcoming campaigns')
    const past = headings.indexOf('h2:Past campaigns')
    expect(live).toBeGreaterThanOrEqual(0)
    expect(past).toBeGreaterThan(live)
    const guardian = headings.indexOf('h3:Example petition: a guardian for every trafficked child')
    expect(guardian).toBeGreaterThan(live)
    expect(guardian).toBeLessThan(past)
  })
})
