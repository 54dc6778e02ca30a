// Narrowing on lookups known only at evaluation time (`references(^._id)`, `_id in ^.ids`,
// `_id == ^.one`) must never change a result: random documents holding references in every shape
// groq-js's `references()` reads or skips (weak, nested in bodies, inside another reference, with
// an empty or a non-string `_ref`, to missing documents), random subqueries, and random writes to
// the live views, each compared with groq-js over the whole view.
import fc from 'fast-check'
import { parse } from 'groq-js'
import { describe, expect, it } from 'vitest'
import { narrow } from '../../../studio/store/narrow'
import type { SanityDoc } from '../../../studio/store/types'
import { buildView } from '../../../studio/store/views'
import * as harness from './engine'

const TYPES = ['course', 'organisation', 'report']
const IDS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6']
/** Ids documents point at: stored ones, a draft's, and one that never exists. */
const TARGETS = [...IDS, 'drafts.d1', 'gone']

const target = fc.constantFrom(...TARGETS)
const referenceShape: fc.Arbitrary<unknown> = fc.oneof(
  target.map((id) => ({ _type: 'reference', _ref: id })),
  target.map((id) => ({ _type: 'reference', _ref: id, _weak: true })),
  // groq-js reads no further inside an object that has a `_ref`...
  fc.tuple(target, target).map(([a, b]) => ({ _ref: a, inner: { _ref: b } })),
  // ...unless that `_ref` is empty; a non-string one is read and matches nothing.
  target.map((id) => ({ _ref: '', inner: { _ref: id } })),
  fc.constant({ _ref: 5 }),
  target.map((id) => [{ _type: 'block', markDefs: [{ _type: 'link', _ref: id }] }]),
)

const docArb = (id: string) =>
  fc
    .record({
      type: fc.constantFrom(...TYPES),
      refs: fc.array(referenceShape, { maxLength: 3 }),
      ids: fc.option(fc.array(fc.oneof(target, fc.constant(3)), { maxLength: 3 }), { nil: null }),
      one: fc.option(target, { nil: null }),
      kind: fc.option(fc.constantFrom<unknown>(...TYPES, 'nope', 3), { nil: null }),
    })
    .map(({ type, refs, ids, one, kind }): SanityDoc => ({
      _id: id,
      _type: type,
      refs,
      ...(ids === null ? {} : { ids }),
      ...(one === null ? {} : { one }),
      ...(kind === null ? {} : { kind }),
    }))

const storeArb = harness.storeOf(IDS, docArb)

// Each runs a subquery per document; the lookup keys read the outer document (`^`), a parameter,
// or (the last three) something the narrowing must leave alone.
const QUERIES = [
  '*[_type == "organisation"]{_id, "r": *[_type in ["course", "report"] && references(^._id)]._id}',
  '*[]{_id, "r": *[references(^._id)]._id}',
  '*[]{_id, "r": *[_type == "course" && _id in ^.ids]._id}',
  '*[]{_id, "r": *[_type == "organisation" && _id == ^.one]._id}',
  '*[]{_id, "r": *[_type == "report" && (references(^.refs[0]._ref) && _id in ^.ids)]._id}',
  '*[]{_id, "r": *[_type == "organisation" && _id in ^.refs[]._ref]._id}',
  '*[]{_id, "r": *[_type == "course" && references(^._id)]{_id, "s": *[references(^.^._id)]._id}}',
  '{"ids": *[_type == "course"][0...2]._id}{"c": *[_type == "course" && _id in ^.ids[0...1]]._id}',
  '*[]{_id, "r": *[_type == "report" && references($id)]._id}',
  '*[]{_id, "n": count(*[_type == ^._type]), "r": *[^.kind == _type && references(^._id)]._id}',
  '*[]{_id, "u": *[_type == ^.kind] | order(_id desc)[0]._id}',
  // A lone comparison: its lookup's documents stand for the whole filter.
  '*[]{_id, "o": *[_id == ^.one]{_id, _type}, "k": *[(^.kind == _type)]._id}',
  '*[]{_id, "r": *[_type == "report" && references([^._id, "d1"])]._id}',
  '*[]{_id, "r": *[_type == "report" && _id in ^.ids[]{"x": ^._id}.x]._id}',
  '*[]{_id, "r": *[_type == "report" && references(_id)]._id}',
  '*[]{_id, "r": *[_type == "report" && references(^.missing)]._id}',
]

describe('lookup narrowing', () => {
  it('gives the same documents, in the same order, as a full scan', async () => {
    await fc.assert(
      fc.asyncProperty(
        storeArb,
        fc.constantFrom(...QUERIES),
        fc.constantFrom(...harness.PERSPECTIVE_NAMES),
        target,
        async (docs, query, p, id) => {
          const perspective = harness.perspectiveOf(p)
          const params = { id }
          const engine = harness.engineOver(() => ({ docs, revision: 1 }))
          const actual: unknown = JSON.parse(await engine.run({ query, params, perspective }))
          expect(actual).toEqual(
            await harness.fullScan(buildView(docs, perspective).docs, query, params),
          )
        },
      ),
      { numRuns: 500, seed: 20261207 },
    )
  })

  it('stays exact while writes add, move and remove references', async () => {
    await fc.assert(
      fc.asyncProperty(
        storeArb,
        harness.writesOf(IDS, docArb),
        fc.constantFrom(...QUERIES),
        async (initial, writes, query) => {
          const params = { id: 'd1' }
          const { engine } = await harness.engineAfterWrites(initial, writes, query, params)
          for (const perspective of harness.PERSPECTIVES) {
            const actual: unknown = JSON.parse(await engine.run({ query, params, perspective }))
            expect(actual).toEqual(
              await harness.fullScan(engine.view(perspective).docs, query, params),
            )
          }
        },
      ),
      { numRuns: 300, seed: 20261208 },
    )
  })
})

describe('lookups', () => {
  it('read the referring documents from the index, not every document of the type', async () => {
    const docs = new Map<string, SanityDoc>()
    docs.set('org', { _id: 'org', _type: 'organisation' })
    for (let i = 0; i < 50; i++) {
      const refs = i === 7 ? [{ _type: 'reference', _ref: 'org' }] : []
      docs.set(`c${i}`, { _id: `c${i}`, _type: 'course', refs })
    }
    const published = harness.perspectiveOf('published')
    const view = buildView(docs, published)
    const query = '*[_id == "org"][0]{"courses": *[_type == "course" && references(^._id)]._id}'
    const narrowed = narrow(parse(query), view)
    expect(narrowed.scansAll).toBe(false)
    expect(JSON.stringify(narrowed.tree)).toContain('\\u0000lookup\\u0000')
    expect(view.referencing('org').map((d) => d._id)).toEqual(['c7'])
    const engine = harness.engineOver(() => ({ docs, revision: 1 }))
    const result = await engine.run({ query, params: {}, perspective: published })
    expect(JSON.parse(result)).toEqual({ courses: ['c7'] })
  })

  it('leave constant keys to the static pins', () => {
    const view = buildView(new Map(), harness.perspectiveOf('published'))
    for (const query of ['*[_type == "course" && n > 1]', '*[_type == $t]', '*[_id in $ids]']) {
      const tree = narrow(parse(query, { params: { t: 'course', ids: ['a'] } }), view).tree
      expect(JSON.stringify(tree), query).not.toContain('\\u0000lookup')
    }
  })
})
