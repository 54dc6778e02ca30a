// Rebuilding stored pages: build each through buildPage, read the revisions of everything the
// pages used in one query, then store each page (KV only when its body changed, D1 index in one
// batch). A page that no longer builds is retired with a tombstone (410).
import { deleteStoredPage } from '../cache/page-store'
import { deletePageIndexStatements, getPageIndex } from '../cache/page-index'
import { tombstoneStatements } from '../cache/moved'
import { currentRevisions } from '../cache/revisions'
import { savePage, type BuiltPageLike } from '../cache/save'
import { buildPage } from '../pages/build'
import { wholeNumberSetting } from '../lib/settings'

export type Outcome = {
  path: string
  result: 'changed' | 'unchanged' | 'removed' | 'failed'
  error?: string
}

// Workers allow six simultaneous outgoing connections.
const CONCURRENCY = 4

/** Shared by every message of one invocation: the budget left, and pages already rebuilt. */
export type RebuildState = { remaining: number; done: Map<string, Outcome> }

/** An invocation's state; its budget is the REBUILD_PAGES_PER_INVOCATION setting unless given. */
export function newRebuildState(
  env: Env,
  budget = wholeNumberSetting(env, 'REBUILD_PAGES_PER_INVOCATION'),
): RebuildState {
  return { remaining: budget, done: new Map() }
}

/** Builds read the content store directly, never the API CDN, which lags behind a publish. */
function freshEnv(env: Env): Env {
  return { ...env, SANITY_USE_CDN: 'false' }
}

/** Runs `run` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      const item = items[index] as T
      results[index] = await run(item)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** Removes a stored page: KV value, index rows, and a tombstone so it answers 410. */
async function retirePage(env: Env, path: string, documentId: string, now = new Date()) {
  await deleteStoredPage(env.PAGES, path)
  await env.DB.batch([
    ...deletePageIndexStatements(env.DB, path),
    ...tombstoneStatements(env.DB, path, documentId, now.toISOString()),
  ])
}

type Built = { path: string; page: BuiltPageLike | null; error?: string }

/**
 * Rebuilds up to the state's budget of `paths` (those not already rebuilt in this invocation);
 * returns the outcomes and the paths left for a follow-up message.
 */
export async function rebuildPaths(
  env: Env,
  state: RebuildState,
  paths: string[],
  onOutcome?: (outcome: Outcome) => void | Promise<void>,
): Promise<{ outcomes: Outcome[]; deferred: string[] }> {
  const unique = [...new Set(paths)]
  const reused = unique.flatMap((p) => {
    const done = state.done.get(p)
    return done ? [done] : []
  })
  const todo = unique.filter((p) => !state.done.has(p))
  const take = todo.slice(0, Math.max(0, state.remaining))
  const deferred = todo.slice(take.length)
  state.remaining -= take.length

  const fresh = freshEnv(env)
  const built = await pool(take, CONCURRENCY, async (path): Promise<Built> => {
    try {
      const page = await buildPage(fresh, new URL(path, env.SITE_URL))
      // Stored under the path it was asked for, which is what the dependency index refers to.
      return { path, page: page && page.status === 200 ? { ...page, path } : null }
    } catch (err) {
      return { path, page: null, error: err instanceof Error ? err.message : String(err) }
    }
  })

  const deps = built.flatMap((b) => b.page?.deps ?? [])
  const revs = await currentRevisions(fresh, deps).catch((err: unknown) => {
    // Pages are still stored; their revisions stay unknown so reconciliation revisits them.
    console.error('rebuild: could not read revisions', err)
    return new Map<string, string>()
  })

  const outcomes: Outcome[] = [...reused]
  for (const b of built) {
    let outcome: Outcome
    try {
      if (b.error !== undefined) outcome = { path: b.path, result: 'failed', error: b.error }
      else if (b.page) {
        const { changed } = await savePage(env, b.page, revs)
        outcome = { path: b.path, result: changed ? 'changed' : 'unchanged' }
      } else {
        const stored = await getPageIndex(env.DB, b.path)
        if (stored) await retirePage(env, b.path, 'unknown')
        outcome = { path: b.path, result: 'removed' }
      }
    } catch (err) {
      outcome = {
        path: b.path,
        result: 'failed',
        error: err instanceof Error ? err.message : String(err),
      }
    }
    if (outcome.result !== 'failed') state.done.set(b.path, outcome)
    outcomes.push(outcome)
    await onOutcome?.(outcome)
  }
  return { outcomes, deferred }
}
