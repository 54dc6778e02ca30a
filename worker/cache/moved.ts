// Redirects (a renamed document's old URL, 301) and tombstones (an unpublished or deleted
// document's URL, 410). Kept in D1 only: they are read when neither the Cache API nor KV has the
// page, which is rare, and they must never be lost to KV's eventual consistency.
export type Moved = { kind: 'redirect'; to: string } | { kind: 'gone' }

export async function findMoved(db: D1Database, path: string): Promise<Moved | null> {
  const row = await db
    .prepare(
      `SELECT 'redirect' AS kind, to_path AS target FROM redirects WHERE from_path = ?1
       UNION ALL
       SELECT 'gone' AS kind, NULL AS target FROM tombstones WHERE path = ?1
       LIMIT 1`,
    )
    .bind(path)
    .first<{ kind: string; target: string | null }>()
  if (!row) return null
  if (row.kind === 'redirect' && row.target !== null) return { kind: 'redirect', to: row.target }
  return { kind: 'gone' }
}

/**
 * `from` now answers 301 to `to`. Earlier redirects that ended at `from` are pointed straight at
 * `to`, so a document renamed twice costs a visitor one hop, not two.
 */
export function redirectStatements(
  db: D1Database,
  from: string,
  to: string,
  documentId: string,
  now: string,
): D1PreparedStatement[] {
  return [
    db.prepare('UPDATE redirects SET to_path = ?1 WHERE to_path = ?2').bind(to, from),
    db
      .prepare(
        `INSERT INTO redirects (from_path, to_path, document_id, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (from_path) DO UPDATE SET to_path = ?2, document_id = ?3, created_at = ?4`,
      )
      .bind(from, to, documentId, now),
    // Renaming back to an old slug would otherwise leave a redirect pointing at itself.
    db.prepare('DELETE FROM redirects WHERE from_path = to_path'),
    db.prepare('DELETE FROM tombstones WHERE path = ?').bind(from),
  ]
}

/** `path` now answers 410 Gone. */
export function tombstoneStatements(
  db: D1Database,
  path: string,
  documentId: string,
  now: string,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO tombstones (path, document_id, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (path) DO UPDATE SET document_id = ?2, created_at = ?3`,
      )
      .bind(path, documentId, now),
    db.prepare('DELETE FROM redirects WHERE from_path = ?').bind(path),
  ]
}

/** A document (re)appeared at `path`: it is a live page again. */
export function reviveStatements(db: D1Database, path: string): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM tombstones WHERE path = ?').bind(path),
    db.prepare('DELETE FROM redirects WHERE from_path = ?').bind(path),
  ]
}
