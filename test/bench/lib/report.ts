// Turns a bench run into what people read: a table per dataset with every figure next to its
// ratio to the bare Worker, the issue's targets marked PASS or MISS, and the JSON record.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BUNDLE_TARGET_BYTES, type Bundle } from './build'
import type { BulkResult } from './bulk'
import type { DatasetRun } from './dataset-run'
import type { Scenario } from './scenarios'

export type Target = { name: string; goal: string; measured: string; pass: boolean }

export type BenchResult = {
  startedAt: string
  finishedAt: string
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; workerd: string }
  config: Record<string, unknown>
  bundle: Bundle & { targetBytes: number }
  datasets: DatasetRun[]
  targets: Target[]
}

const fmt = (n: number, digits = 1) =>
  Number.isFinite(n) ? n.toFixed(n >= 100 ? 0 : digits) : n === Infinity ? '∞' : '-'
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${fmt(a / b, 2)}×` : '-')

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 8)).join('  ')
}

function scenarioRows(list: Scenario[], baseline: Scenario | undefined): string[][] {
  return list.map((s) => {
    const b = baseline?.summary
    const sm = s.summary
    return [
      s.name,
      fmt(sm.rps, 0),
      b ? ratio(sm.rps, b.rps) : '-',
      fmt(sm.p50, 2),
      b ? ratio(sm.p50, b.p50) : '-',
      fmt(sm.p99, 2),
      b ? ratio(sm.p99, b.p99) : '-',
      Object.entries(sm.statuses)
        .map(([code, n]) => `${code}:${n}`)
        .join(' ') + (sm.errors ? ` err:${sm.errors}` : ''),
    ]
  })
}

export function datasetTable(d: DatasetRun): string {
  const widths = [16, 8, 7, 8, 8, 8, 8, 30]
  const head = ['scenario', 'req/s', '×bare', 'p50 ms', '×bare', 'p99 ms', '×bare', 'statuses']
  const lines = [
    `Dataset: ${d.size} documents (${Object.entries(d.byType)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')})`,
    row(head, widths),
    ...scenarioRows(
      d.throughput,
      d.throughput.find((s) => s.name === 'bare'),
    ).map((r) => row(r, widths)),
    ...scenarioRows(
      d.render,
      d.render.find((s) => s.name === 'render-bare'),
    ).map((r) => row(r, widths)),
    'content store query (the worker waits for it; ms = store evaluation, rt = round trip):',
    ...d.queries.map(
      (q) =>
        `  ${q.page.padEnd(12)} cold ${fmt(q.coldStoreMs)} ms (rt ${fmt(q.coldRoundTripMs)} ms)` +
        `  cached rt ${fmt(q.warmRoundTripMs)} ms  result ${(q.resultBytes / 1024).toFixed(0)} KiB`,
    ),
    ...Object.entries(d.publishes ?? { course: d.publish }).flatMap(([kind, p]) => [
      `publish-to-fresh, ${kind} (${p.samplesMs.length} publishes, ${p.timedOut} timed out):` +
        ` p50 ${fmt(p.p50, 0)} ms, p95 ${fmt(p.p95, 0)} ms, max ${fmt(p.max, 0)} ms;` +
        ` webhook → rebuild started ${fmt(p.phases.webhookToRebuildStartMs, 0)} ms,` +
        ` rebuild ${fmt(p.phases.rebuildMs, 0)} ms (medians from D1)`,
      ...(p.embedding
        ? [
            `  embedding page ${p.embedding.path}: p50 ${fmt(p.embedding.p50, 0)} ms,` +
              ` p95 ${fmt(p.embedding.p95, 0)} ms, ${p.embedding.timedOut} timed out`,
          ]
        : []),
    ]),
    ...(d.bulk ? bulkLines(d.bulk) : []),
    `signups: ${d.signups.created} created in ${fmt(d.signups.summary.durationS)} s;` +
      ` stored ${d.signups.check.stored}, lost ${d.signups.check.lost}, extra ${d.signups.check.extra},` +
      ` overbooked ${d.signups.check.overbooked ? 'YES' : 'no'}`,
    `contention: ${d.contention.summary.requests} signups at a ${d.contention.check.capacity}-place session →` +
      ` ${d.contention.check.held} held, ${d.contention.check.waitlisted} waitlisted,` +
      ` duplicate seats ${d.contention.check.duplicateSeats}, lost ${d.contention.check.lost},` +
      ` overbooked ${d.contention.check.overbooked ? 'YES' : 'no'}`,
    `load average before/after: ${d.loadAverage.before.map((n) => n.toFixed(1)).join(' ')} / ` +
      d.loadAverage.after.map((n) => n.toFixed(1)).join(' '),
  ]
  for (const [name, p] of Object.entries(d.profiles ?? {})) {
    lines.push(
      `CPU profile, ${name}: ${fmt(p.cpuMsPerRequest, 2)} ms of JS CPU per request` +
        ` (${fmt(p.totalMs - p.idleMs, 0)} ms busy over ${p.requests} requests);` +
        ` longest busy stretch ${fmt(p.longestBusy.ms, 1)} ms (${p.longestBusy.top.join(', ')});` +
        ` JS heap ${fmt(p.heapMiB.start, 0)} → max ${fmt(p.heapMiB.max, 0)} MiB;` +
        ` hottest:`,
    )
    for (const h of p.top) {
      lines.push(
        `  ${(h.share * 100).toFixed(1).padStart(5)}%  ${h.name} ${h.where}  ← ${h.callers[0] ?? ''}`,
      )
    }
  }
  return lines.join('\n')
}

