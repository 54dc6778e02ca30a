// Reading the search index: one page of ranked results, how many results each kind has, the
// organisations the matches name (the organisation filter's choices) and the one a filter names,
// and the stored site settings. Everything is D1; a search costs no content-store request.
// Ranking is FTS5's bm25 with a title word worth ten body words and a summary word four, newest
// first among equals.
//
// The work is bounded whatever the size of the dataset: a search scores at most CANDIDATES
// matches, the newest (row ids follow dates, migration 0018), and counts at most CANDIDATES + 1
// of each kind. A query that common is answered from its newest matches and says "more than".
import { kindFacet, matchExpression, orgFacet, topicFacet } from './text'
import { KIND_OF_TYPE, type SearchKind } from './index-writer'

// Weights in search_fts column order: title, summary, body, facets, kind.
const RANK = `bm25(search_fts, 10.0, 4.0, 1.0, 0.0, 0.0)`

/** The most matches a search scores, and the most of one kind it counts exactly. */
export const CANDIDATES = 500

const KINDS = Object.values(KIND_OF_TYPE)

export type SearchFilters = { kind?: SearchKind; topic?: string }
export type Hit = { docId: string; type: SearchKind; card: unknown }
export type OrgOption = { id: string; slug: string; name: string }

/** What a search page shows: `counts` stop at CANDIDATES + 1 (more than CANDIDATES). */
export type SearchAnswer = {
  /** The site settings stored beside the index (null before the first index write). */
  settings: unknown
  /** The organisations the filter offers, and the one `orgSlug` names if it is indexed. */
  orgs: OrgOption[]
  org: OrgOption | undefined
  /** Null when there are no words to search for. */
  found: { counts: Map<SearchKind, number>; hits: Hit[] } | null
}

/**
 * The organisation filter offers at most ORG_OPTIONS_MAX organisations: those the most matches
 * name among the newest ORG_SAMPLE matches under the kind and topic filters, listed by name. A
 * chosen one always is. A sample of 100 costs what the old list of every organisation by name
 * did (0.3 ms of SQLite at 50,000 documents); all 500 ranked matches cost 1 ms.
 */
export const ORG_OPTIONS_MAX = 50
export const ORG_SAMPLE = 100

/**
 * The search page's reads: the settings, and for folded `terms` the organisations the matches
 * name, one page of results under the filters, and the number of results of each kind under the
 * topic and organisation filters (so the kind filter can say how many each would show). One D1
 * round trip; two when an organisation is named, whose id the match needs. `candidates` is for
 * tests.
 */
export async function searchIndex(
  db: D1Database,
  terms: string[],
  filters: SearchFilters & { orgSlug: string | null },
  window: { offset: number; limit: number },
  candidates = CANDIDATES,
): Promise<SearchAnswer> {
  const ask = (orgId: string | undefined) =>
    matchStatements(db, terms, { ...filters, orgId }, window, candidates)
  const words = terms.length > 0
  const together = words && filters.orgSlug === null
  const [meta, chosen, named, ...rest] = await db.batch([
    ...contextStatements(db, filters.orgSlug),
    ...(words ? [namedOrgsStatement(db, terms, filters, candidates)] : []),
    ...(together ? ask(undefined) : []),
  ])
  const value = (meta?.results[0] as { value?: string } | undefined)?.value
  const org = (chosen?.results[0] as OrgOption | undefined) ?? undefined
  const list = (named?.results[0] as { list?: string } | undefined)?.list
  const options = list === undefined ? [] : ((parseJson(list) ?? []) as OrgOption[])
  const matched = together ? rest : words ? await db.batch(ask(org?.id)) : null
  return {
    settings: value === undefined ? null : parseJson(value),
    orgs: org && !options.some((o) => o.id === org.id) ? [...options, org] : options,
    org: filters.orgSlug ? org : undefined,
    found: matched ? answerOf(matched) : null,
  }
}

function contextStatements(db: D1Database, orgSlug: string | null): D1PreparedStatement[] {
  return [
    db.prepare(`SELECT value FROM search_meta WHERE key = 'settings'`),
    db
      .prepare(
        `SELECT doc_id AS id, slug, title AS name FROM search_docs
         WHERE type = 'organisation' AND slug = ?1`,
      )
      .bind(orgSlug ?? ''),
  ]
}

