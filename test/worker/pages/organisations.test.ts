// /organisations, the directory an organisation page's breadcrumb points to: every organisation
// A to Z, a page at a time, filtered by kind through a plain GET form; it appears in the site
// navigation and the sitemap. Assertions name seed organisations rather than totals.
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { built, inspect, ORIGIN } from './helpers'

/** The seed's organisations by kind (studio/seed/dataset.ndjson). */
const PARLIAMENT = [
  'All-Party Parliamentary Group on Sport, Modern Slavery and Human Rights',
  'Commonwealth Parliamentary Association',
]
const CHARITIES = ['ECPAT UK', "Barnardo's", 'NSPCC Child Trafficking Advice Centre (CTAC)']
const OTHERS = ['Home Office', 'National Crime Agency (NCA)', 'University of Bedford', 'ABTA']

/** Names on the organisation cards (h3 links) of a directory page. */
async function names(path: string): Promise<string[]> {
  const page = await built(path)
  expect(page.status, path).toBe(200)
  const f = await inspect(page.body)
  return f.headings.filter((h) => h.startsWith('h3:')).map((h) => h.slice(3))
}

describe('/organisations', () => {
  it('lists organisations A to Z, each linking to its page, with one h1 and a labelled GET form', async () => {
    const res = await SELF.fetch(`${ORIGIN}/organisations`)
    expect(res.status).toBe(200)
    const html = await res.text()
    const f = await inspect(html)
    expect(f.h1).toEqual(['Organisations'])
    expect(f.links).toContainEqual(
      expect.objectContaining({ href: '/organisations/ecpat-uk', text: 'ECPAT UK' }),
    )
    const first = await names('/organisations')
    expect(first).toEqual([...first].sort())
    // A plain GET form (works without JavaScript) with an accessible name and a labelled select.
    expect(html).toMatch(/<form method="get" action="\/organisations" aria-labelledby="([^"]+)">/)
    const labelledBy = /action="\/organisations" aria-labelledby="([^"]+)"/.exec(html)?.[1] ?? ''
    expect(html).toContain(`id="${labelledBy}"`)
    expect(html).toContain('<label for="filter-kind">Kind of organisation</label>')
    expect(html).toContain('<select id="filter-kind" name="kind">')
    expect(html).toContain('<option value="parliament">Parliamentary group</option>')
  })

  it('pages 12 at a time: disjoint pages, a labelled pagination nav, and 404 past the end', async () => {
    const one = await names('/organisations')
    expect(one).toHaveLength(12)
    const page1 = await inspect((await built('/organisations')).body)
    expect(page1.links.find((l) => l.rel === 'next')?.href).toBe('/organisations?page=2')
    expect((await built('/organisations')).body).toContain('aria-label="Pagination"')
    const page2 = await built('/organisations?page=2')
    expect(page2.path).toBe('/organisations?page=2')
    const two = await names('/organisations?page=2')
    expect(two.length).toBeGreaterThan(0)
    expect(one.filter((n) => two.includes(n))).toEqual([])
    // Every seed organisation is on one of the pages, and page 2 follows page 1 in order.
    for (const name of [...PARLIAMENT, ...CHARITIES, ...OTHERS]) {
      expect([...one, ...two]).toContain(name)
    }
    expect([...one, ...two]).toEqual([...one, ...two].sort())
    const f2 = await inspect(page2.body)
    expect(f2.links.find((l) => l.rel === 'prev')?.href).toBe('/organisations')
    expect(f2.title).toContain('page 2')
    for (const bad of ['/organisations?page=999', '/organisations?page=0', '/organisations?page=x'])
      expect((await built(bad)).status, bad).toBe(404)
  })

  it('filters by kind, keeps the choice selected and pages within it', async () => {
    const page = await built('/organisations?kind=parliament')
    expect(page.path).toBe('/organisations?kind=parliament')
    expect(await names('/organisations?kind=parliament')).toEqual(PARLIAMENT)
    expect(page.body).toContain('<option value="parliament" selected="">')
    const f = await inspect(page.body)
    expect(f.text).toContain('2 organisations match your filters')
    expect(f.links.find((l) => l.text === 'Clear filters')?.href).toBe('/organisations')

    const charities = await names('/organisations?kind=charity')
    for (const name of CHARITIES) expect(charities).toContain(name)
    for (const name of [...PARLIAMENT, ...OTHERS]) expect(charities).not.toContain(name)
  })

  it('ignores an unknown kind, as /courses ignores an unknown filter: every organisation, canonical path', async () => {
    for (const bad of ['astronauts', '<script>', 'Charity', '']) {
      const page = await built(`/organisations?kind=${encodeURIComponent(bad)}&utm_source=x`)
      expect(page.status, bad).toBe(200)
      expect(page.path, bad).toBe('/organisations')
      expect(page.body).not.toContain('selected=""')
    }
    expect(await names('/organisations?kind=astronauts')).toEqual(await names('/organisations'))
  })

  it('is in the site navigation and the sitemap', async () => {
    const f = await inspect((await built('/organisations')).body)
    const nav = await inspect((await built('/courses')).body)
    expect(nav.links).toContainEqual(
      expect.objectContaining({ href: '/organisations', text: 'Organisations' }),
    )
    // The directory's own navigation item is marked as the current page.
    expect((await built('/organisations')).body).toMatch(
      /<a href="\/organisations" aria-current="page">Organisations<\/a>/,
    )
    expect(f.h1).toHaveLength(1)
    const sitemap = await built('/sitemap-pages.xml')
    expect(sitemap.body).toMatch(/<loc>[^<]*\/organisations<\/loc>/)
  })

  it('rebuilds when any organisation changes (its dependencies list the organisation type)', async () => {
    expect((await built('/organisations')).deps).toContain('type:organisation')
    expect((await built('/organisations?kind=charity&page=1')).deps).toContain('type:organisation')
  })
})
