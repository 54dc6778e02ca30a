// The load generator's own process (forked by driver.ts), so that generating load never competes
// with the content store's event loop in the parent. Two kinds of run: autocannon for throughput
// and latency under concurrency, and serial keep-alive loops timed with performance.now() for
// sub-millisecond single-request latency (autocannon's histogram has 1 ms resolution). Serial
// loops over several URLs run in rounds, a share of each URL's requests per round, so a slow spell
// of this shared machine falls on every URL alike instead of on whichever ran at the time.
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

type Tally = { times: number[]; statuses: Record<string, number>; errors: number; ms: number }

/** Sends up to `count` requests of `o` one after another, for at most `maxMs`, into `tally`. */
async function timeSerial(o: SerialOptions, count: number, maxMs: number, tally: Tally) {
  const started = performance.now()
  const deadline = started + maxMs
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    const n = tally.times.length + tally.errors
    const url = new URL(o.url.replaceAll('[<id>]', `${process.pid}-${Date.now()}-${n}`))
    const t0 = performance.now()
    try {
      const status = await once(url, o)
      tally.times.push(performance.now() - t0)
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1
    } catch {
      tally.errors++
    }
  }
  tally.ms += performance.now() - started
}

function summarise(t: Tally): LoadSummary {
  const durationS = t.ms / 1000
  const sorted = [...t.times].sort((a, b) => a - b)
  return {
    requests: t.times.length,
    durationS,
    rps: t.times.length / durationS,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean: t.times.reduce((a, b) => a + b, 0) / Math.max(1, t.times.length),
    errors: t.errors,
    timeouts: 0,
    statuses: t.statuses,
  }
}

/** Each of `list`, its `count` requests spread over `rounds` rounds; one summary per entry. */
async function serial(list: SerialOptions[], rounds: number): Promise<LoadSummary[]> {
  const tallies = list.map((): Tally => ({ times: [], statuses: {}, errors: 0, ms: 0 }))
  for (let r = 0; r < rounds; r++) {
    for (const [i, o] of list.entries()) {
      const tally = tallies[i]
      if (!tally) continue
      // This round's share, so that the counts add up to `count` however it divides.
      const count = Math.ceil((o.count * (r + 1)) / rounds) - Math.ceil((o.count * r) / rounds)
      await timeSerial(o, count, (o.maxMs ?? Number.POSITIVE_INFINITY) / rounds, tally)
    }
  }
  return tallies.map(summarise)
}

process.on('message', (message: DriverRequest) => {
  const work =
    message.kind === 'cannon'
      ? cannon(message).then((summary) => [summary])
      : message.kind === 'serial'
        ? serial([message.options], 1)
        : serial(message.options.list, message.options.rounds)
  work.then(
    (summaries) => process.send?.({ id: message.id, summaries } satisfies DriverReply),
    (error: unknown) =>
      process.send?.({ id: message.id, error: String(error) } satisfies DriverReply),
  )
})
