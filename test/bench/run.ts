// `npm run bench`: builds the worker as a deploy would, runs it in workerd on its own loopback
// socket (never through wrangler dev), and measures it against a bare Worker in the same run
// with generated datasets (1,000 and 10,000 documents by default; 50,000 on request). Prints a
// table and PASS/MISS per target and writes the JSON record to test/bench/results/. Timing never
// fails anything: exit code 0 unless the harness itself broke or an invariant (lost or
// overbooked signups) did. `npm run bench -- --help` lists the options; test/bench/README.md
// explains every row and keeps the figures.
import { accessSync, constants } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildWorker, BUNDLE_TARGET_BYTES, run } from './lib/build'
import { exitWith } from './lib/cli'
import { generateDataset, writeNdjson } from './lib/dataset'
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

export const HELP = `Usage: npm run bench -- [options]

  --docs <n>[,<n>…]         dataset sizes in documents (same as --sizes); default 1000,10000.
                            The issue's full set: --docs 1000,10000,50000 (50,000 takes long)
  --sizes <n>[,<n>…]        the same as --docs
  --quick                   ~2 minutes: 10,000 documents only, short runs, 200-document bulk row
  --duration <s>            seconds per throughput scenario (default 5; --quick 2)
  --connections <n>         concurrent connections for throughput scenarios (default 32)
  --publishes <n>           publish-to-fresh samples per document kind (default 20; --quick 5)
  --bulk <n>                documents the bulk-import row changes (default 1000; 0 skips it)
  --bulk-timeout <s>        how long the bulk row waits for every page to be fresh (default 600)
  --seed <n>                dataset seed (default 20261123): same seed, size and day, same data
  --profile                 CPU profiles (hottest functions) at the largest dataset
  --queue-batch-timeout <s> what-if: the queues' max_batch_timeout (not wrangler.toml's)
  --storage-dir <dir>       where local D1/KV/cache and store files live (default /dev/shm)
  --write-dataset <file>    write the generated dataset (first size) as NDJSON and exit, e.g. for
                            \`npm run import -- <file>\` into a store of your own
  --help                    this text`

function config(): (BenchConfig & { writeDataset?: string }) | null {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      docs: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      seed: { type: 'string' },
      publishes: { type: 'string' },
      bulk: { type: 'string' },
      'bulk-timeout': { type: 'string' },
      profile: { type: 'boolean', default: false },
      'queue-batch-timeout': { type: 'string' },
      'storage-dir': { type: 'string' },
      'write-dataset': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) return null
  const quick = values.quick ?? false
  const num = (v: string | undefined, fallback: number, name: string) => {
    if (v === undefined) return fallback
    const n = Number(v)
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got "${v}"`)
    return n
  }
  const sizeList = values.docs ?? values.sizes
  const sizes =
    sizeList?.split(',').map((v) => num(v.replace(/_/g, ''), 0, 'docs')) ??
    (quick ? [10_000] : [1_000, 10_000])
  return {
    quick,
    sizes,
    durationS: num(values.duration, quick ? 2 : 5, 'duration'),
    connections: num(values.connections, 32, 'connections'),
    serialCount: quick ? 100 : 400,
    serialMaxMs: quick ? 1_500 : 4_000,
    publishes: num(values.publishes, quick ? 5 : 20, 'publishes'),
    bulk: num(values.bulk, quick ? 200 : 1_000, 'bulk'),
    bulkTimeoutS: num(values['bulk-timeout'], 600, 'bulk-timeout'),
    seed: num(values.seed, 20_261_123, 'seed'),
    profile: values.profile ?? false,
    storageDir: values['storage-dir'] ?? defaultStorageDir(),
    ...(values['queue-batch-timeout'] === undefined
      ? {}
      : { queueBatchTimeoutS: Number(values['queue-batch-timeout']) }),
    ...(values['write-dataset'] === undefined ? {} : { writeDataset: values['write-dataset'] }),
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
  if (!cfg) {
    console.log(HELP)
    return 0
  }
  if (cfg.writeDataset) {
    const ds = generateDataset(cfg.sizes[0] ?? 1_000, cfg.seed)
    await writeNdjson(cfg.writeDataset, ds.docs)
    console.log(`${cfg.writeDataset}: ${ds.total} documents (seed ${cfg.seed})`)
    return 0
  }
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

exitWith(main)
