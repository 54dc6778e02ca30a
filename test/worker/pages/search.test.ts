// /search over the D1 search index: words match whatever their case and accents, emoji neither
// fail nor match everything, titles rank above bodies, and ranked pages hold twelve (filters are
// in search-filters.test.ts). The seed is indexed as a full rebuild would; generated
// documents are written into the index as the rebuild consumer writes them, each with a word of
// its own, so nothing here depends on another suite's content.
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { CANDIDATES } from '../../../worker/search/index-reader'
import type { IndexDoc } from '../../../worker/search/index-writer'
import { day, index, report, uid, uniqueWord } from '../search/helpers'
import { block, built, indexSeed, searchPage as search } from './helpers'

beforeAll(indexSeed)

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
