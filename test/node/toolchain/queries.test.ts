// Every GROQ query the worker exports from worker/content/queries.ts runs with groq-js over the
// seed dataset (published documents only, as the worker reads them) and returns content: a page
// or list query that comes back empty here would render an empty page in production.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { evaluate, parse } from 'groq-js'
import { describe, expect, it } from 'vitest'
import { parseNdjson, type SeedDocument } from '../../../studio/import/documents'
import * as queries from '../../../worker/content/queries'
import { ROOT } from './run'

const seed = parseNdjson(await readFile(join(ROOT, 'studio/seed/dataset.ndjson'), 'utf8'))
// groq-js has no perspectives: "published" means no drafts or release versions.
const published = seed.filter(
  (doc) => !doc._id.startsWith('drafts.') && !doc._id.startsWith('versions.'),
)

const slugOf = (doc: SeedDocument) => (doc.slug as { current?: string } | undefined)?.current
const firstOfType = (type: string) => {
  // Prefer a document with sessions or relations so nested projections are exercised.
  const docs = published.filter((doc) => doc._type === type && slugOf(doc))
  return docs.find((doc) => Array.isArray(doc.sessions) && doc.sessions.length > 1) ?? docs[0]
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000

/** Parameters a query needs: $slug/$id from the seed by the document type it filters on. */
function paramsFor(name: string, query: string): Record<string, unknown> {
  const now = Date.now()
  const params: Record<string, unknown> = {}
  const type = /_type == "(\w+)"\s*&& (?:slug\.current|_id) == \$/.exec(query)?.[1]
  const doc = type ? firstOfType(type) : firstOfType('course')
  if (type) expect(doc, `${name}: the seed has no published ${type} with a slug`).toBeDefined()
  const known: Record<string, unknown> = {
    slug: doc ? slugOf(doc) : undefined,
    id: doc?._id,
    // Documents with sessions and petition numbers, for the staff and revision queries.
    ids: [
      ...published.filter((d) => d._id.includes('.example-')).map((d) => d._id),
      ...['report', 'newsPost'].flatMap((t) => firstOfType(t)?._id ?? []),
    ],
    types: ['course', 'campaign', 'report', 'newsPost'].map((t) => ({ type: t })),
    members: ['course', 'report'].map((t) => ({ type: t })),
    now: new Date(now).toISOString(),
    from: new Date(now).toISOString(),
    to: new Date(now + 2 * YEAR_MS).toISOString(),
    terms: ['traff*'],
    // One kind of search result.
    type: 'report',
    // Listing filters: null means "not filtered", as when a visitor opens /courses plainly.
    audience: null,
    topic: null,
    format: null,
    kind: null,
    year: null,
    organisation: null,
    service: null,
    // A calendar's window, in seconds from $now: the seed's example sessions are in 2027.
    after: -30 * 24 * 3600,
    before: 2 * 365 * 24 * 3600,
    // A sitemap part: the first documents of $type.
    partStart: 0,
    partEnd: 1000,
    // A listing's window: the first page's ids and cards.
    pageStart: 0,
    pageEnd: 12,
  }
  const used = [...new Set([...query.matchAll(/\$(\w+)/g)].map((m) => m[1] ?? ''))]
  const unknown = used.filter((param) => !(param in known))
  expect(unknown, `${name}: add values for these parameters to queries.test.ts`).toEqual([])
  for (const param of used) params[param] = known[param]
  return params
}

// Parts that are null by design when a listing is not filtered: the organisation it is filtered to.
const UNFILTERED = new Set(['org'])

/** Describes what is empty: the result itself, or any of its top-level lists or objects. */
function emptyParts(result: unknown): string[] {
  if (result === null || result === undefined) return ['(the whole result)']
  if (Array.isArray(result)) return result.length === 0 ? ['(the list)'] : []
  if (typeof result !== 'object') return []
  return Object.entries(result)
    .filter(([key, value]) =>
      value === null ? !UNFILTERED.has(key) : Array.isArray(value) && value.length === 0,
    )
    .map(([key]) => key)
}

const exported: [string, string][] = Object.entries(queries as Record<string, unknown>).flatMap(
  ([name, value]) => (typeof value === 'string' && name.endsWith('Query') ? [[name, value]] : []),
)

describe('worker GROQ queries over the seed dataset', () => {
  it('exports queries to check', () => {
    expect(exported.length).toBeGreaterThan(0)
  })

  it.each(exported)('%s returns content', async (name, query) => {
    const params = paramsFor(name, query)
    const tree = parse(query, { params })
    const value = await evaluate(tree, { dataset: published, params })
    const result: unknown = await value.get()
    expect(emptyParts(result), `${name} returned nothing for these parts`).toEqual([])
  })

  it('lists only public contacts, without staff notes', async () => {
    const params = { service: null, organisation: null, pageStart: 0, pageEnd: 100 }
    const value = await evaluate(parse(queries.contactsQuery, { params }), {
      dataset: published,
      params,
    })
    const result = (await value.get()) as { cards: Record<string, unknown>[] }
    const internal = published.filter((d) => d._type === 'contact' && d.visibility === 'internal')
    expect(internal.length).toBeGreaterThan(0)
    expect(result.cards.length).toBeGreaterThan(0)
    const ids = result.cards.map((contact) => contact._id)
    for (const doc of internal) expect(ids).not.toContain(doc._id)
    expect(result.cards.some((contact) => 'notes' in contact)).toBe(false)
  })
})
