// The embedded content store for a bench or soak run: a temporary data directory seeded with a
// generated dataset, its webhook pointed at the worker under test, plus the two things the
// harness does to it directly (publish a title change, time a query with the store's `ms`).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { localConfig } from '../../../studio/store/config'
import { startStore, type StoreHandle } from '../../../studio/store/server'
import { generateDataset, writeNdjson, type GeneratedDataset } from './dataset'

export const API_VERSION = 'v2025-02-19'
const DATASET = 'production'

export type BenchStore = {
  url: string
  dataset: GeneratedDataset
  handle: StoreHandle
  close(): Promise<void>
}

export async function startBenchStore(opts: {
  size: number
  seed: number
  webhookUrl: string
  webhookSecret: string
  /** The parent of the store's data directory (the OS temporary directory by default). */
  storageDir?: string
}): Promise<BenchStore> {
  const dir = await mkdtemp(join(opts.storageDir ?? tmpdir(), 'safeguard-bench-store-'))
  const dataset = generateDataset(opts.size, opts.seed)
  const seedFile = join(dir, 'seed.ndjson')
  await writeNdjson(seedFile, dataset.docs)
  const handle = await startStore({
    dataDir: join(dir, 'data'),
    seedFile,
    httpPort: 0,
    quiet: true,
    // As `npm start` runs it (STORE_QUERY_THREADS, 2 by default): a long listing query holds
    // neither the other queries nor this process.
    queryThreads: localConfig().queryThreads,
    webhooks: [{ url: opts.webhookUrl, secret: opts.webhookSecret }],
    // A delivery the worker refuses is a bench failure to report, not something to retry for 60 s.
    webhookRetryDelaysMs: [200, 200],
  })
  return {
    url: handle.httpUrl,
    dataset,
    handle,
    close: async () => {
      await handle.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Publishes a title change the way the Studio does: one mutation on the published document. */
export async function setTitle(storeUrl: string, id: string, title: string): Promise<void> {
  await setField(storeUrl, id, 'title', title)
}

/** Sets one field of a published document (a title, an organisation's or contact's name). */
export async function setField(
  storeUrl: string,
  id: string,
  field: string,
  value: string,
): Promise<void> {
  const res = await fetch(`${storeUrl}/${API_VERSION}/data/mutate/${DATASET}?returnIds=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mutations: [{ patch: { id, set: { [field]: value } } }] }),
  })
  if (!res.ok) throw new Error(`store mutate answered ${res.status}: ${await res.text()}`)
  await res.arrayBuffer().catch(() => undefined)
}

export type QueryTiming = { storeMs: number; roundTripMs: number; bytes: number }

/**
 * Runs a query as the worker would and returns the store's own `ms` (evaluation only) and the
 * round trip seen by the caller. `cold` adds an unused parameter so the store's per-revision
 * result cache cannot answer.
 */
export async function timeQuery(
  storeUrl: string,
  query: string,
  params: Record<string, unknown>,
  cold: boolean,
): Promise<QueryTiming> {
  const started = performance.now()
  const res = await fetch(`${storeUrl}/${API_VERSION}/data/query/${DATASET}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query,
      params: cold ? { ...params, benchNonce: Math.random() } : params,
      perspective: 'published',
    }),
  })
  const text = await res.text()
  const roundTripMs = performance.now() - started
  if (!res.ok) throw new Error(`store query answered ${res.status}: ${text.slice(0, 300)}`)
  const parsed: unknown = JSON.parse(text)
  const ms =
    typeof parsed === 'object' && parsed !== null && 'ms' in parsed && typeof parsed.ms === 'number'
      ? parsed.ms
      : Number.NaN
  return { storeMs: ms, roundTripMs, bytes: text.length }
}
