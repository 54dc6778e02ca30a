// `npm run load`: a bounded soak on 127.0.0.1. The built worker runs in workerd on its own
// socket with a generated dataset in the embedded content store; for the given duration a steady
// stream of page reads and signups arrives on a fixed schedule while course titles are published
// through the store (signed webhooks → rebuild queue → page store). It then stops by itself,
// reports the error rate (target < 0.1%) and checks the invariants: no session overbooked, every
// 2xx signup stored, every published change live.
//
//   npm run load                          five minutes, 40 requests/s, a publish every 3 s
//   npm run load -- --duration 60s --rate 20 --publish-every 5 --size 1000 --seed 7
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildWorker } from '../bench/lib/build'
import { exitWith } from '../bench/lib/cli'
import { startBenchStore } from '../bench/lib/content'
import { FIXTURES } from '../bench/lib/dataset'
import { checkSession, type SessionCheck } from '../bench/lib/invariants'
import { waitForText } from '../bench/lib/publish'
import { BENCH_SECRETS, freePort, startRuntime } from '../bench/lib/runtime'
import {
  fire,
  newTally,
  pagePaths,
  publish,
  summary,
  type Kind,
  type Published,
  type Tally,
} from './traffic'

const ERROR_TARGET = 0.001
/** Beyond this many requests in flight the server is not keeping up: stop piling on. */
const MAX_IN_FLIGHT = 500

function seconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim())
  if (!m) throw new Error(`--duration: expected e.g. 300, 90s, 5m; got "${text}"`)
  const n = Number(m[1])
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : m[2] === 'h' ? n * 3600 : n
}

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '5m' },
      rate: { type: 'string', default: '40' },
      'publish-every': { type: 'string', default: '3' },
      size: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '20261123' },
    },
  })
  return {
    durationS: seconds(values.duration ?? '5m'),
    rate: Number(values.rate),
    publishEveryS: Number(values['publish-every']),
    size: Number(values.size),
    seed: Number(values.seed),
  }
}

/** Page reads 80%, signups 20% (most to a large session, some racing for a 20-place one). */
function pick(): Kind {
  const r = Math.random()
  return r < 0.8 ? 'page' : r < 0.95 ? 'signup-big' : 'signup-small'
}

