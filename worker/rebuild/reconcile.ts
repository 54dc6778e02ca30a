// Reconciliation (cron '*/10 * * * *'): Sanity retries a failed webhook only twice, so a longer
// outage loses the event. Every ten minutes the revisions each stored page was built from are
// compared with the content store's current ones, and pages that differ are rebuilt. Pages that
// change with time alone (registration closing, a session starting, a petition closing) are
// rebuilt once their recorded stale_at has passed. Deliveries that were recorded but never
// queued are re-sent too, and so is a deferred rebuild of listings and feeds that never ran.
import { allPageDeps, pathsStaleBy } from '../cache/page-index'
import { currentRevisions, TYPE_PREFIX } from '../cache/revisions'
import { indexDocuments } from '../search/index-writer'
import { markQueued, reclaimDelivery, releaseClaim, stuckDeliveries } from '../webhooks/deliveries'
import { runPaths } from './consumer'
import { rescheduleLostAggregates } from './deferred'
import { rebuildMessageSchema } from '../queues/rebuild-messages'
import { openReceipt } from './receipts'
import { newRebuildState } from './rebuild'

/** `stale`: content changed without a webhook; `due`: a time boundary the page shows passed. */
export type ReconcileResult = { checked: number; stale: string[]; due: string[]; resent: number }

async function resendStuckDeliveries(env: Env, now: Date): Promise<number> {
  let resent = 0
  for (const stuck of await stuckDeliveries(env.DB, now)) {
    const parsed = rebuildMessageSchema.safeParse(JSON.parse(stuck.message))
    if (!parsed.success || !(await reclaimDelivery(env.DB, stuck.idempotencyKey, now))) continue
    try {
      await env.REBUILD_QUEUE.send(parsed.data)
      await markQueued(env.DB, stuck.idempotencyKey, now)
      resent += 1
    } catch (err) {
      console.error('reconcile: could not re-send delivery', stuck.idempotencyKey, err)
      await releaseClaim(env.DB, stuck.idempotencyKey)
    }
  }
  return resent
}

/**
 * Documents whose current revision differs from the one some stored page was built from: what
 * was published without a webhook reaching the site. Named in the reconcile receipt, so the
 * Studio's "Latest publish" box finds the rebuild for that publish.
 */
export function changedDocuments(
  rows: { dep: string; rev: string }[],
  current: Map<string, string>,
): string[] {
  const ids = new Set<string>()
  for (const row of rows) {
    if (!row.dep.startsWith(TYPE_PREFIX) && current.get(row.dep) !== row.rev) ids.add(row.dep)
  }
  return [...ids].sort()
}

/** Paths whose recorded revisions differ from `current`. */
export function stalePaths(
  rows: { path: string; dep: string; rev: string }[],
  current: Map<string, string>,
): string[] {
  const stale = new Set<string>()
  for (const row of rows) if (current.get(row.dep) !== row.rev) stale.add(row.path)
  return [...stale].sort()
}

function reasonFor(stale: string[], due: string[]): string {
  const why = [
    stale.length > 0 ? 'content changed without a webhook' : '',
    due.length > 0 ? 'pages reached a date they show (registration, session or petition)' : '',
  ]
  return `reconcile: ${why.filter(Boolean).join('; ')}`
}

export async function reconcile(env: Env, now = new Date()): Promise<ReconcileResult> {
  const resent = await resendStuckDeliveries(env, now)
  // Listings and feeds marked by publishes whose deferred run never came get one now.
  await rescheduleLostAggregates(env, now)
  const [rows, due] = await Promise.all([allPageDeps(env.DB), pathsStaleBy(env.DB, now)])
  const checked = new Set(rows.map((r) => r.path)).size
  // One query for every dependency of every page; if the store is down this throws and the
  // next run tries again. Stored pages keep being served meanwhile.
  const current = await currentRevisions(
    env,
    rows.map((r) => r.dep),
  )
  const stale = stalePaths(rows, current)
  const paths = [...new Set([...stale, ...due])].sort()
  if (paths.length > 0) {
    const receiptId = `reconcile:${now.toISOString()}`
    await openReceipt(
      env.DB,
      {
        id: receiptId,
        transactionId: receiptId,
        reason: reasonFor(stale, due),
        documentIds: changedDocuments(rows, current),
        planned: paths.length,
      },
      now,
    )
    // What was published without a webhook is missing from the index too; it goes first, as
    // the calendars among the pages are built from it.
    await indexDocuments(env, changedDocuments(rows, current))
    await runPaths(env, newRebuildState(env), { paths, reason: 'reconcile', receiptId })
  }
  return { checked, stale, due, resent }
}

/** The cron entry point: a failed run is logged and the next run (ten minutes later) retries. */
export async function runReconcile(env: Env): Promise<void> {
  try {
    const result = await reconcile(env)
    if (result.stale.length > 0 || result.due.length > 0 || result.resent > 0) {
      console.log(
        `reconcile: ${result.checked} pages checked, ${result.stale.length} changed, ${result.due.length} past a date, ${result.resent} deliveries re-sent`,
      )
    }
  } catch (err) {
    console.error('reconcile: run failed', err)
  }
}
