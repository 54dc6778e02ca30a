// Narrowing on `slug.current` (and its mix with _type/_id pins) must never change a result:
// random documents with every shape of slug, random filters built from pins, `&&`, `||` and `!`,
// and random writes to the live views, each compared with groq-js over the whole view.
import fc from 'fast-check'
import { parse } from 'groq-js'
import { describe, expect, it } from 'vitest'
import { narrow } from '../../../studio/store/narrow'
import type { SanityDoc } from '../../../studio/store/types'
import { buildView } from '../../../studio/store/views'
import * as harness from './engine'

const SLUGS = ['a', 'b', 'c']
const TYPES = ['course', 'report']
const IDS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5']

// Every shape `slug` takes in real or broken content: an object with a string, a number or no
// `current`, an array of slug objects, a bare string, null, or missing altogether.
const slugShape = fc.oneof(
  fc.constantFrom(...SLUGS).map((current) => ({ _type: 'slug', current })),
  fc.constant({ _type: 'slug', current: 7 }),
  fc.constant({ _type: 'slug' }),
  fc.constantFrom(...SLUGS).map((current) => [{ current }]),
  fc.constantFrom(...SLUGS),
  fc.constant(null),
  fc.constant(undefined),
)

const docArb = (id: string) =>
  fc
    .record({ type: fc.constantFrom(...TYPES), slug: slugShape, n: fc.integer({ min: 0, max: 3 }) })
    .map(({ type, slug, n }): SanityDoc => ({
      _id: id,
      _type: type,
      n,
      ...(slug === undefined ? {} : { slug }),
    }))

// Stored documents: published ones, and drafts of some of them (the drafts perspective's layer).
const storeArb = harness.storeOf(IDS, docArb)

const lit = (v: unknown) => JSON.stringify(v)
const slugValue = fc.oneof(
  fc.constantFrom<unknown>(...SLUGS, 'zz'),
  fc.constantFrom<unknown>(7, null),
)
const leaf = fc.oneof(
  slugValue.map((v) => `slug.current == ${lit(v)}`),
  slugValue.map((v) => `${lit(v)} == slug.current`),
  fc.array(slugValue, { maxLength: 3 }).map((vs) => `slug.current in ${lit(vs)}`),
  fc.constant('slug.current in "a"'),
  fc.constantFrom(...TYPES).map((t) => `_type == ${lit(t)}`),
  fc.constantFrom(...IDS).map((id) => `_id == ${lit(id)}`),
  fc.integer({ min: 0, max: 3 }).map((n) => `n == ${n}`),
  fc.constant('defined(slug.current)'),
  fc.constant('slug.current == $slug'),
)
const filterArb: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('f'), tie('f')).map(([a, b]) => `(${a} && ${b})`),
    fc.tuple(tie('f'), tie('f')).map(([a, b]) => `(${a} || ${b})`),
    tie('f').map((a) => `!(${a})`),
  ),
})).f

/** groq-js over a view built afresh, with the filters' `$slug`. */
function unnarrowed(docs: Map<string, SanityDoc>, query: string, perspective: string[] | 'raw') {
  return harness.fullScan(buildView(docs, perspective).docs, query, { slug: 'a' })
}

describe('slug narrowing', () => {
  it('gives the same documents, in the same order, as a full scan', async () => {
    await fc.assert(
      fc.asyncProperty(
        storeArb,
        filterArb,
        fc.constantFrom(...harness.PERSPECTIVE_NAMES),
        async (docs, filter, p) => {
          const perspective = harness.perspectiveOf(p)
          const query = `*[${filter}]{_id, _type, slug}`
          const engine = harness.engineOver(() => ({ docs, revision: 1 }))
          const actual: unknown = JSON.parse(
            await engine.run({ query, params: { slug: 'a' }, perspective }),
          )
          expect(actual).toEqual(await unnarrowed(docs, query, perspective))
        },
      ),
      { numRuns: 400, seed: 20261123 },
    )
  })

  it('stays exact while writes change, move and remove slugs', async () => {
    await fc.assert(
      fc.asyncProperty(
        storeArb,
        harness.writesOf(IDS, docArb),
        filterArb,
        async (initial, writes, filter) => {
          const query = `*[${filter}]{_id, slug}`
          const params = { slug: 'a' }
          const { docs, engine } = await harness.engineAfterWrites(initial, writes, query, params)
          const byId = (list: unknown) =>
            (list as { _id: string }[]).sort((a, b) => a._id.localeCompare(b._id))
          for (const perspective of harness.PERSPECTIVES) {
            const actual: unknown = JSON.parse(await engine.run({ query, params, perspective }))
            // Exactly a full scan of the same live view (order included)...
            expect(actual).toEqual(
              await harness.fullScan(engine.view(perspective).docs, query, params),
            )
            // ...and the same documents as a view built afresh (scan order without order() is
            // unspecified, and a live view keeps a document where it first appeared).
            expect(byId(actual)).toEqual(byId(await unnarrowed(docs, query, perspective)))
          }
        },
      ),
      { numRuns: 300, seed: 20261124 },
    )
  })
})

describe('slug pins', () => {
  it('scan only the documents with that slug, not every document of the type', () => {
    const docs = new Map<string, SanityDoc>()
    for (let i = 0; i < 50; i++) {
      docs.set(`c${i}`, { _id: `c${i}`, _type: 'course', slug: { current: `s${i}` } })
    }
    const view = buildView(docs, harness.perspectiveOf('published'))
    const tree = parse('*[_type == "course" && slug.current == $slug][0]._id', {
      params: { slug: 's7' },
    })
    const narrowed = narrow(tree, view)
    expect(narrowed.scansAll).toBe(false)
    expect(JSON.stringify(narrowed.tree)).toContain('"_id":"c7"')
    expect(JSON.stringify(narrowed.tree)).not.toContain('"_id":"c8"')
  })
})
