// Keeping the search index (migration 0012_search_index.sql) current. The rebuild consumer calls
// indexDocuments with the ids a webhook names, reconciliation with the ids it found changed, and
// a full rebuild calls reindexAll. Rows come only from the published perspective and only for
// documents the site shows (searchIndexQuery's filter), so a draft, an internal contact or an
// internal field is never written; a document the store no longer returns is removed. A course's
// calendar entries (worker/calendar) are written and removed with its row.
import * as z from 'zod'
import { calendarStatements, deleteCalendarStatement } from '../calendar/events'
import { fetchContent } from '../content/client'
import { searchableIdsQuery, searchIndexQuery } from '../content/queries'
import { portableTextToPlain } from '../render/portable-text'
import { field } from '../content/raw-results'
import { foldText, kindFacet, orgFacet, topicFacet } from './text'

/** Document type → the kind of result a visitor filters on (`?type=`). */
export const KIND_OF_TYPE = {
  course: 'course',
  campaign: 'campaign',
  report: 'report',
  newsPost: 'news',
  organisation: 'organisation',
  contact: 'contact',
} as const
export type SearchKind = (typeof KIND_OF_TYPE)[keyof typeof KIND_OF_TYPE]

/** Documents fetched per content-store request (bounded: a body is read up to BODY_CHARS). */
const CHUNK = 50
/**
 * Body text indexed per document. A long report still becomes findable by its opening pages;
 * the cap bounds the index (D1's Free plan allows 500 MB per database) and each row's writes.
 */
const BODY_CHARS = 2_000

const text = z.string().trim().min(1).max(500)
const indexDoc = z.object({
  _id: z.string().min(1),
  _type: z.enum(Object.keys(KIND_OF_TYPE) as [keyof typeof KIND_OF_TYPE]),
  _rev: z.string().catch(''),
  slug: z.string().nullish().catch(null),
  title: text,
  summary: z.string().nullish().catch(null),
  body: z.unknown().optional(),
  topics: z.array(z.string()).nullish().catch(null),
  date: z.string().nullish().catch(null),
  orgs: z.array(z.string()).nullish().catch(null),
  role: z.string().nullish().catch(null),
  calendar: z.unknown().optional(),
  card: z.record(z.string(), z.unknown()),
})
/** A document as searchIndexQuery returns it. */
export type IndexDoc = z.input<typeof indexDoc>

/** Builds read the content store directly, never the API CDN, which lags behind a publish. */
const freshEnv = (env: Env): Env => ({ ...env, SANITY_USE_CDN: 'false' })

// A row's id is its document's date in seconds since 1970 (0 without one) times SLOTS, plus its
// place among the rows of that second (migration 0018). FTS5 walks matches in id order, so a
// search reads the newest matches first and can stop after a fixed number (index-reader.ts).
const SLOTS = 1_048_576
const DATE_SECOND = `max(0, coalesce(unixepoch(?2), 0))`

/** Writes one document's row (used by indexDocuments; tests write generated documents with it). */
export function upsertStatements(db: D1Database, input: IndexDoc): D1PreparedStatement[] {
  const doc = indexDoc.parse(input)
  const kind = KIND_OF_TYPE[doc._type]
  const orgs = [...new Set(doc.orgs ?? [])]
  const facets = [
    kindFacet(kind),
    ...(doc.topics ?? []).map(topicFacet),
    ...orgs.map(orgFacet),
  ].join(' ')
  const summary = [doc.summary ?? '', doc.role ?? ''].join(' ')
  const body = portableTextToPlain(doc.body, BODY_CHARS)
  const row = `(SELECT id FROM search_docs WHERE doc_id = ?1)`
  return [
    db.prepare(`DELETE FROM search_fts WHERE rowid = ${row}`).bind(doc._id),
    // A row whose date moved to another second moves to that second.
    db
      .prepare(`DELETE FROM search_docs WHERE doc_id = ?1 AND id / ${SLOTS} <> ${DATE_SECOND}`)
      .bind(doc._id, doc.date ?? null),
    db
      .prepare(
        `WITH slot AS (SELECT ${DATE_SECOND} * ${SLOTS} AS lo)
         INSERT INTO search_docs (id, doc_id, type, slug, title, date, rev, card, orgs)
         SELECT coalesce((SELECT max(id) + 1 FROM search_docs WHERE id >= lo AND id < lo + ${SLOTS}), lo),
           ?1, ?3, ?4, ?5, ?2, ?6, ?7, ?8
         FROM slot WHERE true
         ON CONFLICT (doc_id) DO UPDATE SET type = excluded.type, slug = excluded.slug,
           title = excluded.title, date = excluded.date, rev = excluded.rev, card = excluded.card,
           orgs = excluded.orgs`,
      )
      .bind(
        doc._id,
        doc.date ?? null,
        kind,
        doc.slug ?? null,
        doc.title,
        doc._rev,
        JSON.stringify(doc.card),
        JSON.stringify(orgs),
      ),
    db
      .prepare(
        `INSERT INTO search_fts (rowid, title, summary, body, facets, kind)
         VALUES (${row}, ?2, ?3, ?4, ?5, ?6)`,
      )
      .bind(doc._id, foldText(doc.title), foldText(summary), foldText(body), facets, kind),
  ]
}

