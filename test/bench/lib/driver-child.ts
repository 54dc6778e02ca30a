// The load generator's own process (forked by driver.ts), so that generating load never competes
// with the content store's event loop in the parent. Two kinds of run: autocannon for throughput
// and latency under concurrency, and a serial keep-alive loop timed with performance.now() for
// sub-millisecond single-request latency (autocannon's histogram has 1 ms resolution).
import autocannon from 'autocannon'
import { Agent, request } from 'node:http'
import type { DriverReply, DriverRequest, LoadSummary, SerialOptions } from './driver'

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)] ?? Number.NaN
}

async function cannon(opts: DriverRequest & { kind: 'cannon' }): Promise<LoadSummary> {
  const r = await autocannon({ timeout: 30, ...opts.options })
  const statuses: Record<string, number> = {}
  for (const [code, { count }] of Object.entries(r.statusCodeStats)) statuses[code] = count
  const total = Object.values(statuses).reduce((a, b) => a + b, 0)
  return {
    requests: total,
    durationS: r.duration,
    rps: total / r.duration,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    mean: r.latency.mean,
    errors: r.errors,
    timeouts: r.timeouts,
    statuses,
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 })

function once(url: URL, o: SerialOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'GET', headers: o.headers, agent }, (res) => {
      res.on('data', () => {})
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(o.body)
  })
}

async function serial(o: SerialOptions): Promise<LoadSummary> {
  const times: number[] = []
  const statuses: Record<string, number> = {}
  const started = performance.now()
  let errors = 0
  const deadline = started + (o.maxMs ?? Number.POSITIVE_INFINITY)
  for (let i = 0; i < o.count && performance.now() < deadline; i++) {
    const url = new URL(o.url.replaceAll('[<id>]', `${process.pid}-${Date.now()}-${i}`))
    const t0 = performance.now()
    try {
      const status = await once(url, o)
      times.push(performance.now() - t0)
      statuses[status] = (statuses[status] ?? 0) + 1
    } catch {
      errors++
    }
  }
  const durationS = (performance.now() - started) / 1000
  const sorted = [...times].sort((a, b) => a - b)
  return {
    requests: times.length,
    durationS,
    rps: times.length / durationS,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    errors,
    timeouts: 0,
    statuses,
  }
}

process.on('message', (message: DriverRequest) => {
  const work = message.kind === 'cannon' ? cannon(message) : serial(message.options)
  work.then(
    (summary) => process.send?.({ id: message.id, summary } satisfies DriverReply),
    (error: unknown) =>
      process.send?.({ id: message.id, error: String(error) } satisfies DriverReply),
  )
})
