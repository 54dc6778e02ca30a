// What a document change means for URLs: a renamed document leaves a 301 at its old URL (and at
// the URLs below it, such as a course's session .ics files), an unpublished or deleted one leaves
// a 410, a new one clears any old redirect or tombstone at its URL. Then every stored page that
// used the document is due for a rebuild at once, and every one that lists its type (or also
// lists it) once the burst of publishes is over (worker/rebuild/deferred.ts), except where a
// document without a page of its own is already shown.
import { deleteStoredPage } from '../cache/page-store'
import { deletePageIndexStatements, pathsDependingOn, pathsListingTypes } from '../cache/page-index'
import { redirectStatements, reviveStatements, tombstoneStatements } from '../cache/moved'
import { MEMBERS_PREFIX, TYPE_PREFIX } from '../cache/revisions'
import { documentPath, isListedOnly } from '../../schemas/content-types'
import type { ContentChange } from '../queues/rebuild-messages'

export type ChangePlan = {
  /**
   * Pages to rebuild first: the document's own page and those below it (for a document without
   * a page of its own, the listing pages already showing it).
   */
  own: string[]
  /** Pages to rebuild right after: the pages that embed it. */
  embedding: string[]
  /** Pages that list its type (listings, feeds, sitemap parts, home), rebuilt once per burst. */
  aggregates: string[]
  /** Pages taken out of the store (now a 301 or a 410). */
  removed: string[]
}

/** The stored page at `base` and every stored page below it. */
async function storedUnder(db: D1Database, base: string): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT path FROM page_revs WHERE path = ?1 OR substr(path, 1, length(?1) + 1) = ?1 || '/'`,
    )
    .bind(base)
    .all<{ path: string }>()
  return results.map((r) => r.path)
}

async function removeFromStore(env: Env, paths: string[]): Promise<void> {
  for (const path of paths) await deleteStoredPage(env.PAGES, path)
}

export async function applyChange(
  env: Env,
  change: ContentChange,
  now = new Date(),
): Promise<ChangePlan> {
  const at = now.toISOString()
  const db = env.DB
  const oldPath = documentPath(change.type, change.slugBefore)
  const newPath = change.operation === 'delete' ? null : documentPath(change.type, change.slugAfter)
  const removed: string[] = []
  const own: string[] = []
  const stmts: D1PreparedStatement[] = []

  if (oldPath && oldPath !== newPath) {
    const stored = await storedUnder(db, oldPath)
    const moving = stored.includes(oldPath) ? stored : [oldPath, ...stored]
    for (const from of moving) {
      if (newPath) {
        const to = newPath + from.slice(oldPath.length)
        stmts.push(...redirectStatements(db, from, to, change.id, at))
        if (from !== oldPath) own.push(to)
      } else {
        stmts.push(...tombstoneStatements(db, from, change.id, at))
      }
      stmts.push(...deletePageIndexStatements(db, from))
    }
    removed.push(...moving)
  }
  if (newPath) {
    stmts.push(...reviveStatements(db, newPath))
    own.unshift(newPath)
  }
  // KV first: once the index forgets a page, nothing else would delete its KV value.
  await removeFromStore(env, removed)
  if (stmts.length > 0) await db.batch(stmts)

  // Which documents of a type have a page moves only when one appears, leaves or is renamed;
  // the pages that list membership alone (the sitemap's parts) are left alone by an edit.
  const membership = change.operation !== 'update' || change.slugBefore !== change.slugAfter
  const dependents = await pathsDependingOn(db, [
    change.id,
    TYPE_PREFIX + change.type,
    ...(membership ? [MEMBERS_PREFIX + change.type] : []),
  ])
  const listing = await pathsListingTypes(
    db,
    dependents.filter((p) => !own.includes(p)),
  )
  // A document with no page of its own (a contact) is seen where it is listed, so the listing
  // pages already showing it are its own pages and are rebuilt at once; the pages it would newly
  // appear on still follow with the burst.
  const showing = new Set(isListedOnly(change.type) ? await pathsDependingOn(db, [change.id]) : [])
  const embedding: string[] = []
  const aggregates: string[] = []
  for (const path of dependents) {
    if (own.includes(path)) continue
    if (!listing.has(path)) embedding.push(path)
    else if (showing.has(path)) own.push(path)
    else aggregates.push(path)
  }
  return { own, embedding, aggregates, removed }
}
