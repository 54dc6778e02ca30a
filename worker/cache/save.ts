// Stores a freshly built page: the KV value is written only when the body differs from what is
// stored (KV's free plan allows 1,000 writes a day), then the D1 index is brought up to date in
// one batch. KV first: if the D1 batch fails the next rebuild still sees a difference and
// rewrites, whereas the other order could leave KV stale behind an index claiming it is fresh.
// A changed page is forgotten by this isolate's micro-cache at once (memory.ts).
import { forget } from './memory'
import { getPageIndex, pageIndexStatements } from './page-index'
import { putStoredPage, type StoredPage } from './page-store'
import { contentRevOf } from './revisions'
import { sha256 } from './hash'

/** The parts of a BuiltPage (worker/pages/build.ts) the store keeps. */
export type BuiltPageLike = {
  path: string
  status: number
  contentType: string
  body: string
  deps: string[]
  staleAt?: string
}

/** The page's ETag; `body` is its body already encoded, when the caller has it (the same tag). */
export async function etagOf(
  page: Pick<BuiltPageLike, 'status' | 'contentType' | 'body'>,
  body: Uint8Array | string = page.body,
) {
  const digest = await sha256(`${page.status}\n${page.contentType}\n`, body)
  return `"${digest.slice(0, 27)}"`
}

export type SaveResult = { changed: boolean; page: StoredPage }

export async function savePage(
  env: Env,
  built: BuiltPageLike,
  revs: Map<string, string>,
  opts: { kvMissing?: boolean; now?: Date } = {},
): Promise<SaveResult> {
  const now = (opts.now ?? new Date()).toISOString()
  const deps = [...new Set(built.deps)].sort()
  // Every dependency gets a row, even one the revision query could not resolve (recorded as ''),
  // so a change to it still finds this page and reconciliation rebuilds it.
  const pageRevs = new Map(deps.map((dep) => [dep, revs.get(dep) ?? '']))
  const [etag, contentRev, prev] = await Promise.all([
    etagOf(built),
    contentRevOf(pageRevs),
    getPageIndex(env.DB, built.path),
  ])
  const changed = opts.kvMissing === true || prev?.etag !== etag
  const builtAt = changed || !prev ? now : prev.builtAt
  const page: StoredPage = {
    body: built.body,
    contentType: built.contentType,
    status: built.status,
    etag,
    builtAt,
    contentRev,
    deps,
  }
  if (changed) {
    await putStoredPage(env.PAGES, built.path, page)
    forget(env, [built.path])
  }
  const stmts = pageIndexStatements(
    env.DB,
    built.path,
    {
      etag,
      contentRev,
      status: built.status,
      builtAt,
      changedAt: now,
      staleAt: built.staleAt ?? null,
    },
    pageRevs,
    prev,
  )
  if (stmts.length > 0) await env.DB.batch(stmts)
  return { changed, page }
}
