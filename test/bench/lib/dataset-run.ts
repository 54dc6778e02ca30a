// One dataset size, start to finish: a fresh content store and a fresh workerd (empty D1, KV and
// cache), every scenario, the content store's own query times, publish-to-fresh, and the signup
// invariants checked in D1 afterwards.
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import {
  courseListUpcomingQuery,
  courseQuery,
  homeQuery,
  calendarHeadQuery,
} from '../../../worker/content/queries'
import { contentNow } from '../../../worker/pages/clock'
import { startBenchStore, timeQuery } from './content'
import { FIXTURES } from './dataset'
import type { Driver, LoadSummary } from './driver'
import { checkSession, type SessionCheck } from './invariants'
import { profileWhile, type ProfileSummary } from './profile'
import { bulkImport, type BulkResult } from './bulk'
import { percentile, PUBLISH_TARGETS, publishToFresh, type PublishResult } from './publish'
import { benchRoutes } from './routes'
import { BENCH_SECRETS, freePort, startRuntime } from './runtime'
import {
  contention,
  mailSettled,
  renderScenarios,
  SIGNUP_HEADERS,
  signupBody,
  throughputScenarios,
  type BenchConfig,
  type Ctx,
  type Scenario,
} from './scenarios'

export type QueryTimes = {
  page: string
  /** Median of the store's own `ms` (groq-js evaluation), result cache bypassed. */
  coldStoreMs: number
  coldRoundTripMs: number
  /** Round trip when the store's per-revision result cache answers. */
  warmRoundTripMs: number
  resultBytes: number
}

export type DatasetRun = {
  size: number
  seedDocs: number
  generated: number
  byType: Record<string, number>
  startupMs: number
  /** Filling the search index after startup (POST /admin/rebuild?only=index). */
  indexMs: number
  loadAverage: { before: number[]; after: number[] }
  throughput: Scenario[]
  render: Scenario[]
  queries: QueryTimes[]
  /** The course's publish-to-fresh (kept as the headline figure). */
  publish: PublishResult
  /** Publish-to-fresh per document kind: course, report, organisation, contact. */
  publishes: Record<string, PublishResult>
  bulk?: BulkResult
  signups: { summary: LoadSummary; created: number; check: SessionCheck }
  contention: { summary: LoadSummary; created: number; check: SessionCheck }
  profiles?: Record<string, ProfileSummary>
}

async function queryTimes(storeUrl: string, samples: number): Promise<QueryTimes[]> {
  // The instant the worker builds pages as of (a whole minute), as its queries pass it.
  const now = contentNow().toISOString()
  const pages: [string, string, Record<string, unknown>][] = [
    ['course page', courseQuery, { slug: FIXTURES.detailPath.split('/').pop() }],
    [
      '/courses',
      courseListUpcomingQuery,
      {
        audience: null,
        topic: null,
        format: null,
        organisation: null,
        now,
        pageStart: 0,
        pageEnd: 12,
      },
    ],
    ['home', homeQuery, { now }],
    ['/sessions.ics', calendarHeadQuery, { organisation: null }],
  ]
  const out: QueryTimes[] = []
  for (const [page, query, params] of pages) {
    const cold = []
    const warm = []
    for (let i = 0; i < samples; i++) cold.push(await timeQuery(storeUrl, query, params, true))
    for (let i = 0; i < samples; i++) warm.push(await timeQuery(storeUrl, query, params, false))
    out.push({
      page,
      coldStoreMs: percentile(
        cold.map((c) => c.storeMs),
        50,
      ),
      coldRoundTripMs: percentile(
        cold.map((c) => c.roundTripMs),
        50,
      ),
      warmRoundTripMs: percentile(
        warm.map((c) => c.roundTripMs),
        50,
      ),
      resultBytes: cold[0]?.bytes ?? 0,
    })
  }
  return out
}

const created = (s: LoadSummary) => s.statuses['201'] ?? 0

