// Reading the search index (worker/search/index-reader.ts) over more matches than a search ranks:
// only the newest are scored, whatever the dates and however edits move them, each kind is
// counted up to one past the limit, and the organisation filter offers what those newest name.
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { searchIndex } from '../../../worker/search/index-reader'
import { searchTerms } from '../../../worker/search/text'
import { day, index, report, uid, uniqueWord } from './helpers'
import type { IndexDoc } from '../../../worker/search/index-writer'

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

describe('searchIndex offers the organisations the newest matches name', () => {
  it('only indexed ones, named by a ranked match, by name', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.record({
            day: fc.integer({ min: 0, max: 6000 }),
            // Indices into the organisations below; 4 and 5 are named but never indexed.
            orgs: fc.uniqueArray(fc.nat(5), { maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 20, selector: (d) => d.day },
        ),
        fc.integer({ min: 1, max: 12 }),
        async (drawn, candidates) => {
          const word = uniqueWord('orgword')
          const run = uid()
          const ids = Array.from({ length: 6 }, (_, i) => `organisation.opt-${run}-${i}`)
          const orgDoc = (i: number): IndexDoc => ({
            _id: ids[i] ?? '',
            _type: 'organisation',
            _rev: 'r1',
            slug: `opt-${run}-${i}`,
            title: `Organisation ${i}`,
            orgs: [ids[i] ?? ''],
            card: { _id: ids[i], name: `Organisation ${i}` },
          })
          await index([
            ...[0, 1, 2, 3].map(orgDoc),
            ...drawn.map((d) =>
              report(`${word}-${d.day}`, {
                summary: word,
                date: day(d.day),
                orgs: d.orgs.map((i) => ids[i] ?? ''),
              }),
            ),
          ])
          const { orgs } = await searchIndex(
            env.DB,
            searchTerms(word),
            { orgSlug: null },
            { offset: 0, limit: 12 },
            candidates,
          )
          const named = new Set(
            [...drawn]
              .sort((a, b) => b.day - a.day)
              .slice(0, candidates)
              .flatMap((d) => d.orgs)
              .filter((i) => i < 4),
          )
          expect(orgs.map((o) => o.name)).toEqual(
            [...named].sort((a, b) => a - b).map((i) => `Organisation ${i}`),
          )
        },
      ),
      { numRuns: 10 },
    )
  })
})
