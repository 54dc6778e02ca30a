// Query narrowing must never change a result: every query gives exactly what groq-js gives
// over the whole perspective view, across pinned, partly pinned and unpinnable filters.
import { describe, expect, it } from 'vitest'
import type { SanityDoc } from '../../../studio/store/types'
import { buildView } from '../../../studio/store/views'
import { engineOver, fullScan, PERSPECTIVE_NAMES, PERSPECTIVES, perspectiveOf } from './engine'

function dataset(n: number): Map<string, SanityDoc> {
  const docs = new Map<string, SanityDoc>()
  const add = (doc: SanityDoc) => docs.set(doc._id, doc)
  add({ _id: 'siteSettings', _type: 'siteSettings', title: 'S' })
  for (let i = 0; i < n; i++) {
    const type = ['course', 'organisation', 'contact', 'report', 'newsPost'][i % 5] ?? 'course'
    add({
      _id: `${type}.${i}`,
      _type: type,
      title: `${type} ${i % 97}`,
      slug: { current: `${type}-${i}` },
      rank: i % 13,
      providers: [{ _key: 'p', _type: 'reference', _ref: `organisation.${(i % 50) * 5 + 1}` }],
    })
    if (i % 7 === 0) add({ _id: `drafts.${type}.${i}`, _type: type, title: `draft ${i}`, rank: -1 })
  }
  return docs
}

const QUERIES: [string, Record<string, unknown>][] = [
  ['*[_type == "course"] | order(title asc, _id asc)[0...20]{_id, title}', {}],
  [
    '*[_type == $t && slug.current == $slug][0]{..., providers[]->{_id, title}}',
    { t: 'course', slug: 'course-35' },
  ],
  ['count(*[_type == "newsPost"])', {}],
  ['*[_id in $ids]._id', { ids: ['course.0', 'report.3', 'drafts.course.0', 'nope'] }],
  ['*[_id == $id][0]', { id: 'organisation.1' }],
  ['*[_type in ["report", "newsPost"] && rank > 10] | order(_id desc)[0...15]._id', {}],
  ['*[_type == "course" || _id == "siteSettings"] | order(_id)[0...5]._id', {}],
  ['*[_type == "course" || rank == 3] | order(_id)[0...5]._id', {}],
  ['*[!(_id in path("drafts.**")) && _type == "contact"][0...3]._id', {}],
  [
    '*[_type == "organisation" && _id == "organisation.1"]{ "courses": count(*[_type == "course" && references(^._id)]) }',
    {},
  ],
  ['*[(_type == "course")][0...3]{_id, "same": *[_type == ^._type][0]._id}', {}],
  ['*[_type == "course" && _type == "report"]', {}],
  ['*[_type in $types][0...4]._id', { types: 'course' }],
  ['*[rank == 1][0...4]._id', {}],
]

describe('query narrowing', () => {
  const docs = dataset(2000)
  const engine = engineOver(() => ({ docs, revision: 1 }))
  for (const perspectiveName of PERSPECTIVE_NAMES) {
    const perspective = perspectiveOf(perspectiveName)
    for (const [query, params] of QUERIES) {
      it(`${perspectiveName}: ${query}`, async () => {
        const expected = await fullScan(buildView(docs, perspective).docs, query, params)
        const actual: unknown = JSON.parse(await engine.run({ query, params, perspective }))
        expect(actual).toEqual(expected)
      })
    }
  }
})

describe('live views', () => {
  it('stay equal to a fresh build after writes, deletes and type changes', async () => {
    const docs = dataset(200)
    let revision = 1
    const engine = engineOver(() => ({ docs, revision }))
    const query = '*[_type in ["course", "report"]]{_id, title}'
    for (const perspective of PERSPECTIVES) await engine.run({ query, params: {}, perspective })
    const writes: [string, SanityDoc | null][] = [
      ['course.0', null],
      ['drafts.course.7', null],
      ['drafts.report.3', { _id: 'drafts.report.3', _type: 'report', title: 'new draft' }],
      ['course.5', { _id: 'course.5', _type: 'report', title: 'now a report' }],
      ['course.new', { _id: 'course.new', _type: 'course', title: 'brand new' }],
    ]
    for (const [id, doc] of writes) {
      if (doc) docs.set(id, doc)
      else docs.delete(id)
      revision++
      engine.changed([id])
    }
    for (const perspective of PERSPECTIVES) {
      const fresh = engineOver(() => ({ docs, revision }))
      const sort = (json: string) =>
        (JSON.parse(json) as { _id: string }[]).sort((a, b) => a._id.localeCompare(b._id))
      expect(sort(await engine.run({ query, params: {}, perspective }))).toEqual(
        sort(await fresh.run({ query, params: {}, perspective })),
      )
    }
  })
})