/** CPU profiles of the paths that usually explain a miss: uncached renders and signups. */
async function profiles(ctx: Ctx, inspector: string): Promise<Record<string, ProfileSummary>> {
  const { driver, appUrl, bareUrl } = ctx
  const burst = { connections: 8, duration: 2 }
  // [name, worker isolate to profile, workload]
  const runs: [string, string, () => Promise<LoadSummary>][] = [
    ['bare Worker', 'bare', () => driver.cannon({ url: bareUrl, ...burst })],
    [
      'cached course page',
      'safeguard',
      () => driver.cannon({ url: appUrl + FIXTURES.detailPath, ...burst }),
    ],
    [
      'uncached course page',
      'safeguard',
      () => driver.serial({ url: `${appUrl}${FIXTURES.detailPath}?p=[<id>]`, count: 40 }),
    ],
    [
      'uncached home page',
      'safeguard',
      () => driver.serial({ url: `${appUrl}/?p=[<id>]`, count: 15 }),
    ],
    [
      'uncached calendar',
      'safeguard',
      () => driver.serial({ url: `${appUrl}/sessions.ics?p=[<id>]`, count: 30 }),
    ],
    [
      'uncached search',
      'safeguard',
      () => driver.serial({ url: `${appUrl}/search?q=children+trafficking&p=[<id>]`, count: 30 }),
    ],
    [
      'signup',
      'safeguard',
      () =>
        driver.cannon({
          url: `${appUrl}/api/v1/registrations`,
          method: 'POST',
          headers: SIGNUP_HEADERS,
          body: signupBody(FIXTURES.bigSession, '[<id>]'),
          idReplacement: true,
          ...burst,
        }),
    ],
  ]
  const out: Record<string, ProfileSummary> = {}
  for (const [name, worker, work] of runs) {
    out[name] = await profileWhile(inspector, worker, work, 8)
  }
  return out
}

/**
 * Fills the search index, and the calendars built from it, as `npm start` does on a first run: the
 * store loaded its documents without webhooks, and search and the calendars would otherwise be
 * measured over an empty index. Only the index: rebuilding every page would put them in the page
 * store, which the uncached rows must not find.
 */
