// The HTTP scenarios measured against one running worker and dataset. Throughput runs use
// autocannon at a fixed concurrency; "render" runs send one request at a time to an otherwise
// idle server, so their wall time is an upper bound on the worker's CPU time for that request.
import { FIXTURES } from './dataset'
import type { Options } from 'autocannon'
import type { Driver, LoadSummary } from './driver'
import { percentile } from './publish'
import type { Route } from './routes'
import type { BenchD1 } from './runtime'

export type BenchConfig = {
  durationS: number
  connections: number
  serialMaxMs: number
  serialCount: number
  publishes: number
  sizes: number[]
  seed: number
  quick: boolean
  /** Take CPU profiles (workerd's inspector) of the slow paths at the largest dataset. */
  profile: boolean
  /** What-if override of the queues' max_batch_timeout (seconds); undefined = wrangler.toml. */
  queueBatchTimeoutS?: number
  /** Where workerd's local D1, KV and Cache API and the content store keep their files. */
  storageDir: string
  /** Documents changed by the bulk-import row (0: no bulk row). */
  bulk: number
  /** How long the bulk row waits for every changed page to be fresh. */
  bulkTimeoutS: number
}

export type Scenario = {
  name: string
  measures: string
  mode: 'throughput' | 'serial'
  summary: LoadSummary
  /** What a sample response showed (x-page-source, status), to prove the path measured. */
  sample?: string
}

export type Ctx = {
  driver: Driver
  appUrl: string
  bareUrl: string
  barePageUrl: string
  cacheFloorUrl: string
  db: BenchD1
  cfg: BenchConfig
}

/**
 * Waits until the mail consumer has worked through the outbox (nothing pending or being sent),
 * at most `maxMs`; returns how long that took. Every signup queues an email, and the consumer
 * runs on the same workerd thread as every worker here: the backlog a signup slice leaves would
 * otherwise slow whatever is measured next.
 */
export async function mailSettled(db: BenchD1, maxMs = 30_000): Promise<number> {
  const started = performance.now()
  for (;;) {
    const busy = await db
      .prepare("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')")
      .first<{ n: number }>()
    const waited = performance.now() - started
    if ((busy?.n ?? 0) === 0 || waited > maxMs) return waited
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function sample(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init)
  await res.arrayBuffer()
  return res
}

const describe = (res: Response) =>
  [res.status, res.headers.get('x-page-source'), res.headers.get('content-encoding')]
    .filter((part) => part !== null)
    .join(' ')

// Hop-by-hop and per-response headers the runtime sets itself, and the encoding (fetch decodes
// the body; the bare-page Worker encodes it again for a client that accepts gzip).
const OWN_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'date',
  'content-encoding',
])

/** What a browser says it accepts: every visitor scenario sends it, as visitors do. */
export const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd' }

/** Gives the bare-page Worker the cached page's body and headers, as a visitor receives them. */
async function copyPage(appUrl: string, barePageUrl: string): Promise<void> {
  const res = await fetch(appUrl + FIXTURES.detailPath)
  const body = await res.text()
  const headers = [...res.headers].filter(([name]) => !OWN_HEADERS.has(name))
  const put = await fetch(barePageUrl, { method: 'PUT', body: JSON.stringify({ body, headers }) })
  if (put.status !== 204) throw new Error(`bare-page worker answered ${put.status}`)
}

/** Builds the detail page once and returns what the cached scenarios need from it. */
async function warm(appUrl: string): Promise<{ etag: string; stylesheet: string | null }> {
  const first = await fetch(appUrl + FIXTURES.detailPath)
  const html = await first.text()
  if (first.status !== 200) throw new Error(`${FIXTURES.detailPath} answered ${first.status}`)
  const second = await sample(appUrl + FIXTURES.detailPath)
  const etag = second.headers.get('etag')
  if (!etag) throw new Error(`${FIXTURES.detailPath} has no ETag`)
  const stylesheet = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1] ?? null
  return { etag, stylesheet }
}

export function signupBody(sessionKey: string, emailId: string): string {
  return JSON.stringify({
    courseSlug: FIXTURES.signupCourse.slug,
    sessionKey,
    name: 'Bench Person',
    email: `bench-${emailId}@example.org`,
    organisation: 'Benchmark',
    role: 'police',
    consent: true,
  })
}

