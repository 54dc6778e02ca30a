// Shared machinery for the reliability suite: seed fixtures, distinct client addresses (the
// signup rate limit is per IP), row counts of every table in one statement, and a runner that
// sends generated requests in concurrent batches and checks, batch by batch, that nothing
// answered 5xx and that batches of rejected requests wrote no rows.
import { env, SELF } from 'cloudflare:test'

export const ORIGIN = 'https://example.com'

/** Seed content the success paths use (studio/seed/dataset.ndjson). */
export const SEED = {
  course: 'example-nrm-refresher',
  courseId: 'course.example-nrm-refresher',
  openSession: 'nrm-2027-06-16',
  petition: 'example-guardian-for-every-child',
  topic: 'nrm',
  page: '/courses/nrm-webinar',
} as const

/**
 * Written by the rebuild queue in the background (pages, their receipts, the deferred aggregates,
 * the search and calendar indexes), never by the request a test measures.
 */
export const BACKGROUND_TABLES = [
  'calendar_events',
  'mailbox',
  'page_revs',
  'page_deps',
  'publish_receipts',
  'pending_rebuilds',
  'pending_rebuild_receipts',
  'rebuild_schedule',
  'search_docs',
  'search_fts',
  'search_fts_content',
  'search_fts_data',
  'search_fts_docsize',
  'search_fts_idx',
  'search_fts_config',
  'search_meta',
]

/** A JSON POST, as a partner API client sends it. */
export const jsonRequest = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

/** A form POST from one of the site's own pages (the same-origin headers a browser adds). */
export const formRequest = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    origin: ORIGIN,
    'sec-fetch-site': 'same-origin',
  },
  body: new URLSearchParams(fields).toString(),
})

let ipSeq = 0
export function freshIp(): string {
  ipSeq++
  return `203.0.${Math.floor(ipSeq / 250) % 250}.${(ipSeq % 250) + 1}`
}

let countSql: string | null = null

async function countStatement(): Promise<string> {
  if (countSql) return countSql
  const { results } = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name`,
  ).all<{ name: string }>()
  countSql = `SELECT ${results.map((r) => `(SELECT count(*) FROM "${r.name}") AS "${r.name}"`).join(', ')}`
  return countSql
}

/** Rows in every table (one statement), minus the tables named in `exclude`. */
export async function rowCounts(
  exclude: string[] = BACKGROUND_TABLES,
): Promise<Record<string, number>> {
  const row = await env.DB.prepare(await countStatement()).first<Record<string, number>>()
  const out: Record<string, number> = {}
  for (const [table, n] of Object.entries(row ?? {})) {
    if (!exclude.includes(table)) out[table] = n
  }
  return out
}

export function diff(before: Record<string, number>, after: Record<string, number>) {
  const changed: Record<string, number> = {}
  for (const [table, n] of Object.entries(after)) {
    const delta = n - (before[table] ?? 0)
    if (delta !== 0) changed[table] = delta
  }
  return changed
}

export type Probe = {
  label: string
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string
}

export type FuzzReport = {
  sent: number
  statuses: Record<number, number>
  serverErrors: { probe: Probe; status: number; text: string }[]
  /** Statuses outside what the caller allows (e.g. a 2xx for a body invalid by construction). */
  unexpected: { probe: Probe; status: number; text: string }[]
  writes: { batch: number; changed: Record<string, number>; labels: string[] }[]
}

const clip = (text: string, n = 300) => (text.length > n ? `${text.slice(0, n)}…` : text)

/**
 * Sends every probe (in concurrent batches) and records what a user or an operator would notice:
 * 5xx answers, statuses the caller did not expect, and rows written by a batch.
 */
export async function fuzz(
  probes: Probe[],
  opts: { batch?: number; allowed: (status: number, probe: Probe) => boolean; exclude?: string[] },
): Promise<FuzzReport> {
  const size = opts.batch ?? 25
  const report: FuzzReport = { sent: 0, statuses: {}, serverErrors: [], unexpected: [], writes: [] }
  for (let i = 0; i < probes.length; i += size) {
    const batch = probes.slice(i, i + size)
    const before = await rowCounts(opts.exclude)
    await Promise.all(
      batch.map(async (probe) => {
        const res = await SELF.fetch(`${ORIGIN}${probe.path}`, {
          method: probe.method ?? 'POST',
          headers: { 'cf-connecting-ip': freshIp(), ...probe.headers },
          body: probe.body,
          redirect: 'manual',
        })
        const text = await res.text()
        report.sent++
        report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1
        if (res.status >= 500)
          report.serverErrors.push({ probe, status: res.status, text: clip(text) })
        else if (!opts.allowed(res.status, probe))
          report.unexpected.push({ probe, status: res.status, text: clip(text) })
      }),
    )
    const changed = diff(before, await rowCounts(opts.exclude))
    if (Object.keys(changed).length > 0) {
      report.writes.push({
        batch: i / size,
        changed,
        labels: [...new Set(batch.map((p) => p.label))],
      })
    }
  }
  return report
}

/** A readable failure message: the first few offending probes with their bodies. */
export function explain(report: FuzzReport): string {
  const show = (list: FuzzReport['serverErrors']) =>
    list
      .slice(0, 3)
      .map(
        (e) =>
          `${e.status} ${e.probe.label} ${e.probe.path} body=${clip(e.probe.body ?? '', 200)} → ${e.text}`,
      )
      .join('\n')
  return [
    `statuses: ${JSON.stringify(report.statuses)}`,
    report.serverErrors.length ? `5xx:\n${show(report.serverErrors)}` : '',
    report.unexpected.length ? `unexpected:\n${show(report.unexpected)}` : '',
    report.writes.length ? `writes: ${JSON.stringify(report.writes.slice(0, 3))}` : '',
  ]
    .filter(Boolean)
    .join('\n')
}
