// /search's filters over the D1 search index: each kind counted, and narrowing by kind, topic and
// organisation; the organisation filter offers what the matches name; unknown values ignored and
// pages of twelve. Generated documents are written into the index as the rebuild consumer writes
// them, each with a word of its own, so nothing here depends on another suite's content.
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { ORG_OPTIONS_MAX } from '../../../worker/search/index-reader'
import { indexDocuments, type IndexDoc } from '../../../worker/search/index-writer'
import { index, report, uid, uniqueWord } from '../search/helpers'
import { built, indexSeed, searchPage as search } from './helpers'

beforeAll(indexSeed)

describe('/search filters and pages', () => {
  const word = uniqueWord('filterword')
  const orgA = { id: `organisation.search-a-${uid()}`, slug: `search-org-a-${uid()}` }
  const orgB = { id: `organisation.search-b-${uid()}`, slug: `search-org-b-${uid()}` }

  const org = (o: typeof orgA, name: string): IndexDoc => ({
    _id: o.id,
    _type: 'organisation',
    _rev: 'r1',
    slug: o.slug,
    title: name,
    orgs: [o.id],
    card: { _id: o.id, name, slug: o.slug },
  })
  /** The organisation filter's options on a results page, as `slug:name`. */
  const offered = async (path: string) => {
    const { page } = await search(path)
    const select = page.body.split('name="organisation"')[1]?.split('</select>')[0] ?? ''
    return [...select.matchAll(/<option value="([^"]+)"[^>]*>([^<]*)</g)].map(
      (o) => `${o[1] ?? ''}:${o[2] ?? ''}`,
    )
  }

  beforeAll(async () => {
    const news = (n: number): IndexDoc => ({
      _id: `newsPost.search-${word}-${n}`,
      _type: 'newsPost',
      _rev: 'r1',
      slug: `search-news-${word}-${n}`,
      title: `News ${n} on ${word}`,
      topics: ['trauma'],
      orgs: [orgB.id],
      date: `2025-02-${String(n + 1).padStart(2, '0')}`,
      card: { _id: `newsPost.search-${word}-${n}`, title: `News ${n} on ${word}`, slug: `n-${n}` },
    })
    await index([
      org(orgA, `Alpha ${word} Trust`),
      org(orgB, 'Beta Foundation'),
      ...Array.from({ length: 14 }, (_, i) =>
        report(`${word}-${i}`, {
          title: `Report ${String(i).padStart(2, '0')} on ${word}`,
          topics: i < 3 ? ['trauma'] : ['nrm'],
          orgs: i < 5 ? [orgA.id] : [],
        }),
      ),
      news(0),
      news(1),
    ])
  })

  it('counts each kind, and narrows to one with ?type=', async () => {
    const all = await search(`/search?q=${word}`)
    expect(all.facts.text).toContain(`17 results for “${word}”, page 1 of 2`)
    expect(all.facts.links.some((l) => l.text === 'Reports (14)')).toBe(true)
    expect(all.facts.links.some((l) => l.text === 'News (2)')).toBe(true)
    const news = await search(`/search?q=${word}&type=news`)
    expect(news.page.path).toBe(`/search?q=${word}&type=news`)
    expect(news.cards).toEqual([`News 1 on ${word}`, `News 0 on ${word}`])
    expect(news.facts.text).toContain(`2 news posts for “${word}”`)
    expect(news.page.body).toMatch(/<option value="news" selected/)
  })

  it('narrows by topic and by organisation, together with the kind', async () => {
    const trauma = await search(`/search?q=${word}&topic=trauma`)
    expect(trauma.facts.text).toContain(`5 results for “${word}”`)
    const traumaReports = await search(`/search?q=${word}&type=report&topic=trauma`)
    expect(traumaReports.cards.sort()).toEqual(
      [0, 1, 2].map((i) => `Report 0${i} on ${word}`).sort(),
    )
    const byA = await search(`/search?q=${word}&organisation=${orgA.slug}`)
    // The organisation itself and the five reports that name it.
    expect(byA.facts.text).toContain(`6 results for “${word}”`)
    expect(byA.page.body).toMatch(new RegExp(`<option value="${orgA.slug}" selected`))
    // The filter offers the organisations the matches name, by name.
    expect(await offered(`/search?q=${word}`)).toEqual([
      `${orgA.slug}:Alpha ${word} Trust`,
      `${orgB.slug}:Beta Foundation`,
    ])
    const both = await search(`/search?q=${word}&topic=trauma&organisation=${orgB.slug}`)
    expect(both.cards.sort()).toEqual([`News 0 on ${word}`, `News 1 on ${word}`])
    expect(both.page.path).toBe(`/search?q=${word}&topic=trauma&organisation=${orgB.slug}`)
  })

  it('offers only the organisations the matches of the chosen kind and topic name', async () => {
    // Only the news posts name Beta, and only reports 00–04 (and Alpha itself) name Alpha.
    expect(await offered(`/search?q=${word}&type=news`)).toEqual([`${orgB.slug}:Beta Foundation`])
    expect(await offered(`/search?q=${word}&type=report&topic=nrm`)).toEqual([
      `${orgA.slug}:Alpha ${word} Trust`,
    ])
    // A chosen organisation is offered (and selected) even where no match names it.
    const chosen = await search(`/search?q=${word}&type=report&topic=nrm&organisation=${orgB.slug}`)
    expect(chosen.page.body).toMatch(new RegExp(`<option value="${orgB.slug}" selected`))
    expect(chosen.facts.text).toContain(`No reports for “${word}”`)
    // Before anything is asked there are no matches, so no organisation list.
    expect((await built('/search')).body).not.toContain('name="organisation"')
  })

  it('never offers an organisation the index does not hold, though a match names it', async () => {
    const w = uniqueWord('orgref')
    const hidden = `organisation.not-published-${uid()}`
    const stranger = { id: `organisation.search-s-${uid()}`, slug: `search-org-s-${uid()}` }
    await index([
      org(stranger, 'Stranger Alliance'),
      report(`${w}-0`, { title: `Report on ${w}`, orgs: [hidden, orgB.id] }),
    ])
    const { page, cards } = await search(`/search?q=${w}`)
    expect(page.status).toBe(200)
    expect(cards).toEqual([`Report on ${w}`])
    // Beta is named and indexed; the unpublished one is named but not indexed; the stranger is
    // indexed but named by no match.
    expect(await offered(`/search?q=${w}`)).toEqual([`${orgB.slug}:Beta Foundation`])
  })

  it(`offers at most ${ORG_OPTIONS_MAX} organisations, those the most matches name`, async () => {
    const w = uniqueWord('manyorgs')
    const orgs = Array.from({ length: ORG_OPTIONS_MAX + 5 }, (_, i) => ({
      id: `organisation.search-m${i}-${uid()}`,
      slug: `search-org-m${i}-${uid()}`,
    }))
    const [busiest] = orgs.slice(-1)
    if (!busiest) throw new Error('no organisations')
    // Named more often than any indexed one, but never indexed: they must not take places.
    const unindexed = [1, 2, 3].map((i) => `organisation.search-gone${i}-${uid()}`)
    await index([
      ...orgs.map((o, i) => org(o, `Many ${String(i).padStart(2, '0')}`)),
      // One report for each organisation, and two more for the last one.
      ...orgs.map((o, i) => report(`${w}-${i}`, { title: `Report on ${w} ${i}`, orgs: [o.id] })),
      report(`${w}-x`, { title: `Report on ${w} x`, orgs: [busiest.id, ...unindexed] }),
      report(`${w}-y`, { title: `Report on ${w} y`, orgs: [busiest.id, ...unindexed] }),
      report(`${w}-z`, { title: `Report on ${w} z`, orgs: unindexed }),
      report(`${w}-w`, { title: `Report on ${w} w`, orgs: unindexed }),
    ])
    // By id alone the last one would be cut: ids sort m5…, m50–m54, m6, m7, m8, m9.
    const options = await offered(`/search?q=${w}`)
    expect(options).toHaveLength(ORG_OPTIONS_MAX)
    expect(options).toContain(`${busiest.slug}:Many ${ORG_OPTIONS_MAX + 4}`)
  })

  it('offers an organisation under its new name once renamed, and no more once removed', async () => {
    const orgC = { id: `organisation.search-c-${uid()}`, slug: `search-org-c-${uid()}` }
    const path = `/search?q=${word}`
    await index([org(orgC, `Aardvark ${word} Trust`)])
    expect(await offered(path)).toContain(`${orgC.slug}:Aardvark ${word} Trust`)
    await index([{ ...org(orgC, `Aardvark ${word} Foundation`), _rev: 'r2' }])
    const renamed = await offered(path)
    expect(renamed).toContain(`${orgC.slug}:Aardvark ${word} Foundation`)
    expect(renamed).not.toContain(`${orgC.slug}:Aardvark ${word} Trust`)
    // The store has no such document, so the index removes its row.
    expect((await indexDocuments(env, [orgC.id])).removed).toBe(1)
    expect((await offered(path)).some((o) => o.startsWith(`${orgC.slug}:`))).toBe(false)
  })

  it('ignores unknown filter values, as the listings do, and leaves them out of the path', async () => {
    const junk = await search(
      `/search?q=${word}&type=everything&topic=nope&organisation=no-such-org`,
    )
    expect(junk.page.status).toBe(200)
    expect(junk.page.path).toBe(`/search?q=${word}`)
    expect(junk.facts.text).toContain(`17 results for “${word}”`)
  })

  it('pages twelve at a time, and answers 404 past the last page or for a bad page', async () => {
    const first = await search(`/search?q=${word}&type=report`)
    expect(first.cards).toHaveLength(12)
    const next = first.facts.links.find((l) => l.text.includes('Next'))
    expect(next?.href.replaceAll('&amp;', '&')).toBe(`/search?q=${word}&type=report&page=2`)
    const second = await search(`/search?q=${word}&type=report&page=2`)
    expect(second.cards).toHaveLength(2)
    expect(second.cards.filter((c) => first.cards.includes(c))).toEqual([])
    expect((await built(`/search?q=${word}&type=report&page=3`)).status).toBe(404)
    expect((await built(`/search?q=${word}&page=two`)).status).toBe(404)
  })

  it('keeps words that look like query syntax as words', async () => {
    for (const q of [`${word}"] * ^`, `"${word}`, `${word}* : ( ) -`, `{${word}}`]) {
      const { page, cards } = await search(`/search?q=${encodeURIComponent(q)}`)
      expect(page.status, q).toBe(200)
      expect(cards.length, q).toBeGreaterThan(0)
    }
  })
})
