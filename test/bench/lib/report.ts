// Turns a bench run into what people read: a table per dataset with every figure next to its
// ratio to the bare Worker, the issue's targets marked PASS or MISS, and the JSON record.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BUNDLE_TARGET_BYTES, type Bundle } from './build'
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
    `publish-to-fresh (${d.publish.samplesMs.length} publishes, ${d.publish.timedOut} timed out):` +
      ` p50 ${fmt(d.publish.p50, 0)} ms, p95 ${fmt(d.publish.p95, 0)} ms, max ${fmt(d.publish.max, 0)} ms`,
    `  of which (medians from D1 timestamps): webhook received → rebuild started` +
      ` ${fmt(d.publish.phases.webhookToRebuildStartMs, 0)} ms (queue batching),` +
      ` rebuild ${fmt(d.publish.phases.rebuildMs, 0)} ms`,
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
        ` (${fmt(p.totalMs - p.idleMs, 0)} ms busy over ${p.requests} requests); hottest:`,
    )
    for (const h of p.top) {
      lines.push(
        `  ${(h.share * 100).toFixed(1).padStart(5)}%  ${h.name} ${h.where}  ← ${h.callers[0] ?? ''}`,
      )
    }
  }
  return lines.join('\n')
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
  const at = datasets.find((d) => d.size >= 10_000) ?? datasets[datasets.length - 1]
  if (!at) return targets
  const label = `at ${at.size} docs`
  const bare = find(at.throughput, 'bare')
  const cached = find(at.throughput, 'cached')
  if (bare && cached) {
    targets.push({
      name: 'cached page',
      goal: '≥ 0.5× bare Worker req/s',
      measured: `${ratio(cached.rps, bare.rps)} (${fmt(cached.rps, 0)} vs ${fmt(bare.rps, 0)} req/s) ${label}`,
      pass: cached.rps >= 0.5 * bare.rps,
    })
  }
  const renders = at.render.filter((s) => !/^render-(bare|cached|cache-floor)$/.test(s.name))
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
      name: 'uncached render',
      goal: '≤ 5 ms median (every page) at 10,000 docs',
      measured:
        `slowest ${worst.name} p50 ${fmt(worst.summary.p50, 2)} ms wall (${renders
          .map((s) => `${s.name.slice(7)} ${fmt(s.summary.p50, 2)}`)
          .join(', ')}) ${label}` +
        (floor ? `; of each, local Cache API work ${fmt(floor.p50, 2)} ms` : '') +
        (profiled ? `; profiled JS CPU ms/request: ${profiled}` : ''),
      pass: renders.every((s) => s.summary.p50 <= 5),
    })
  }
  targets.push({
    name: 'publish-to-fresh',
    goal: '≤ 1 s p95',
    measured: `p95 ${fmt(at.publish.p95, 0)} ms, p50 ${fmt(at.publish.p50, 0)} ms ${label}`,
    pass: at.publish.p95 <= 1000,
  })
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
