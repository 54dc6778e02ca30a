// `npm run bench`: builds the worker as a deploy would, runs it in workerd on its own loopback
// socket (never through wrangler dev), and measures it against a bare Worker in the same run
// with datasets of 100, 1,000 and 10,000 documents. Prints a table and PASS/MISS per target and
// writes the JSON record to test/bench/results/. Timing never fails anything: exit code 0 unless
// the harness itself broke or an invariant (lost or overbooked signups) did.
//
//   npm run bench                 full run (~5–8 minutes on 2 cores)
//   npm run bench -- --quick      ~1 minute: 10,000 documents only, short runs
//   npm run bench -- --sizes 100,1000 --duration 3 --connections 16 --seed 7 --publishes 10
//   npm run bench -- --profile    adds CPU profiles (hottest functions) at the largest dataset
//   npm run bench -- --queue-batch-timeout 0   what-if: queues deliver at once (not wrangler.toml)
//   npm run bench -- --storage-dir /tmp   local D1/KV/cache files on disk (default: /dev/shm)
import { accessSync, constants } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildWorker, BUNDLE_TARGET_BYTES, run } from './lib/build'
import { runDataset, type DatasetRun } from './lib/dataset-run'
import { startDriver } from './lib/driver'
import {
  datasetTable,
  evaluateTargets,
  targetTable,
  writeResult,
  type BenchResult,
} from './lib/report'
import type { BenchConfig } from './lib/scenarios'

const RESULTS_DIR = join(import.meta.dirname, 'results')

function config(): BenchConfig {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      seed: { type: 'string' },
      publishes: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'queue-batch-timeout': { type: 'string' },
      'storage-dir': { type: 'string' },
    },
  })
  const quick = values.quick ?? false
  const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v))
  return {
    quick,
    sizes: values.sizes?.split(',').map(Number) ?? (quick ? [10_000] : [100, 1_000, 10_000]),
    durationS: num(values.duration, quick ? 2 : 5),
    connections: num(values.connections, 32),
    serialCount: quick ? 100 : 400,
    serialMaxMs: quick ? 1_500 : 4_000,
    publishes: num(values.publishes, quick ? 5 : 20),
    seed: num(values.seed, 20_261_123),
    profile: values.profile ?? false,
    storageDir: values['storage-dir'] ?? defaultStorageDir(),
    ...(values['queue-batch-timeout'] === undefined
      ? {}
      : { queueBatchTimeoutS: Number(values['queue-batch-timeout']) }),
  }
}

/**
 * RAM (/dev/shm) when the machine has it, else the OS temporary directory. workerd's local D1, KV
 * and Cache API are SQLite files that sync on every write; on a shared virtual disk that sync time
 * swings with other tenants' I/O (here it doubled every uncached render at times), which is the
 * host's disk, not the worker, and not what runs on Cloudflare.
 */
function defaultStorageDir(): string {
  try {
    accessSync('/dev/shm', constants.W_OK)
    return '/dev/shm'
  } catch {
    return tmpdir()
  }
}

async function main(): Promise<number> {
  const cfg = config()
  const startedAt = new Date().toISOString()
  const log = (msg: string) => console.log(msg)
  const dir = await mkdtemp(join(tmpdir(), 'safeguard-bench-bundle-'))
  const driver = startDriver()
  try {
    log(`Local D1, KV, Cache API and content store files under ${cfg.storageDir}`)
    log('Building the worker (wrangler deploy --dry-run)…')
    const bundle = await buildWorker(dir)
    log(
      `  bundle: ${(bundle.rawBytes / 1024).toFixed(0)} KiB, ${(bundle.gzipBytes / 1024).toFixed(0)} KiB gzipped` +
        ` (target ${BUNDLE_TARGET_BYTES / 1024} KiB)`,
    )
    const datasets: DatasetRun[] = []
    for (const size of cfg.sizes) {
      log(`Dataset of ${size} documents…`)
      datasets.push(await runDataset(size, cfg, driver, bundle.scriptPath, log))
    }
    const workerd = (await run('npx', ['workerd', '--version']).catch(() => 'unknown')).trim()
    const targets = evaluateTargets(bundle, datasets)
    const cpu = cpus()
    const result: BenchResult = {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpu.length,
        cpuModel: cpu[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        workerd: workerd.split('\n').pop() ?? workerd,
      },
      config: { ...cfg },
      bundle: { ...bundle, targetBytes: BUNDLE_TARGET_BYTES },
      datasets,
      targets,
    }
    const file = await writeResult(RESULTS_DIR, result)
    log('')
    for (const d of datasets) log(`${datasetTable(d)}\n`)
    log('Ratios are to the bare Worker measured the same way in the same workerd process;')
    log('absolute figures depend on the machine (and on whatever else it is running).\n')
    log(targetTable(targets))
    log(`\nResults: ${file}`)
    const broken = datasets.some((d) => !d.signups.check.ok || !d.contention.check.ok)
    return broken ? 1 : 0
  } finally {
    driver.close()
    await rm(dir, { recursive: true, force: true })
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(2)
  },
)
