// Runs the built worker bundle in workerd through Miniflare's Node API, but serves HTTP from
// workerd's own sockets (`unsafeDirectSockets`): a request on 127.0.0.1 goes straight into the
// worker, past neither Node nor Miniflare's entry worker. A bare Worker runs in the same workerd
// process on its own socket as the baseline, and a third worker does only the Cache API work of an
// uncached render (the local share of that figure). Bindings come from wrangler.toml, so the bench runs
// what a deploy would run; D1, KV and the cache persist to a temporary directory.
import { readdir, readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import {
  convertV4MiniflareOptions,
  Log,
  LogLevel,
  Miniflare,
  type V4WorkerOptionsShape,
} from 'miniflare'
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from 'wrangler'
import { standInSecrets } from '../../secrets'
import { ROOT } from './build'

export const BENCH_SECRETS = standInSecrets('bench')

const BARE_WORKER = `export default { fetch() { return new Response('hello') } }`

// What the local Cache API alone costs an uncached render: the same lookup that misses and the
// same put of a page-sized response (17 KiB, a page's headers) after answering, and nothing else.
// Miniflare runs the Cache API as JavaScript and SQLite in the worker's own workerd thread; on
// Cloudflare it is the edge's cache, outside the isolate, so this share is local only.
const CACHE_FLOOR_WORKER = `
const body = '<!doctype html>' + '<p>' + 'x'.repeat(17 * 1024) + '</p>'
export default {
  async fetch(request, env, ctx) {
    const key = 'https://floor.invalid' + new URL(request.url).search
    const hit = await caches.default.match(key)
    if (hit) return hit
    const headers = [
      ['content-type', 'text/html; charset=utf-8'],
      ['etag', '"' + key.length + '"'],
      ['cache-control', 'public, max-age=0, s-maxage=30, stale-while-revalidate=60'],
      ['last-modified', new Date().toUTCString()],
      ['cache-tag', 'course.a,course.b,organisation.c,siteSettings'],
    ]
    ctx.waitUntil(caches.default.put(key, new Response(body, { headers })))
    return new Response(body, { headers })
  },
}`

// A bare Worker that answers whatever page it was last given (PUT {body, headers}) from a module
// variable: the cached page's own bytes and headers at the runtime's limit, with no work at all.
// It sends the page gzipped to a client that accepts gzip, as the app's micro-cache does, so the
// comparison is of the same bytes on the wire.
const BARE_PAGE_WORKER = `
let page = { body: 'not set', headers: [], gzip: null }
export default {
  async fetch(request) {
    if (request.method === 'PUT') {
      const { body, headers } = await request.json()
      const stream = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))
      page = { body, headers, gzip: new Uint8Array(await new Response(stream).arrayBuffer()) }
      return new Response(null, { status: 204 })
    }
    if ((request.headers.get('accept-encoding') ?? '').includes('gzip')) {
      const headers = [...page.headers, ['content-encoding', 'gzip']]
      return new Response(page.gzip, { headers, encodeBody: 'manual' })
    }
    return new Response(page.body, { headers: page.headers })
  },
}`

export type BenchD1 = Awaited<ReturnType<Miniflare['getD1Database']>>

export type Runtime = {
  /** The app worker's own workerd socket, e.g. http://127.0.0.1:40123 */
  appUrl: string
  /** The bare Worker's socket, in the same workerd process. */
  bareUrl: string
  /** A bare Worker answering the page last PUT to it (BARE_PAGE_WORKER). */
  barePageUrl: string
  /** A worker that only does an uncached render's Cache API work (CACHE_FLOOR_WORKER). */
  cacheFloorUrl: string
  /** The V8 inspector's origin, when RuntimeOptions.inspectorPort was given. */
  inspectorUrl?: string
  db: BenchD1
  close(): Promise<void>
}

/** An ephemeral port the OS just handed out (the store needs the worker's URL before it runs). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export type RuntimeOptions = {
  scriptPath: string
  storeUrl: string
  appPort: number
  persistDir: string
  /** Replaces wrangler.toml [vars] for this run. */
  vars?: Record<string, string>
  /** Opens workerd's V8 inspector here (for CPU profiles, see profile.ts). */
  inspectorPort?: number
  /** What-if: replaces wrangler.toml's max_batch_timeout (seconds) for every queue consumer. */
  queueBatchTimeoutS?: number
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  // Wrangler produces Miniflare's v4 worker options; its own typings leave them loose.
  const w = unstable_getMiniflareWorkerOptions(join(ROOT, 'wrangler.toml'))
    .workerOptions as V4WorkerOptionsShape
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port: 0,
      logRequests: false,
      // No network: Miniflare would otherwise fetch a real `request.cf` from Cloudflare.
      cf: false,
      log: new Log(LogLevel.WARN),
      resourcePersistencePath: opts.persistDir,
      ...(opts.inspectorPort === undefined ? {} : { inspectorPort: opts.inspectorPort }),
      workers: [
        {
          name: 'safeguard',
          modules: true,
          scriptPath: opts.scriptPath,
          modulesRoot: dirname(opts.scriptPath),
          compatibilityDate: w.compatibilityDate,
          compatibilityFlags: w.compatibilityFlags,
          bindings: {
            ...w.bindings,
            ...BENCH_SECRETS,
            SANITY_API_HOST: opts.storeUrl,
            ...opts.vars,
          },
          kvNamespaces: w.kvNamespaces,
          d1Databases: w.d1Databases,
          queueProducers: w.queueProducers,
          queueConsumers: consumers(w.queueConsumers, opts.queueBatchTimeoutS),
          ratelimits: w.ratelimits,
          unsafeDirectSockets: [{ host: '127.0.0.1', port: opts.appPort }],
        },
        {
          name: 'bare',
          modules: true,
          script: BARE_WORKER,
          compatibilityDate: w.compatibilityDate,
          unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
        },
        {
          name: 'bare-page',
          modules: true,
          script: BARE_PAGE_WORKER,
          compatibilityDate: w.compatibilityDate,
          unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
        },
        {
          name: 'cache-floor',
          modules: true,
          script: CACHE_FLOOR_WORKER,
          compatibilityDate: w.compatibilityDate,
          unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
        },
      ],
    }),
  )
  await mf.ready
  const appUrl = (await mf.unsafeGetDirectURL('safeguard')).origin
  const bareUrl = (await mf.unsafeGetDirectURL('bare')).origin
  const barePageUrl = (await mf.unsafeGetDirectURL('bare-page')).origin
  const cacheFloorUrl = (await mf.unsafeGetDirectURL('cache-floor')).origin
  const db = await mf.getD1Database('DB', 'safeguard')
  await applyMigrations(db)
  const inspectorUrl =
    opts.inspectorPort === undefined
      ? undefined
      : (await mf.getInspectorURL()).origin.replace(/^ws/, 'http')
  return {
    appUrl,
    bareUrl,
    barePageUrl,
    cacheFloorUrl,
    inspectorUrl,
    db,
    close: () => mf.dispose(),
  }
}

async function applyMigrations(db: BenchD1): Promise<void> {
  // Split exactly as `wrangler d1 migrations apply` does, in file order.
  const dir = join(ROOT, 'worker/migrations')
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()
  for (const file of files) {
    const queries = unstable_splitSqlQuery(await readFile(join(dir, file), 'utf8'))
    await db.batch(queries.map((q) => db.prepare(q)))
  }
}

function consumers(
  configured: V4WorkerOptionsShape['queueConsumers'],
  batchTimeoutS: number | undefined,
): V4WorkerOptionsShape['queueConsumers'] {
  if (batchTimeoutS === undefined || configured === undefined || Array.isArray(configured)) {
    return configured
  }
  return Object.fromEntries(
    Object.entries(configured).map(([queue, c]) => [
      queue,
      { ...c, maxBatchTimeout: batchTimeoutS },
    ]),
  )
}