/** The facet tokens a match must hold for the filters that are set. */
function facetTokens(f: { kind?: SearchKind; topic?: string; orgId?: string }): string[] {
  return [
    ...(f.kind ? [kindFacet(f.kind)] : []),
    ...(f.topic ? [topicFacet(f.topic)] : []),
    ...(f.orgId ? [orgFacet(f.orgId)] : []),
  ]
}

/**
 * The organisations the newest matches name, the most named ORG_OPTIONS_MAX of them, listed by
 * name, as one JSON row. Only indexed organisations count, so a deleted or unpublished one named
 * by an old match is neither offered nor takes the place of one that could be. At most
 * ORG_SAMPLE matches (fewer if `candidates` is) are read, each through the index that holds just
 * its row id and organisation ids (migration 0019), not its stored card.
 */
function namedOrgsStatement(
  db: D1Database,
  terms: string[],
  filters: SearchFilters,
  candidates: number,
): D1PreparedStatement {
  return db
    .prepare(
      `WITH recent AS (
         SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2
       ),
       named AS (
         SELECT o.value AS id, count(*) AS n
         FROM recent JOIN search_docs d INDEXED BY search_docs_orgs ON d.id = recent.id,
           json_each(d.orgs) AS o
         GROUP BY o.value
       ),
       offered AS (
         SELECT d.doc_id AS id, d.slug, d.title AS name
         FROM named JOIN search_docs d ON d.doc_id = named.id
         WHERE d.type = 'organisation' AND d.slug IS NOT NULL
         ORDER BY named.n DESC, named.id LIMIT ?3
       )
       SELECT json_group_array(json_object('id', id, 'slug', slug, 'name', name)) AS list
       FROM (SELECT * FROM offered ORDER BY name)`,
    )
    .bind(
      matchExpression(terms, facetTokens({ kind: filters.kind, topic: filters.topic })),
      Math.min(ORG_SAMPLE, candidates),
      ORG_OPTIONS_MAX,
    )
}

function matchStatements(
  db: D1Database,
  terms: string[],
  filters: SearchFilters & { orgId: string | undefined },
  window: { offset: number; limit: number },
  candidates: number,
): D1PreparedStatement[] {
  const facets = facetTokens({ topic: filters.topic, orgId: filters.orgId })
  const one = matchExpression(terms, facetTokens(filters))
  return [
    db
      .prepare(
        // Each kind counted with its facet token, up to one past the cap: a common kind stops
        // early, a rare one reads only its own matches. One row, a column per kind: D1 allows
        // few terms in a compound SELECT.
        `SELECT ${KINDS.map(
          (kind, i) =>
            `(SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ?${i + 2}
               LIMIT ?1)) AS ${kind}`,
        ).join(', ')}`,
      )
      .bind(
        candidates + 1,
        ...KINDS.map((kind) => matchExpression(terms, [kindFacet(kind), ...facets])),
      ),
    db
      .prepare(
        // The newest matches are scored, and only those up to the page's last score (ties
        // included) are joined to their rows for the tie-break and the card: the same page as
        // sorting them all by score, date and title.
        `WITH scored AS MATERIALIZED (
           SELECT rowid AS id, ${RANK} AS score FROM search_fts WHERE search_fts MATCH ?1
           ORDER BY rowid DESC LIMIT ?4
         ),
         edge AS (SELECT score FROM scored ORDER BY score LIMIT 1 OFFSET ?2 + ?3 - 1)
         SELECT d.doc_id AS docId, d.type AS type, d.card AS card
         FROM scored JOIN search_docs d ON d.id = scored.id
         WHERE scored.score <= coalesce((SELECT score FROM edge), scored.score)
         ORDER BY scored.score, d.date DESC, d.title
         LIMIT ?2 OFFSET ?3`,
      )
      .bind(one, window.limit, window.offset, candidates),
  ]
}

function answerOf([counted, page]: D1Result[]): { counts: Map<SearchKind, number>; hits: Hit[] } {
  const row = (counted?.results[0] ?? {}) as Partial<Record<SearchKind, number>>
  const counts = new Map<SearchKind, number>()
  for (const kind of KINDS) {
    const n = row[kind] ?? 0
    if (n > 0) counts.set(kind, n)
  }
  const hits = ((page?.results ?? []) as { docId: string; type: SearchKind; card: string }[]).map(
    (r) => ({ docId: r.docId, type: r.type, card: parseJson(r.card) }),
  )
  return { counts, hits }
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown
  } catch {
    return null
  }
}