async function main(): Promise<number> {
  const o = options()
  const dir = await mkdtemp(join(tmpdir(), 'safeguard-load-'))
  console.log(
    `Soak: ${o.durationS} s at ${o.rate} req/s, a publish every ${o.publishEveryS} s, ${o.size} documents`,
  )
  const bundle = await buildWorker(join(dir, 'bundle'))
  const appPort = await freePort()
  const store = await startBenchStore({
    size: o.size,
    seed: o.seed,
    webhookUrl: `http://127.0.0.1:${appPort}/webhooks/sanity`,
    webhookSecret: BENCH_SECRETS.SANITY_WEBHOOK_SECRET,
  })
  const rt = await startRuntime({
    scriptPath: bundle.scriptPath,
    storeUrl: store.url,
    appPort,
    persistDir: join(dir, 'state'),
  })
  try {
    const paths = pagePaths(store.dataset.docs)
    const courses = store.dataset.docs.filter(
      (d) => d._type === 'course' && d._id.startsWith('course.gen-'),
    )
    const tallies: Record<Kind, Tally> = {
      page: newTally(),
      'signup-big': newTally(),
      'signup-small': newTally(),
    }
    const inFlight = new Set<Promise<void>>()
    const published = new Map<string, Published>()
    let overload = 0
    let publishes = 0
    let publishErrors = 0
    const started = performance.now()
    const end = started + o.durationS * 1000
    const interval = 1000 / o.rate
    let next = started
    let nextPublish = started + o.publishEveryS * 1000
    let nextReport = started + 30_000
    while (performance.now() < end) {
      const now = performance.now()
      if (now >= nextPublish && courses.length > 0) {
        nextPublish += o.publishEveryS * 1000
        const course = courses[publishes % courses.length]
        publishes++
        if (course) {
          publish(store.url, course, publishes).then(
            (p) => published.set(p.id, p),
            () => publishErrors++,
          )
        }
      }
      while (next <= now) {
        next += interval
        if (inFlight.size >= MAX_IN_FLIGHT) {
          overload++
          continue
        }
        const kind = pick()
        const p = fire(rt.appUrl, kind, paths, tallies[kind]).finally(() => inFlight.delete(p))
        inFlight.add(p)
      }
      if (now >= nextReport) {
        nextReport += 30_000
        const sent = Object.values(tallies).reduce((a, t) => a + t.sent, 0)
        const errors = Object.values(tallies).reduce((a, t) => a + t.errors, 0)
        console.log(
          `  ${Math.round((now - started) / 1000)} s: ${sent} requests, ${errors} errors, ${publishes} publishes, ${inFlight.size} in flight`,
        )
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, Math.min(next, nextPublish) - performance.now())),
      )
    }
    await Promise.all(inFlight)
    const elapsedS = (performance.now() - started) / 1000
    console.log(
      `Traffic stopped after ${elapsedS.toFixed(0)} s; waiting for webhooks and rebuilds to settle…`,
    )
    await store.handle.webhooksIdle()

    // Every published change must be live: the page shows the last title given.
    const stale: string[] = []
    for (const p of published.values()) {
      const took = await waitForText(`${rt.appUrl}/courses/${p.slug}`, p.title, performance.now())
      if (took === null) stale.push(`${p.slug} never showed "${p.title}"`)
    }

    const checks: SessionCheck[] = [
      await checkSession(rt.db, {
        courseId: FIXTURES.signupCourse.id,
        sessionKey: FIXTURES.bigSession,
        capacity: FIXTURES.bigCapacity,
        accepted: tallies['signup-big'].statuses['201'] ?? 0,
      }),
      await checkSession(rt.db, {
        courseId: FIXTURES.signupCourse.id,
        sessionKey: FIXTURES.smallSession,
        capacity: FIXTURES.smallCapacity,
        accepted: tallies['signup-small'].statuses['201'] ?? 0,
      }),
    ]
    const sent = Object.values(tallies).reduce((a, t) => a + t.sent, 0) + overload
    const errors = Object.values(tallies).reduce((a, t) => a + t.errors, 0) + overload
    const rate = errors / Math.max(sent, 1)
    console.log('')
    for (const [kind, t] of Object.entries(tallies)) {
      const s = summary(t)
      console.log(
        `${kind.padEnd(13)} ${String(s.sent).padStart(7)} sent  ${String(s.errors).padStart(5)} errors  p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  ${JSON.stringify(s.statuses)}`,
      )
      for (const e of t.examples) console.log(`    e.g. ${e}`)
    }
    console.log(`overload (not sent: ${MAX_IN_FLIGHT} already in flight): ${overload}`)
    console.log(
      `publishes: ${publishes} (${publishErrors} failed to reach the store), ${published.size} courses edited, ${stale.length} not live`,
    )
    for (const s of stale.slice(0, 5)) console.log(`    ${s}`)
    for (const c of checks) {
      console.log(
        `session ${c.sessionKey} (capacity ${c.capacity}): ${c.accepted} accepted, ${c.stored} stored, ${c.held} holding a place, lost ${c.lost}, overbooked ${c.overbooked ? 'YES' : 'no'}, duplicate seats ${c.duplicateSeats}`,
      )
    }
    const pass = rate < ERROR_TARGET
    const intact = checks.every((c) => c.ok) && stale.length === 0 && publishErrors === 0
    console.log(
      `\n${pass ? 'PASS' : 'MISS'}  error rate ${(rate * 100).toFixed(3)}% (${errors} of ${sent}; target < ${ERROR_TARGET * 100}%)`,
    )
    console.log(
      `${intact ? 'PASS' : 'FAIL'}  invariants: no overbooking, every 2xx signup stored, every published change live`,
    )
    return pass && intact ? 0 : 1
  } finally {
    await rt.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

exitWith(main)