/** Distinct people: a distinct email and client address per request (the limiter is per IP). */
export const SIGNUP_HEADERS = {
  'content-type': 'application/json',
  'cf-connecting-ip': '10.9.[<id>]',
}

type Spec = { name: string; measures: string; sample?: string; load: Options }

/** Rounds merged: counts add up; p50 is the median round's, p99 the worst round's. */
export function merge(rounds: LoadSummary[]): LoadSummary {
  const sum = (f: (s: LoadSummary) => number) => rounds.reduce((a, s) => a + f(s), 0)
  const mid = (f: (s: LoadSummary) => number) => percentile(rounds.map(f), 50)
  const statuses: Record<string, number> = {}
  for (const r of rounds) {
    for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n
  }
  const requests = sum((s) => s.requests)
  const durationS = sum((s) => s.durationS)
  return {
    requests,
    durationS,
    rps: requests / Math.max(durationS, 0.001),
    p50: mid((s) => s.p50),
    p90: mid((s) => s.p90),
    p99: Math.max(...rounds.map((s) => s.p99)),
    mean: sum((s) => s.mean * s.requests) / Math.max(requests, 1),
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    statuses,
  }
}

/**
 * Every scenario runs in `rounds` short slices, interleaved (bare, floor, cached, …, bare, …),
 * so that a change in background load on a shared machine hits every scenario alike and the
 * ratios stay meaningful.
 */
export async function throughputScenarios(
  ctx: Ctx,
  rounds = 3,
): Promise<{ scenarios: Scenario[]; signupWarmups: number; mailWaitMs: number }> {
  const { driver, appUrl, bareUrl, barePageUrl, cfg } = ctx
  const { etag, stylesheet } = await warm(appUrl)
  await copyPage(appUrl, barePageUrl)
  const conditional = { ...BROWSER, 'if-none-match': etag }
  // A few signups first: the first ones pay for cold paths (D1 statements, the store client).
  // They are stored like any other, so they count towards the session's expected rows.
  let warmups = 0
  for (let i = 0; i < 3; i++) {
    const res = await sample(`${appUrl}/api/v1/registrations`, {
      method: 'POST',
      headers: { ...SIGNUP_HEADERS, 'cf-connecting-ip': `10.8.0.${i}` },
      body: signupBody(FIXTURES.bigSession, `warmup-${i}`),
    })
    if (res.status === 201) warmups++
  }
  const specs: Spec[] = [
    {
      name: 'bare',
      measures: "bare Worker returning 'hello': the runtime's limit here",
      load: { url: bareUrl, headers: BROWSER },
    },
    {
      name: 'bare-page',
      measures: `bare Worker answering ${FIXTURES.detailPath}'s bytes and headers from a variable, gzipped`,
      sample: describe(await sample(barePageUrl)),
      load: { url: barePageUrl, headers: BROWSER },
    },
    {
      name: 'bare-page-identity',
      measures: 'the same, to a client that does not accept gzip',
      load: { url: barePageUrl },
    },
    ...(stylesheet
      ? [
          {
            name: 'app-floor',
            measures: 'the hashed stylesheet: Hono routing + security headers, no storage',
            sample: describe(await sample(appUrl + stylesheet)),
            load: { url: appUrl + stylesheet, headers: BROWSER },
          },
        ]
      : []),
    {
      name: 'cached',
      measures: `${FIXTURES.detailPath} from the micro-cache or caches.default (warm), 200 gzipped`,
      sample: describe(await sample(appUrl + FIXTURES.detailPath)),
      load: { url: appUrl + FIXTURES.detailPath, headers: BROWSER },
    },
    {
      name: 'cached-identity',
      measures: 'the same, to a client that does not accept gzip',
      load: { url: appUrl + FIXTURES.detailPath },
    },
    {
      name: 'revalidate-304',
      measures: `${FIXTURES.detailPath} with If-None-Match of the current ETag: cache lookup, 304`,
      sample: describe(await sample(appUrl + FIXTURES.detailPath, { headers: conditional })),
      load: { url: appUrl + FIXTURES.detailPath, headers: conditional },
    },
    {
      name: 'uncached',
      measures: `${FIXTURES.detailPath}?b=<unique>: cache miss, content query, seat counts, render, cache put`,
      sample: describe(await sample(`${appUrl}${FIXTURES.detailPath}?b=sample`)),
      load: {
        url: `${appUrl}${FIXTURES.detailPath}?b=[<id>]`,
        headers: BROWSER,
        idReplacement: true,
      },
    },
    {
      name: 'signup',
      measures:
        'POST /api/v1/registrations, distinct emails and client IPs, 1,000,000-place session',
      // A fixed number per round rather than a time slice: a signup cut off in flight would be
      // stored without its answer being counted.
      load: {
        amount: cfg.connections * (cfg.quick ? 8 : 20),
        url: `${appUrl}/api/v1/registrations`,
        method: 'POST',
        headers: SIGNUP_HEADERS,
        body: signupBody(FIXTURES.bigSession, '[<id>]'),
        idReplacement: true,
        // autocannon only notices that `amount` is done on its sampling tick (1 s by default)
        // and reports the duration up to that tick, which capped this figure at `amount`/s.
        sampleInt: 10,
      },
    },
  ]
  const results = new Map<string, LoadSummary[]>()
  const duration = Math.max(1, Math.round(cfg.durationS / rounds))
  let mailWaitMs = 0
  for (let round = 0; round < rounds; round++) {
    for (const spec of specs) {
      const summary = await driver.cannon({ connections: cfg.connections, duration, ...spec.load })
      results.set(spec.name, [...(results.get(spec.name) ?? []), summary])
      if (spec.name === 'signup') mailWaitMs = Math.max(mailWaitMs, await mailSettled(ctx.db))
    }
  }
  const scenarios = specs.map(({ name, measures, sample: seen }) => ({
    name,
    measures,
    mode: 'throughput' as const,
    ...(seen ? { sample: seen } : {}),
    summary: merge(results.get(name) ?? []),
  }))
  return { scenarios, signupWarmups: warmups, mailWaitMs }
}