function bulkLines(b: BulkResult): string[] {
  const kv = b.kv
    ? `${b.kv.writes} KV writes, ${b.kv.deletes} deletes (${fmt(b.kv.writes / Math.max(b.documents, 1), 2)} writes per document; keys changed between 250 ms polls, a lower bound)`
    : 'KV writes not measured (needs node:sqlite, Node 22)'
  return [
    `bulk import of ${b.documents} changed documents (--replace): store took ${fmt(b.importMs / 1000, 1)} s;` +
      ` all pages fresh after ${b.allFreshMs === null ? `- (${b.stale} still stale at the timeout)` : `${fmt(b.allFreshMs / 1000, 1)} s`};` +
      ` ${b.webhookDeliveries} webhook deliveries`,
    `  cached page meanwhile: p99 ${fmt(b.during.p99, 0)} ms vs idle ${fmt(b.idle.p99, 0)} ms` +
      ` (${ratio(b.during.p99, b.idle.p99)}), p50 ${fmt(b.during.p50, 0)} vs ${fmt(b.idle.p50, 0)} ms,` +
      ` ${fmt(b.during.rps, 0)} vs ${fmt(b.idle.rps, 0)} req/s; ${kv}`,
  ]
}

const find = (list: Scenario[], name: string) => list.find((s) => s.name === name)?.summary

