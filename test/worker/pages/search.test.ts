// /search over the D1 search index: words match whatever their case and accents, emoji neither
// fail nor match everything, titles rank above bodies, filters narrow by kind, topic and
// organisation, and pages hold twelve. The seed is indexed as a full rebuild would; generated
// documents are written into the index as the rebuild consumer writes them, each with a word of
// its own, so nothing here depends on another suite's content.
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { CANDIDATES, ORG_OPTIONS_MAX } from '../../../worker/search/index-reader'
import { indexDocuments, reindexAll, type IndexDoc } from '../../../worker/search/index-writer'
import { day, index, report, uid, uniqueWord } from '../search/helpers'
import { block, built, inspect } from './helpers'

async function search(path: string) {
  const page = await built(path)
  const facts = await inspect(page.body)
  const cards = facts.headings.filter((h) => h.startsWith('h3:')).map((h) => h.slice(3))
  return { page, facts, cards }
}

beforeAll(async () => {
  // The seed, as `npm run rebuild` indexes it (and the settings every search page shows).
  const filled = await reindexAll(env)
  expect(filled.indexed).toBeGreaterThan(20)
})

describe('/search matches words whatever their case and accents', () => {
  it('finds Romanian and Vietnamese text by its plain spelling', async () => {
    const id = uid()
    await index([
      report(`ro-${id}`, { title: `Ghid pentru protecția copilului ${id}` }),
      report(`vi-${id}`, {
        title: `Bảo vệ trẻ em ở Việt Nam ${id}`,
        summary: 'Báo cáo thường niên',
      }),
    ])
    const ro = await search(`/search?q=protectia+${id}`)
    expect(ro.cards).toEqual([`Ghid pentru protecția copilului ${id}`])
    const vi = await search(`/search?q=${encodeURIComponent(`viet nam ${id}`)}`)
    expect(vi.cards).toEqual([`Bảo vệ trẻ em ở Việt Nam ${id}`])
    // And the other way round: accented, upper-case words find plain text.
    const upper = await search(`/search?q=${encodeURIComponent(`PROTECȚIA ${id}`)}`)
    expect(upper.cards).toHaveLength(1)
  })

  it('finds any word with diacritics by the word without them, in any case', async () => {
    // Each accented letter with its plain form (written out, not derived by the code under test).
    const letters: [string, string][] = [
      ['ă', 'a'], ['â', 'a'], ['î', 'i'], ['ș', 's'], ['ş', 's'], ['ț', 't'], ['ţ', 't'],
      ['ệ', 'e'], ['ế', 'e'], ['ư', 'u'], ['ơ', 'o'], ['ộ', 'o'], ['đ', 'd'], ['é', 'e'],
      ['ü', 'u'], ['ñ', 'n'], ['ç', 'c'], ['ø', 'o'], ['ł', 'l'], ['a', 'a'], ['r', 'r'],
      ['m', 'm'], ['k', 'k'],
    ] // prettier-ignore
    const letter = fc.constantFrom(...letters)
    await fc.assert(
      fc.asyncProperty(
        fc.array(letter, { minLength: 2, maxLength: 10 }),
        fc.boolean(),
        async (chosen, upper) => {
          const stem = uniqueWord('zw')
          const word = stem + chosen.map(([a]) => a).join('')
          const plain = stem + chosen.map(([, p]) => p).join('')
          const shown = upper ? word.toUpperCase() : word
          const id = uid()
          await index([report(id, { title: `Ghid ${shown}` })])
          const asked = upper ? plain : plain.toUpperCase()
          const found = await search(`/search?q=${encodeURIComponent(asked)}`)
          expect(found.cards, `${asked} should find “Ghid ${shown}”`).toEqual([`Ghid ${shown}`])
        },
      ),
      { numRuns: 25 },
    )
  })
})

describe('/search matches whole words, whatever their English ending', () => {
  it('finds a word by another form of it, and never by a part of it', async () => {
    const id = uniqueWord('stem')
    await index([report(id, { title: `Spotting trafficking ${id}`, summary: 'Courses we run' })])
    for (const q of ['trafficked', 'Traffickers', 'course', 'running']) {
      const { cards } = await search(`/search?q=${encodeURIComponent(`${q} ${id}`)}`)
      expect(cards, q).toEqual([`Spotting trafficking ${id}`])
    }
    for (const q of ['traff', 'spotti', id.slice(0, -2)]) {
      const { cards } = await search(`/search?q=${encodeURIComponent(`${q} ${id}`)}`)
      expect(cards, q).toEqual([])
    }
  })
})

