// The HTTP scenarios measured against one running worker and dataset. Throughput runs use
// autocannon at a fixed concurrency; "render" runs send one request at a time to an otherwise
// idle server, so their wall time is an upper bound on the worker's CPU time for that request.
import { FIXTURES } from './dataset'
import type { Driver, LoadSummary } from './driver'

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
}

export type Scenario = {
  name: string
  measures: string
  mode: 'throughput' | 'serial'
  summary: LoadSummary
  /** What a sample response showed (x-page-source, status), to prove the path measured. */
  sample?: string
}

export type Ctx = { driver: Driver; appUrl: string; bareUrl: string; cfg: BenchConfig }

async function sample(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init)
  await res.arrayBuffer()
  return res
}

const describe = (res: Response) => `${res.status} ${res.headers.get('x-page-source') ?? ''}`.trim()

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

export async function throughputScenarios(ctx: Ctx): Promise<Scenario[]> {
  const { driver, appUrl, bareUrl, cfg } = ctx
  const base = { connections: cfg.connections, duration: cfg.durationS }
  const out: Scenario[] = []
  const add = async (s: Omit<Scenario, 'summary' | 'mode'>, run: () => Promise<LoadSummary>) => {
    out.push({ ...s, mode: 'throughput', summary: await run() })
  }
  const { etag, stylesheet } = await warm(appUrl)

  await add(
    { name: 'bare', measures: "bare Worker returning 'hello': the runtime's limit here" },
    () => driver.cannon({ url: bareUrl, ...base }),
  )
  if (stylesheet) {
    await add(
      {
        name: 'app-floor',
        measures: 'the hashed stylesheet: Hono routing + security headers, no storage at all',
        sample: describe(await sample(appUrl + stylesheet)),
      },
      () => driver.cannon({ url: appUrl + stylesheet, ...base }),
    )
  }
  await add(
    {
      name: 'cached',
      measures: `${FIXTURES.detailPath} answered from caches.default (warm), 200 with body`,
      sample: describe(await sample(appUrl + FIXTURES.detailPath)),
    },
    () => driver.cannon({ url: appUrl + FIXTURES.detailPath, ...base }),
  )
  const conditional = { 'if-none-match': etag }
  await add(
    {
      name: 'revalidate-304',
      measures: `${FIXTURES.detailPath} with If-None-Match of the current ETag: cache lookup, 304`,
      sample: describe(await sample(appUrl + FIXTURES.detailPath, { headers: conditional })),
    },
    () => driver.cannon({ url: appUrl + FIXTURES.detailPath, headers: conditional, ...base }),
  )
  await add(
    {
      name: 'uncached',
      measures: `${FIXTURES.detailPath}?b=<unique>: cache miss, D1 redirect lookup, content query, render, cache put`,
      sample: describe(await sample(`${appUrl}${FIXTURES.detailPath}?b=sample`)),
    },
    () =>
      driver.cannon({
        url: `${appUrl}${FIXTURES.detailPath}?b=[<id>]`,
        idReplacement: true,
        ...base,
      }),
  )
  await add(
    {
      name: 'signup',
      measures: 'POST /api/v1/registrations, distinct emails, large-capacity session',
    },
    () =>
      driver.cannon({
        url: `${appUrl}/api/v1/registrations`,
        method: 'POST',
        headers: SIGNUP_HEADERS,
        body: signupBody(FIXTURES.bigSession, '[<id>]'),
        idReplacement: true,
        ...base,
      }),
  )
  return out
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

export async function renderScenarios(ctx: Ctx): Promise<Scenario[]> {
  const { driver, appUrl, bareUrl, cfg } = ctx
  const serial = { count: cfg.serialCount, maxMs: cfg.serialMaxMs }
  const pages: [string, string, string][] = [
    ['render-bare', bareUrl + '/', 'bare Worker, one request at a time'],
    [
      'render-cached',
      appUrl + FIXTURES.detailPath,
      'course page from caches.default, one at a time',
    ],
    [
      'render-detail',
      `${appUrl}${FIXTURES.detailPath}?b=[<id>]`,
      'course page, uncached (query variant), one at a time',
    ],
    ['render-list', `${appUrl}/courses?b=[<id>]`, '/courses listing, uncached, one at a time'],
    ['render-home', `${appUrl}/?b=[<id>]`, 'home page, uncached, one at a time'],
  ]
  const out: Scenario[] = []
  for (const [name, url, measures] of pages) {
    const first = await sample(url.replace('[<id>]', 'sample'))
    out.push({
      name,
      measures,
      mode: 'serial',
      sample: describe(first),
      summary: await driver.serial({ url, ...serial }),
    })
  }
  return out
}
