// D1 side of the page store: which pages exist (page_revs, with when each goes stale with time)
// and what each was built from (page_deps). D1 is consistent where KV is not, so "did this page
// change?" is asked here.
export type PageRecord = {
  etag: string
  contentRev: string
  status: number
  builtAt: string
  changedAt: string
  /** When the page goes stale with time alone (BuiltPage.staleAt), or null. */
  staleAt: string | null
}

export type PageIndexEntry = PageRecord & { deps: Map<string, string> }

// D1 allows 100 bound parameters per statement.
const MAX_PARAMS = 90

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

type RevRow = {
  etag: string
  content_rev: string
  status: number
  built_at: string
  changed_at: string
  stale_at: string | null
}

export async function getPageIndex(db: D1Database, path: string): Promise<PageIndexEntry | null> {
  const [revs, deps] = await db.batch([
    db
      .prepare(
        `SELECT etag, content_rev, status, built_at, changed_at, stale_at
           FROM page_revs WHERE path = ?`,
      )
      .bind(path),
    db.prepare('SELECT dep, rev FROM page_deps WHERE path = ?').bind(path),
  ])
  const row = (revs?.results as RevRow[] | undefined)?.[0]
  if (!row) return null
  const depRows = (deps?.results ?? []) as { dep: string; rev: string }[]
  return {
    etag: row.etag,
    contentRev: row.content_rev,
    status: row.status,
    builtAt: row.built_at,
    changedAt: row.changed_at,
    staleAt: row.stale_at,
    deps: new Map(depRows.map((d) => [d.dep, d.rev])),
  }
}

/**
 * Statements that bring the index for `path` from `prev` to `next`, touching only rows that
 * differ: a publish that changes one document's revision rewrites one row per page, not all.
 */
export function pageIndexStatements(
  db: D1Database,
  path: string,
  next: PageRecord,
  revs: Map<string, string>,
  prev: PageIndexEntry | null,
): D1PreparedStatement[] {
  const stmts: D1PreparedStatement[] = []
  const sameRecord =
    prev !== null &&
    prev.etag === next.etag &&
    prev.contentRev === next.contentRev &&
    prev.status === next.status &&
    prev.staleAt === next.staleAt
  if (!sameRecord) {
    stmts.push(
      db
        .prepare(
          `INSERT INTO page_revs (path, etag, content_rev, status, built_at, changed_at, stale_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
           ON CONFLICT (path) DO UPDATE SET etag = ?2, content_rev = ?3, status = ?4,
             built_at = ?5, changed_at = ?6, stale_at = ?7`,
        )
        .bind(
          path,
          next.etag,
          next.contentRev,
          next.status,
          next.builtAt,
          next.changedAt,
          next.staleAt,
        ),
    )
  }
  const before = prev?.deps ?? new Map<string, string>()
  const removed = [...before.keys()].filter((dep) => !revs.has(dep))
  for (const group of chunks(removed, MAX_PARAMS)) {
    const marks = group.map(() => '?').join(', ')
    stmts.push(
      db.prepare(`DELETE FROM page_deps WHERE path = ? AND dep IN (${marks})`).bind(path, ...group),
    )
  }
  for (const [dep, rev] of revs) {
    if (before.get(dep) === rev) continue
    stmts.push(
      db
        .prepare(
          `INSERT INTO page_deps (path, dep, rev) VALUES (?1, ?2, ?3)
           ON CONFLICT (path, dep) DO UPDATE SET rev = ?3`,
        )
        .bind(path, dep, rev),
    )
  }
  return stmts
}

export function deletePageIndexStatements(db: D1Database, path: string): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM page_revs WHERE path = ?').bind(path),
    db.prepare('DELETE FROM page_deps WHERE path = ?').bind(path),
  ]
}

/** Every stored page that used any of `deps` (document ids or 'type:<t>' keys). */
export async function pathsDependingOn(db: D1Database, deps: string[]): Promise<string[]> {
  const unique = [...new Set(deps)]
  if (unique.length === 0) return []
  const stmts = chunks(unique, MAX_PARAMS).map((group) =>
    db
      .prepare(
        `SELECT DISTINCT path FROM page_deps WHERE dep IN (${group.map(() => '?').join(', ')})`,
      )
      .bind(...group),
  )
  const results = await db.batch<{ path: string }>(stmts)
  const paths = new Set(results.flatMap((r) => r.results.map((row) => row.path)))
  return [...paths].sort()
}

/** Stored pages that changed with time alone: their stale_at is at or before `now`. */
export async function pathsStaleBy(db: D1Database, now: Date): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT path FROM page_revs WHERE stale_at <= ? ORDER BY path')
    .bind(now.toISOString())
    .all<{ path: string }>()
  return results.map((r) => r.path)
}

/**
 * Those of `paths` whose stored page lists a type ('type:<t>' or 'members:<t>' among its
 * dependencies): listings, feeds, calendars, sitemap parts, the home page, organisation pages.
 */
export async function pathsListingTypes(db: D1Database, paths: string[]): Promise<Set<string>> {
  const out = new Set<string>()
  const unique = [...new Set(paths)]
  if (unique.length === 0) return out
  const stmts = chunks(unique, MAX_PARAMS).map((group) =>
    db
      .prepare(
        `SELECT DISTINCT path FROM page_deps WHERE path IN (${group.map(() => '?').join(', ')})
           AND ((dep >= 'type:' AND dep < 'type;') OR (dep >= 'members:' AND dep < 'members;'))`,
      )
      .bind(...group),
  )
  for (const res of await db.batch<{ path: string }>(stmts))
    for (const row of res.results) out.add(row.path)
  return out
}

export async function allStoredPaths(db: D1Database): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT path FROM page_revs ORDER BY path')
    .all<{ path: string }>()
  return results.map((r) => r.path)
}

export type DepRow = { path: string; dep: string; rev: string }

export async function allPageDeps(db: D1Database): Promise<DepRow[]> {
  const { results } = await db.prepare('SELECT path, dep, rev FROM page_deps').all<DepRow>()
  return results
}

/** Up to `limit` stored pages that show document `id`, for "where is this used?". */
export async function pathsShowing(db: D1Database, id: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT DISTINCT path FROM page_deps WHERE dep = ? ORDER BY path LIMIT ?')
    .bind(id, limit)
    .all<{ path: string }>()
  return results.map((r) => r.path)
}