/** Burst of signups at a 20-place session: the overbooking check under contention. */
export function contention(ctx: Ctx, amount: number): Promise<LoadSummary> {
  return ctx.driver.cannon({
    url: `${ctx.appUrl}/api/v1/registrations`,
    method: 'POST',
    headers: SIGNUP_HEADERS,
    body: signupBody(FIXTURES.smallSession, '[<id>]'),
    idReplacement: true,
    connections: ctx.cfg.connections,
    amount,
  })
}

/**
 * The render scenarios run interleaved, each page's requests spread over this many rounds, so a
 * slow spell of the machine (it is shared with the content store and the load generator, and
 * with whatever else runs) weighs on every page alike.
 */
const RENDER_ROUNDS = 8

export async function renderScenarios(ctx: Ctx, routes: Route[]): Promise<Scenario[]> {
  const { driver, appUrl, bareUrl, cacheFloorUrl, cfg } = ctx
  const serial = { count: cfg.serialCount, maxMs: cfg.serialMaxMs }
  const pages: [string, string, string][] = [
    ['render-bare', bareUrl + '/', 'bare Worker, one request at a time'],
    [
      'render-cache-floor',
      `${cacheFloorUrl}/?b=[<id>]`,
      "an uncached render's local Cache API work alone (a miss, then a 17 KiB put), one at a time",
    ],
    [
      'render-cached',
      appUrl + FIXTURES.detailPath,
      'course page from caches.default, one at a time',
    ],
    // Every response type (routes.ts), so "every uncached render" means every page a visitor,
    // feed reader, calendar or crawler can open.
    ...routes.map(({ name, path, what }): [string, string, string] => [
      `render-${name}`,
      `${appUrl}${path}${path.includes('?') ? '&' : '?'}b=[<id>]`,
      `${what}, uncached, one at a time`,
    ]),
  ]
  // One sample each first (it shows where the answer came from, and warms the page's code).
  const samples: string[] = []
  for (const [, url] of pages) samples.push(describe(await sample(url.replace('[<id>]', 'sample'))))
  const summaries = await driver.serialRounds(
    pages.map(([, url]) => ({ url, ...serial })),
    RENDER_ROUNDS,
  )
  return pages.map(([name, , measures], i): Scenario => {
    const summary = summaries[i]
    if (!summary) throw new Error(`render: no summary for ${name}`)
    return { name, measures, mode: 'serial', sample: samples[i] ?? '', summary }
  })
}
