// Coalescing the rebuild of aggregate pages. A publish rebuilds the document's own page and the
// pages that embed it at once; the pages that list a type (listings, feeds, calendars, sitemap
// parts, the home page, organisation pages) are marked in D1 instead, and one deferred
// 'aggregates' queue message rebuilds each marked page once, however many publishes marked it.
// The run waits while the burst goes on (a mark younger than REBUILD_COALESCE_SECONDS), so an
// import of thousands of documents rebuilds the listings a few times, not once per window; it
// never waits longer than MAX_WAIT_MS after a burst's first mark, so listings keep up during a
// long import. Each publish's receipt lists its marked pages and completes when they are rebuilt.
import { deleteFromEdgeCache, purgeZone } from '../cache/purge'
import type { RebuildMessage } from '../queues/rebuild-messages'
import { recordProgress } from './receipts'
import { rebuildPaths, type RebuildState } from './rebuild'
import { wholeNumberSetting } from '../lib/settings'

const SCHEDULE = 'aggregates'
/** A scheduled run older than this is taken as lost (reconciliation sends another). */
const LOST_AFTER_MS = 10 * 60_000
/** The longest a marked page waits for its burst to end before it is rebuilt anyway. */
const MAX_WAIT_MS = 60_000

/**
 * Sends the deferred message unless one is already waiting. The schedule row is the lock: only
 * the publish whose insert took effect sends, so a burst queues one message.
 */
async function scheduleAggregates(env: Env, delaySeconds: number, now = new Date()) {
  const res = await env.DB.prepare(
    `INSERT INTO rebuild_schedule (name, scheduled_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING`,
  )
    .bind(SCHEDULE, now.toISOString())
    .run()
  if (res.meta.changes !== 1) return
  const message: RebuildMessage = { type: 'aggregates' }
  try {
    await env.REBUILD_QUEUE.send(message, { delaySeconds })
  } catch (err) {
    // Without the message nothing would ever run: free the lock so the next publish sends one.
    await env.DB.prepare('DELETE FROM rebuild_schedule WHERE name = ?').bind(SCHEDULE).run()
    throw err
  }
}

/** Marks `paths` for the next deferred run, on behalf of `receiptId`, and schedules that run. */
export async function markAggregates(
  env: Env,
  paths: string[],
  receiptId: string,
  now = new Date(),
): Promise<void> {
  if (paths.length === 0) return
  const at = now.toISOString()
  const db = env.DB
  await db.batch(
    paths.flatMap((path) => [
      db
        .prepare(
          `INSERT INTO pending_rebuilds (path, marked_at, first_marked_at) VALUES (?1, ?2, ?2)
           ON CONFLICT (path) DO UPDATE SET marked_at = ?2`,
        )
        .bind(path, at),
      db
        .prepare(
          `INSERT INTO pending_rebuild_receipts (path, receipt_id) VALUES (?1, ?2)
           ON CONFLICT DO NOTHING`,
        )
        .bind(path, receiptId),
    ]),
  )
  await scheduleAggregates(env, wholeNumberSetting(env, 'REBUILD_COALESCE_SECONDS'), now)
}

type Pending = { path: string; marked_at: string }

/**
 * Seconds to wait before the burst's run, or 0 to run now: the newest mark must have settled for
 * the coalescing window, unless the oldest has already waited MAX_WAIT_MS.
 */
async function burstWait(env: Env, now: Date): Promise<number> {
  const row = await env.DB.prepare(
    `SELECT max(marked_at) AS newest, min(coalesce(first_marked_at, marked_at)) AS oldest
     FROM pending_rebuilds`,
  ).first<{ newest: string | null; oldest: string | null }>()
  if (!row?.newest || !row.oldest) return 0
  const windowMs = wholeNumberSetting(env, 'REBUILD_COALESCE_SECONDS') * 1000
  const settledIn = Date.parse(row.newest) + windowMs - now.getTime()
  const capIn = Date.parse(row.oldest) + MAX_WAIT_MS - now.getTime()
  const waitMs = Math.min(settledIn, capIn)
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0
}

/**
 * The deferred run: rebuilds the marked pages (as many as this invocation's budget allows; the
 * rest in a follow-up run sent at once), records them on every receipt waiting for them, and
 * clears them from the edge. Throws when a page failed (the message is retried; its mark stays).
 */