describe('/search and emoji', () => {
  it('answers an emoji-only query with no results and a hint, never with everything', async () => {
    for (const q of ['🙂', '🏳️‍🌈', '👩🏽‍⚕️🙂', '★ ✓ …']) {
      const { page, facts, cards } = await search(`/search?q=${encodeURIComponent(q)}`)
      expect(page.status).toBe(200)
      expect(cards).toEqual([])
      expect(facts.text).toContain(`No results for “${q}”`)
      expect(facts.text).toContain('Search with words')
    }
  })

  it('finds content that has emoji by its words, and ignores emoji beside words', async () => {
    const word = uniqueWord('summercamp')
    await index([report(uid(), { title: `🏕️ ${word}🎉 for young people 👩🏽‍⚕️` })])
    for (const q of [word, `${word} 🙂`, `🏕️${word}`]) {
      const { cards } = await search(`/search?q=${encodeURIComponent(q)}`)
      expect(cards, q).toEqual([`🏕️ ${word}🎉 for young people 👩🏽‍⚕️`])
    }
  })
})

describe('/search ranking', () => {
  it('lists documents with the word in the title before those with it only in the body', async () => {
    const word = uniqueWord('rankword')
    await index([
      // Newer, and the word three times, but only in the body.
      report(`body-${uid()}`, {
        title: 'Annual review',
        date: '2026-03-01',
        body: [block(`This year ${word} work grew. ${word} training, ${word} partners.`)],
      }),
      report(`summary-${uid()}`, { title: 'Quarterly note', summary: `About ${word}.` }),
      report(`title-${uid()}`, { title: `The ${word} guide`, date: '2020-01-01' }),
    ])
    const { cards } = await search(`/search?q=${word}`)
    expect(cards).toEqual([`The ${word} guide`, 'Quarterly note', 'Annual review'])
  })
})

describe('/search pages of ranked results', () => {
  it('lists better matches first and equal ones newest first, each on one page only', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.record({
            day: fc.integer({ min: 0, max: 3000 }),
            times: fc.integer({ min: 0, max: 9 }),
          }),
          { minLength: 1, maxLength: 30, size: 'max', selector: (d) => d.day },
        ),
        async (drawn) => {
          const word = uniqueWord('tieword')
          // Every summary is nine words long and has the word 0–9 times: documents with as many
          // score the same, and more of them score better. The cards show each one's date.
          const docs = drawn.map(({ day, times }) => {
            const date = new Date(Date.UTC(2018, 0, 1) + day * 86_400_000)
              .toISOString()
              .slice(0, 10)
            const summary = [
              ...Array<string>(times).fill(word),
              ...Array<string>(9 - times).fill('filler'),
            ]
            const doc: IndexDoc = {
              ...report(`${word}-${day}`, { date }),
              title: `Tie ${word}`,
              summary: summary.join(' '),
            }
            return { doc, date, times }
          })
          await index(docs.map((d) => d.doc))
          const expected = [...docs]
            .sort((a, b) => b.times - a.times || b.date.localeCompare(a.date))
            .map((d) => d.date)
          const shown: string[] = []
          for (let page = 1; page <= Math.ceil(docs.length / 12); page++) {
            const found = await search(`/search?q=${word}&type=report&page=${page}`)
            expect(found.page.status).toBe(200)
            const dates = found.page.body.matchAll(/<time datetime="(\d{4}-\d{2}-\d{2})"/g)
            shown.push(...[...dates].map((m) => m[1] ?? ''))
          }
          expect(shown).toEqual(expected)
        },
      ),
      { numRuns: 8 },
    )
  })
})

describe('/search over more matches than it ranks', () => {
  it(`says "more than ${CANDIDATES}" and pages only as far as the ranked matches`, async () => {
    const word = uniqueWord('manyword')
    const docs = Array.from({ length: CANDIDATES + 1 }, (_, i) =>
      report(`${word}-${i}`, { title: `Many ${word} ${i}`, date: day(i) }),
    )
    for (let i = 0; i < docs.length; i += 250) await index(docs.slice(i, i + 250))
    const all = await search(`/search?q=${word}`)
    expect(all.facts.text).toContain(`More than 500 results for “${word}”, page 1 of 42`)
    expect(all.facts.text).toContain('These are the best of the newest 500.')
    expect(all.facts.links.some((l) => l.text === 'Reports (500+)')).toBe(true)
    // Equal matches, so the newest first; the oldest is past the ranked ones.
    expect(all.cards[0]).toBe(`Many ${word} ${CANDIDATES}`)
    const last = await search(`/search?q=${word}&page=42`)
    expect(last.cards.at(-1)).toBe(`Many ${word} 1`)
    expect((await built(`/search?q=${word}&page=43`)).status).toBe(404)
  })
})

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

describe('/search over the seed', () => {
  it('finds seeded content, and shows just the form before anything is asked', async () => {
    const found = await search('/search?q=county+lines')
    expect(found.cards.length).toBeGreaterThan(0)
    const empty = await search('/search?type=report')
    expect(empty.page.path).toBe('/search')
    expect(empty.facts.text).not.toContain('results for')
    const none = await search('/search?q=qqxqqnothingmatches')
    expect(none.facts.text).toContain('No results for “qqxqqnothingmatches”')
  })
})
