// Bulk import with the site running: `npm run import -- --replace` of a file that changes the
// title of many published courses, reports and news posts (a migration, a retagging script).
// Measured: how long until every changed page serves its new title, what a cached page's latency
// does meanwhile against the same page idle, and how many KV writes the rebuilds spent.
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createClient } from '@sanity/client'
import { DEFAULT_FLAGS } from '../../../studio/import/prepare'
import { runImport } from '../../../studio/scripts/import'
import type { Doc, GeneratedDataset } from './dataset'
import { FIXTURES } from './dataset'
import type { Driver, LoadSummary } from './driver'
import type { BenchD1 } from './runtime'
import { BROWSER, merge } from './scenarios'

export type BulkResult = {
  documents: number
  /** From the first import request to the last one acknowledged by the store. */
  importMs: number
  /** From the import's start until every changed page served its new title (null: timed out). */
  allFreshMs: number | null
  /** Pages still showing the old title when the wait gave up. */
  stale: number
  idle: LoadSummary
  during: LoadSummary
  /** KV keys written (new value) or deleted meanwhile: a lower bound on KV writes and deletes. */
  kv: { writes: number; deletes: number } | null
  webhookDeliveries: number
}

const PAGE_PREFIX: Record<string, string> = {
  course: '/courses/',
  report: '/reports/',
  newsPost: '/news/',
}
const CHECK_CONCURRENCY = 4
const LOAD = { connections: 4, duration: 2, headers: BROWSER }

/** The KV namespace's SQLite file under Miniflare's persistence directory, if there is one. */
async function kvFile(dir: string): Promise<string | null> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[])
  const file = entries.find((f) => f.includes('KVNamespaceObject') && f.endsWith('.sqlite'))
  return file ? join(dir, file) : null
}

type KvCounter = { stop(): { writes: number; deletes: number } | null }

/**
 * Polls the local KV store's index (key → blob id; every put makes a new blob) and counts keys
 * that changed or vanished between polls. Two writes to one key within a poll count once.
 */
async function countKvWrites(persistDir: string): Promise<KvCounter> {
  const file = await kvFile(persistDir)
  let sqlite: typeof import('node:sqlite') | null = null
  try {
    sqlite = await import('node:sqlite')
  } catch {
    sqlite = null
  }
  if (!file || !sqlite) return { stop: () => null }
  const db = new sqlite.DatabaseSync(file, { readOnly: true })
  const read = () => {
    const rows = db.prepare('SELECT key, blob_id FROM _mf_entries').all() as {
      key: string
      blob_id: string
    }[]
    return new Map(rows.map((r) => [r.key, r.blob_id]))
  }
  let previous = read()
  let writes = 0
  let deletes = 0
  const poll = () => {
    const now = read()
    for (const [key, blob] of now) if (previous.get(key) !== blob) writes++
    for (const key of previous.keys()) if (!now.has(key)) deletes++
    previous = now
  }
  const timer = setInterval(poll, 250)
  return {
    stop() {
      clearInterval(timer)
      poll()
      db.close()
      return { writes, deletes }
    },
  }
}

/**
 * A pass stops after this many stale pages in a row: the pages after them were changed later in
 * the import and are checked again next pass. Checking every pending page on every pass cost
 * the worker, which shares its one workerd thread with the rebuilds, thousands of requests a
 * pass, and made the import look slower than it is.
 */
const STALE_RUN = 16

/**
 * Fetches the pending URLs in the order they were changed until each shows its text; returns
 * when all do or time runs out. Every page is fetched until it is seen fresh, so none is counted
 * fresh unseen; a pass ends early at a run of stale pages.
 */
