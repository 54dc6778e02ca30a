// Reading the search index (worker/search/index-reader.ts) over more matches than a search ranks:
// only the newest are scored, whatever the dates and however edits move them, and each kind is
// counted up to one past the limit.
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { searchIndex } from '../../../worker/search/index-reader'
import { searchTerms } from '../../../worker/search/text'
import { day, index, report, uniqueWord } from './helpers'

describe('searchIndex over more matches than it ranks', () => {
  it('ranks the newest matches only, counting each kind up to one past the limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ day: fc.integer({ min: 0, max: 6000 }), times: fc.nat(3) }), {
          minLength: 1,
          maxLength: 25,
          selector: (d) => d.day,
        }),
        fc.integer({ min: 1, max: 12 }),
        // Some documents are written again with another date, as an edit would.
        fc.array(fc.tuple(fc.nat(24), fc.integer({ min: 0, max: 6000 })), { maxLength: 4 }),
        async (drawn, candidates, moves) => {
          const word = uniqueWord('capword')
          const docs = new Map(
            drawn.map(({ day: d, times }) => {
              const summary = [...Array<string>(times).fill(word), 'filler', word].join(' ')
              return [`${word}-${d}`, { date: day(d), summary, times }]
            }),
          )
          const write = (id: string, v: { date: string; summary: string }) =>
            report(id, { title: 'Capped', date: v.date, summary: v.summary })
          await index([...docs].map(([id, v]) => write(id, v)))
          const used = new Set([...docs.values()].map((v) => v.date))
          for (const [which, d] of moves) {
            const id = [...docs.keys()][which % docs.size]
            const v = id === undefined ? undefined : docs.get(id)
            if (id === undefined || v === undefined || used.has(day(d))) continue
            used.add(day(d))
            docs.set(id, { ...v, date: day(d) })
            await index([write(id, { ...v, date: day(d) })])
          }
          const { found } = await searchIndex(
            env.DB,
            searchTerms(word),
            { orgSlug: null },
            { offset: 0, limit: 50 },
            candidates,
          )
          const expected = [...docs]
            .sort(([, a], [, b]) => b.date.localeCompare(a.date))
            .slice(0, candidates)
            .sort(([, a], [, b]) => b.times - a.times || b.date.localeCompare(a.date))
            .map(([id]) => `report.${id}`)
          expect(found?.hits.map((h) => h.docId)).toEqual(expected)
          expect(found?.counts.get('report')).toBe(Math.min(docs.size, candidates + 1))
        },
      ),
      { numRuns: 10 },
    )
  })
})