export async function runAggregates(
  env: Env,
  state: RebuildState,
  now = new Date(),
): Promise<void> {
  const db = env.DB
  // First: a page marked from here on schedules a run of its own.
  await db.prepare('DELETE FROM rebuild_schedule WHERE name = ?').bind(SCHEDULE).run()
  // The burst is still going: come back when it has settled (or the cap is reached).
  const wait = await burstWait(env, now)
  if (wait > 0) return scheduleAggregates(env, wait, now)
  // Earlier messages of this invocation used its budget: run again in a fresh one.
  if (state.remaining <= 0) return scheduleAggregates(env, 0)
  const { results: pending } = await db
    .prepare('SELECT path, marked_at FROM pending_rebuilds ORDER BY marked_at, path LIMIT ?')
    .bind(Math.max(0, state.remaining))
    .all<Pending>()
  if (pending.length === 0) return
  const marks = new Map(pending.map((p) => [p.path, p.marked_at]))
  // At most one invocation's budget of paths: well within D1's 100 bound parameters.
  const paths = [...marks.keys()]
  const { results: waiting } = await db
    .prepare(
      `SELECT path, receipt_id FROM pending_rebuild_receipts
       WHERE path IN (${paths.map(() => '?').join(', ')})`,
    )
    .bind(...paths)
    .all<{ path: string; receipt_id: string }>()

  const { outcomes } = await rebuildPaths(env, state, paths)
  const done = outcomes.filter((o) => o.result !== 'failed' && marks.has(o.path))
  const changed = done
    .filter((o) => o.result === 'changed' || o.result === 'removed')
    .map((o) => o.path)
  await deleteFromEdgeCache(env, changed)
  await purgeZone(env, { paths: changed, tags: [] })

  const doneSet = new Set(done.map((o) => o.path))
  const changedSet = new Set(changed)
  const byReceipt = new Map<string, string[]>()
  for (const w of waiting) {
    if (!doneSet.has(w.path)) continue
    byReceipt.set(w.receipt_id, [...(byReceipt.get(w.receipt_id) ?? []), w.path])
  }
  for (const [receiptId, pages] of byReceipt) {
    await recordProgress(db, receiptId, {
      pages,
      changed: pages.filter((p) => changedSet.has(p)),
      failed: [],
    })
  }
  // A page marked again while it was rebuilding keeps its row (its marked_at moved on), and so
  // do the receipts that newer mark brought.
  const stmts = done.flatMap((o) => [
    db
      .prepare('DELETE FROM pending_rebuilds WHERE path = ? AND marked_at = ?')
      .bind(o.path, marks.get(o.path) ?? ''),
    ...waiting
      .filter((w) => w.path === o.path)
      .map((w) =>
        db
          .prepare('DELETE FROM pending_rebuild_receipts WHERE path = ? AND receipt_id = ?')
          .bind(w.path, w.receipt_id),
      ),
  ])
  if (stmts.length > 0) await db.batch(stmts)

  const failed = outcomes.filter((o) => o.result === 'failed')
  const left = await db
    .prepare('SELECT 1 AS n FROM pending_rebuilds LIMIT 1')
    .first<{ n: number }>()
  if (left && failed.length === 0) await scheduleAggregates(env, 0)
  if (failed.length > 0)
    throw new Error(`deferred rebuild failed for ${failed.map((o) => o.path).join(', ')}`)
}

/** Reconciliation's check: marked pages whose scheduled run seems lost get a new one. */
export async function rescheduleLostAggregates(env: Env, now = new Date()): Promise<boolean> {
  const db = env.DB
  const [schedule, pending] = await Promise.all([
    db
      .prepare('SELECT scheduled_at FROM rebuild_schedule WHERE name = ?')
      .bind(SCHEDULE)
      .first<{ scheduled_at: string }>(),
    db
      .prepare('SELECT min(marked_at) AS oldest FROM pending_rebuilds')
      .first<{ oldest: string | null }>(),
  ])
  const oldest = pending?.oldest
  if (!oldest) return false
  const lost = (at: string) => now.getTime() - Date.parse(at) > LOST_AFTER_MS
  if (schedule && !lost(schedule.scheduled_at)) return false
  if (!schedule && !lost(oldest)) return false
  await db.prepare('DELETE FROM rebuild_schedule WHERE name = ?').bind(SCHEDULE).run()
  await scheduleAggregates(env, 0, now)
  return true
}