function deleteStatements(db: D1Database, docId: string): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = ?1)`,
      )
      .bind(docId),
    db.prepare(`DELETE FROM search_docs WHERE doc_id = ?1`).bind(docId),
    deleteCalendarStatement(db, docId),
  ]
}

// The site settings every search page shows, kept beside the index so that a search needs no
// content-store request; written only when they changed.
function settingsStatement(db: D1Database, settings: unknown): D1PreparedStatement | null {
  if (typeof settings !== 'object' || settings === null) return null
  return db
    .prepare(
      `INSERT INTO search_meta (key, value) VALUES ('settings', ?1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value`,
    )
    .bind(JSON.stringify(settings))
}

export type IndexResult = { indexed: number; removed: number; unchanged: number }

/**
 * Brings the index rows of `ids` in line with the published content: each id the store returns
 * as searchable is written (unless its revision is already indexed and `force` is unset), every
 * other id is removed. One content-store request and one D1 batch per CHUNK ids.
 */
export async function indexDocuments(
  env: Env,
  ids: string[],
  opts: { force?: boolean } = {},
): Promise<IndexResult> {
  const result: IndexResult = { indexed: 0, removed: 0, unchanged: 0 }
  // A draft id is never indexed; a published id stands for its document.
  const published = [...new Set(ids.filter((id) => !id.startsWith('drafts.')))]
  // At least one round, so that the settings are refreshed even when no id is searchable.
  for (let i = 0; i === 0 || i < published.length; i += CHUNK) {
    const chunk = published.slice(i, i + CHUNK)
    const raw = await fetchContent(freshEnv(env), searchIndexQuery, { ids: chunk }, 'published')
    const docs = (Array.isArray(field(raw, 'docs')) ? (field(raw, 'docs') as unknown[]) : [])
      .map((d) => indexDoc.safeParse(d))
      .flatMap((p) => (p.success ? [p.data] : []))
    // A malformed document is left out, and so removed below: no row beats a broken one.
    const known = await indexedRevisions(env.DB, chunk)
    const found = new Set(docs.map((d) => d._id))
    const stmts: D1PreparedStatement[] = []
    for (const doc of docs) {
      if (!opts.force && doc._rev !== '' && known.get(doc._id) === doc._rev) {
        result.unchanged += 1
        continue
      }
      stmts.push(
        ...upsertStatements(env.DB, doc),
        ...calendarStatements(env.DB, env.SITE_URL, doc, new Date()),
      )
      result.indexed += 1
    }
    for (const id of chunk) {
      if (found.has(id) || !known.has(id)) continue
      stmts.push(...deleteStatements(env.DB, id))
      result.removed += 1
    }
    const settings = settingsStatement(env.DB, field(raw, 'settings'))
    if (settings) stmts.push(settings)
    if (stmts.length > 0) await env.DB.batch(stmts)
  }
  return result
}

async function indexedRevisions(db: D1Database, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const { results } = await db
    .prepare(
      `SELECT doc_id, rev FROM search_docs WHERE doc_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(ids))
    .all<{ doc_id: string; rev: string }>()
  return new Map(results.map((r) => [r.doc_id, r.rev]))
}

/**
 * A full rebuild of the index (`npm run rebuild`): every searchable document whose indexed
 * revision differs is written, and rows of documents the store no longer has are removed.
 */
export async function reindexAll(env: Env): Promise<IndexResult> {
  const raw = await fetchContent(freshEnv(env), searchableIdsQuery, {}, 'published')
  const current = new Map<string, string>()
  if (Array.isArray(raw)) {
    for (const d of raw) {
      const id = field(d, '_id')
      const rev = field(d, '_rev')
      if (typeof id === 'string') current.set(id, typeof rev === 'string' ? rev : '')
    }
  }
  const { results } = await env.DB.prepare(`SELECT doc_id, rev FROM search_docs`).all<{
    doc_id: string
    rev: string
  }>()
  const indexed = new Map(results.map((r) => [r.doc_id, r.rev]))
  const todo = [...current].filter(([id, rev]) => indexed.get(id) !== rev).map(([id]) => id)
  const gone = [...indexed.keys()].filter((id) => !current.has(id))
  // Gone ids go through indexDocuments too: the store is asked once more before a row is removed.
  const result = await indexDocuments(env, [...todo, ...gone])
  return { ...result, unchanged: result.unchanged + current.size - todo.length }
}