export function evaluateTargets(bundle: Bundle, datasets: DatasetRun[]): Target[] {
  const targets: Target[] = [
    {
      name: 'bundle',
      goal: '≤ 1 MiB gzipped',
      measured: `${(bundle.gzipBytes / 1024).toFixed(0)} KiB gzipped (${(bundle.rawBytes / 1024).toFixed(0)} KiB raw)`,
      pass: bundle.gzipBytes <= BUNDLE_TARGET_BYTES,
    },
  ]
  const at = datasets.reduce<DatasetRun | undefined>(
    (big, d) => (!big || d.size > big.size ? d : big),
    undefined,
  )
  if (!at) return targets
  const label = `at ${at.size} docs`
  const bare = find(at.throughput, 'bare')
  const cached = find(at.throughput, 'cached')
  const barePage = find(at.throughput, 'bare-page')
  const identity = find(at.throughput, 'cached-identity')
  if (bare && cached) {
    targets.push({
      name: 'cached page',
      goal: '≥ 0.8× bare Worker req/s',
      measured:
        `${ratio(cached.rps, bare.rps)} (${fmt(cached.rps, 0)} vs ${fmt(bare.rps, 0)} req/s) ${label}, gzipped` +
        (barePage
          ? `; ${ratio(cached.rps, barePage.rps)} of a bare Worker sending the same page (${ratio(barePage.rps, bare.rps)} of 'hello')`
          : '') +
        (identity ? `; not gzipped ${ratio(identity.rps, bare.rps)}` : ''),
      pass: cached.rps >= 0.8 * bare.rps,
    })
  }
  const isResponse = (s: Scenario) => !/^render-(bare|cached|cache-floor)$/.test(s.name)
  const renders = at.render.filter(isResponse)
  const floor = find(at.render, 'render-cache-floor')
  const worst = renders.reduce<Scenario | undefined>(
    (w, s) => (!w || s.summary.p50 > w.summary.p50 ? s : w),
    undefined,
  )
  const profiled = Object.entries(at.profiles ?? {})
    .filter(([name]) => name.startsWith('uncached'))
    .map(([name, p]) => `${name.replace('uncached ', '')} ${fmt(p.cpuMsPerRequest, 2)}`)
    .join(', ')
  if (worst) {
    targets.push({
      name: 'uncached response',
      goal: '≤ 10 ms median, every response type',
      measured:
        `slowest ${worst.name} p50 ${fmt(worst.summary.p50, 2)} ms wall (${renders
          .map((s) => `${s.name.slice(7)} ${fmt(s.summary.p50, 2)}`)
          .join(', ')}) ${label}` +
        (floor ? `; of each, local Cache API work ${fmt(floor.p50, 2)} ms` : '') +
        (profiled ? `; profiled JS CPU ms/request: ${profiled}` : ''),
      pass: renders.every((s) => s.summary.p50 <= 10),
    })
  }
  // Growth: the largest dataset against the 1,000-document one, response by response.
  const base = datasets.find((d) => d.size <= 1_100 && d.size >= 900)
  if (base && base !== at) {
    const grown = renders
      .map((s) => {
        const b = find(base.render, s.name)
        return { name: s.name.slice(7), x: b ? s.summary.p50 / b.p50 : Number.NaN }
      })
      .filter((g) => Number.isFinite(g.x))
      .sort((a, b) => b.x - a.x)
    targets.push({
      name: 'growth',
      goal: `≤ 2× the ${base.size}-doc figure, every response`,
      measured: `${grown
        .slice(0, 6)
        .map((g) => `${g.name} ${fmt(g.x, 2)}×`)
        .join(', ')}${grown.length > 6 ? ', …' : ''} ${label}`,
      pass: grown.every((g) => g.x <= 2),
    })
  }
  for (const [kind, p] of Object.entries(at.publishes ?? { course: at.publish })) {
    targets.push({
      name: `publish ${kind}`,
      goal: '≤ 300 ms p95 to its own page fresh',
      measured: `p95 ${fmt(p.p95, 0)} ms, p50 ${fmt(p.p50, 0)} ms ${label}`,
      pass: p.p95 <= 300,
    })
    if (p.embedding) {
      targets.push({
        name: `publish ${kind} embedding`,
        goal: '≤ 1 s p95 to a page embedding it fresh',
        measured: `p95 ${fmt(p.embedding.p95, 0)} ms, p50 ${fmt(p.embedding.p50, 0)} ms (${p.embedding.path}) ${label}`,
        pass: p.embedding.p95 <= 1000,
      })
    }
  }
  if (at.bulk) {
    const b = at.bulk
    targets.push({
      name: 'bulk import',
      goal: 'cached p99 ≤ 2× idle; all fresh ≤ 5 min',
      measured:
        `${b.documents} docs: p99 ${ratio(b.during.p99, b.idle.p99)} idle, all fresh ` +
        `${b.allFreshMs === null ? `never (${b.stale} stale)` : `${fmt(b.allFreshMs / 1000, 0)} s`}` +
        `${b.kv ? `, ${b.kv.writes} KV writes` : ''} ${label}`,
      pass: b.during.p99 <= 2 * b.idle.p99 && b.allFreshMs !== null && b.allFreshMs <= 300_000,
    })
  }
  const signupRate = at.signups.created / Math.max(at.signups.summary.durationS, 0.001)
  const intact = [at.signups.check, at.contention.check].every((c) => c.ok)
  targets.push({
    name: 'signups',
    goal: '≥ 300/s, none lost, none overbooked',
    measured: `${fmt(signupRate, 0)} created/s, ${intact ? 'none lost or overbooked' : 'INVARIANT BROKEN'} ${label}`,
    pass: signupRate >= 300 && intact,
  })
  return targets
}

export function targetTable(targets: Target[]): string {
  return targets
    .map(
      (t) => `${t.pass ? 'PASS' : 'MISS'}  ${t.name.padEnd(17)} ${t.goal.padEnd(42)} ${t.measured}`,
    )
    .join('\n')
}

export async function writeResult(dir: string, result: BenchResult): Promise<string> {
  await mkdir(dir, { recursive: true })
  const file = join(dir, `${result.startedAt.replace(/[:.]/g, '-')}.json`)
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`)
  return file
}