async function buildSearchIndex(appUrl: string): Promise<{ line: string; ms: number }> {
  const started = performance.now()
  const res = await fetch(`${appUrl}/admin/rebuild?only=index`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_SECRETS.STAFF_TOKEN}` },
  })
  const lines = (await res.text()).trim().split('\n')
  if (!res.ok || lines.at(-1) !== 'Done: index only, 0 failed') {
    throw new Error(`search index not built (${res.status}): ${lines.join(' / ')}`)
  }
  return { line: lines[0] ?? '', ms: Math.round(performance.now() - started) }
}

export async function runDataset(
  size: number,
  cfg: BenchConfig,
  driver: Driver,
  scriptPath: string,
  log: (msg: string) => void,
): Promise<DatasetRun> {
  const started = performance.now()
  const dir = await mkdtemp(join(cfg.storageDir, 'safeguard-bench-'))
  const appPort = await freePort()
  const store = await startBenchStore({
    size,
    seed: cfg.seed,
    storageDir: cfg.storageDir,
    webhookUrl: `http://127.0.0.1:${appPort}/webhooks/sanity`,
    webhookSecret: BENCH_SECRETS.SANITY_WEBHOOK_SECRET,
  })
  const profiling = cfg.profile && size === Math.max(...cfg.sizes)
  const rt = await startRuntime({
    scriptPath,
    storeUrl: store.url,
    appPort,
    persistDir: dir,
    ...(profiling ? { inspectorPort: await freePort() } : {}),
    ...(cfg.queueBatchTimeoutS === undefined ? {} : { queueBatchTimeoutS: cfg.queueBatchTimeoutS }),
  })
  try {
    const startupMs = Math.round(performance.now() - started)
    log(`  ${size} documents: store ${store.url}, worker ${rt.appUrl} (${startupMs} ms to start)`)
    const index = await buildSearchIndex(rt.appUrl)
    log(`  ${index.line} in ${(index.ms / 1000).toFixed(1)} s`)
    const before = loadavg()
    const ctx = {
      driver,
      appUrl: rt.appUrl,
      bareUrl: rt.bareUrl,
      barePageUrl: rt.barePageUrl,
      cacheFloorUrl: rt.cacheFloorUrl,
      db: rt.db,
      cfg,
    }
    const { scenarios: throughput, signupWarmups, mailWaitMs } = await throughputScenarios(ctx)
    log(
      `  ${size}: throughput scenarios done (after a signup slice the mail queue took up to` +
        ` ${Math.round(mailWaitMs)} ms to drain; the next slice waited for it)`,
    )
    const render = await renderScenarios(ctx, benchRoutes(store.dataset))
    const queries = await queryTimes(store.url, cfg.quick ? 3 : 7)
    log(`  ${size}: render and query timings done`)
    const publishes: Record<string, PublishResult> = {}
    for (const target of PUBLISH_TARGETS) {
      publishes[target.kind] = await publishToFresh(
        rt.db,
        rt.appUrl,
        store.url,
        cfg.publishes,
        `n${size}`,
        target,
      )
    }
    const publish = publishes.course
    if (!publish) throw new Error('publish-to-fresh: no course result')
    log(`  ${size}: publish-to-fresh done (${Object.keys(publishes).join(', ')})`)
    const signup = throughput.find((s) => s.name === 'signup')
    if (!signup) throw new Error('signup scenario missing')
    const bigCheck = await checkSession(rt.db, {
      courseId: FIXTURES.signupCourse.id,
      sessionKey: FIXTURES.bigSession,
      capacity: FIXTURES.bigCapacity,
      accepted: created(signup.summary) + signupWarmups,
    })
    const burst = await contention(ctx, FIXTURES.smallCapacity * 10)
    const smallCheck = await checkSession(rt.db, {
      courseId: FIXTURES.signupCourse.id,
      sessionKey: FIXTURES.smallSession,
      capacity: FIXTURES.smallCapacity,
      accepted: created(burst),
    })
    await mailSettled(rt.db)
    const bulkCount = Math.min(cfg.bulk, store.dataset.generated)
    const importing = (count: number, tag: string) =>
      bulkImport({
        ds: store.dataset,
        count,
        tag,
        storeUrl: store.url,
        appUrl: rt.appUrl,
        db: rt.db,
        driver,
        persistDir: dir,
        timeoutMs: cfg.bulkTimeoutS * 1000,
      })
    const bulk = bulkCount > 0 ? await importing(bulkCount, `n${size}`) : undefined
    if (bulk) log(`  ${size}: bulk import of ${bulk.documents} documents done`)
    const profiled = rt.inspectorUrl ? await profiles(ctx, rt.inspectorUrl) : undefined
    // A second, profiled import of up to 200 documents (after the measured one, so the profiler's
    // overhead is not in its figures): what keeps the isolate busy while rebuilds run.
    if (profiled && rt.inspectorUrl && bulkCount > 0) {
      profiled['bulk import'] = await profileWhile(rt.inspectorUrl, 'safeguard', async () => ({
        requests: (await importing(Math.min(bulkCount, 200), `n${size}-profiled`)).documents,
      }))
    }
    const byType: Record<string, number> = {}
    for (const doc of store.dataset.docs) byType[doc._type] = (byType[doc._type] ?? 0) + 1
    return {
      size: store.dataset.total,
      seedDocs: store.dataset.seedDocs,
      generated: store.dataset.generated,
      byType,
      startupMs,
      indexMs: index.ms,
      loadAverage: { before, after: loadavg() },
      throughput,
      render,
      queries,
      publish,
      publishes,
      ...(bulk ? { bulk } : {}),
      signups: { summary: signup.summary, created: created(signup.summary), check: bigCheck },
      contention: { summary: burst, created: created(burst), check: smallCheck },
      ...(profiled ? { profiles: profiled } : {}),
    }
  } finally {
    await rt.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}