async function waitAllFresh(
  pending: Map<string, string>,
  deadline: number,
): Promise<{ stale: number }> {
  while (pending.size > 0 && performance.now() < deadline) {
    const urls = [...pending.keys()]
    let next = 0
    let staleRun = 0
    const worker = async () => {
      while (staleRun < STALE_RUN) {
        const url = urls[next++]
        if (url === undefined) return
        const res = await fetch(url).catch(() => null)
        const body = res ? await res.text() : ''
        if (body.includes(pending.get(url) ?? '\u0000')) {
          pending.delete(url)
          staleRun = 0
        } else staleRun++
      }
    }
    await Promise.all(Array.from({ length: CHECK_CONCURRENCY }, worker))
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return { stale: pending.size }
}

export async function bulkImport(opts: {
  ds: GeneratedDataset
  count: number
  tag: string
  storeUrl: string
  appUrl: string
  db: BenchD1
  driver: Driver
  persistDir: string
  timeoutMs: number
}): Promise<BulkResult> {
  const { ds, driver } = opts
  const byId = new Map(ds.docs.map((d) => [d._id, d]))
  const candidates = ['course', 'report', 'newsPost'].flatMap((t) => ds.byType[t] ?? [])
  const step = Math.max(1, Math.floor(candidates.length / Math.max(1, opts.count)))
  const chosen: Doc[] = []
  for (let i = 0; i < candidates.length && chosen.length < opts.count; i += step) {
    const doc = byId.get(candidates[i] ?? '')
    if (doc) chosen.push(doc)
  }
  const marker = `bulk ${opts.tag}`
  const changed: Doc[] = chosen.map((d) => ({ ...d, title: `${String(d.title)} [${marker}]` }))
  const pending = new Map<string, string>()
  for (const d of changed) {
    const slug = (d.slug as { current?: string } | undefined)?.current
    const prefix = PAGE_PREFIX[d._type]
    if (slug && prefix) pending.set(`${opts.appUrl}${prefix}${slug}`, `[${marker}]`)
  }
  // Every changed page is built and cached first: the rebuilds must replace what is served.
  await waitAllFresh(new Map([...pending.keys()].map((u) => [u, ''])), performance.now() + 600_000)

  const cachedUrl = opts.appUrl + FIXTURES.detailPath
  await fetch(cachedUrl).then((r) => r.arrayBuffer())
  const idle = merge([
    await driver.cannon({ url: cachedUrl, ...LOAD }),
    await driver.cannon({ url: cachedUrl, ...LOAD }),
  ])

  const client = createClient({
    projectId: 'safeguard',
    dataset: 'production',
    apiVersion: '2025-02-19',
    apiHost: opts.storeUrl,
    useProjectHostname: false,
    useCdn: false,
  })
  const sinceIso = new Date(Date.now() - 1000).toISOString()
  const kv = await countKvWrites(opts.persistDir)
  const started = performance.now()
  let done = false
  const slices: LoadSummary[] = []
  const load = (async () => {
    while (!done) slices.push(await driver.cannon({ url: cachedUrl, ...LOAD }))
  })()
  let importMs = 0
  let stale = pending.size
  try {
    const result = await runImport({
      text: changed.map((d) => JSON.stringify(d)).join('\n'),
      target: { client, projectId: 'safeguard', dataset: 'production' },
      flags: { ...DEFAULT_FLAGS, mode: 'replace' },
      out: { isTTY: false, write: () => {} },
    })
    if (result.problems.length > 0) {
      throw new Error(`bulk import refused: ${JSON.stringify(result.problems.slice(0, 3))}`)
    }
    importMs = performance.now() - started
    stale = (await waitAllFresh(pending, started + opts.timeoutMs)).stale
  } finally {
    done = true
    await load
  }
  const allFreshMs = stale === 0 ? performance.now() - started : null
  const kvCount = kv.stop()
  const deliveries = await opts.db
    .prepare('SELECT count(*) AS n FROM webhook_deliveries WHERE received_at >= ?1')
    .bind(sinceIso)
    .first<{ n: number }>()
  return {
    documents: changed.length,
    importMs,
    allFreshMs,
    stale,
    idle,
    during: merge(slices),
    kv: kvCount,
    webhookDeliveries: deliveries?.n ?? 0,
  }
}
