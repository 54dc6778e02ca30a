// The embedded content store: speaks the part of Sanity's HTTP API that @sanity/client and the
// Studio use. Plain HTTP/1.1 on loopback for the worker (workerd refuses self-signed
// certificates) and HTTP/2 over TLS for the Studio, which also serves the built Studio.
// Uploaded images and files are served on both, at the paths Sanity's CDN uses.
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { handleData, notFound, type DataHooks } from './api'
import { AssetBlobs, serveAsset } from './asset-files'
import { handleAssetUpload } from './assets'
import { Dataset } from './dataset'
import { cors, sendError, type Ctx, type In, type Out } from './http'
import { acquireLock, releaseLock } from './lock'
import { handleListen } from './listen'
import { projectApi } from './project-api'
import { serveLanding, serveStudio } from './static'
import { Storage } from './storage'
import { openListeners, type Listeners } from './listeners'
import { StoreError } from './types'
import { WebhookDispatcher } from './webhooks'
import { handleActions, handleMutate } from './writes'

export type StoreOptions = {
  dataDir: string
  seedFile?: string
  httpPort?: number
  httpsPort?: number
  host?: string
  webhooks?: { url: string; secret: string; id?: string }[]
  quiet?: boolean
  projectId?: string
  dataset?: string
  /** Largest accepted request body; bigger ones get 413. */
  maxBodyBytes?: number
  /** Largest accepted asset upload (default 20 MB); bigger ones get 413. */
  maxAssetBytes?: number
  /** Origin written into uploaded assets' `url` (default: the plain-HTTP address). */
  assetBaseUrl?: string
  /** The built Studio served from the HTTPS origin (default: studio/dist when it exists). */
  studioDir?: string
  /** Delays before webhook retries (Sanity: two retries, 30 s apart). */
  webhookRetryDelaysMs?: number[]
  /** Webhook deliveries in flight at once per hook (default 10). */
  webhookConcurrency?: number
  /** Transactions between snapshots of the whole dataset (default 500). */
  snapshotEvery?: number
  /** Where `sanity dev` runs, linked from the HTTPS origin's landing page. */
  studioDevUrl?: string
  /**
   * Worker threads that answer read queries, so a long query does not hold the others behind it
   * (default 0: every query on the main thread, one at a time).
   */
  queryThreads?: number
}

export type StoreHandle = {
  httpUrl: string
  /** The Studio's apiHost (`https://localhost:<port>`), when HTTPS is on. */
  httpsUrl?: string
  /** Where an editor opens the Studio: the project host on the HTTPS port. */
  studioUrl?: string
  certificatePath?: string
  /** Resolves when queued webhook deliveries (with retries) are done; for tests and scripts. */
  webhooksIdle(): Promise<void>
  close(): Promise<void>
}

const API_PATH = /^\/v(\d{4}-\d{2}-\d{2}|1|X)\/(.*)$/
const DEFAULT_STUDIO_DIR = join(import.meta.dirname, '..', 'dist')

export async function startStore(opts: StoreOptions): Promise<StoreHandle> {
  const projectId = opts.projectId ?? 'safeguard'
  const datasetName = opts.dataset ?? 'production'
  const log = opts.quiet ? () => {} : (msg: string) => console.log(`store: ${msg}`)
  mkdirSync(opts.dataDir, { recursive: true })
  acquireLock(opts.dataDir)
  const storage = new Storage({
    dataDir: opts.dataDir,
    seedFile: opts.seedFile,
    snapshotEvery: opts.snapshotEvery,
    log,
  })
  const dataset = new Dataset(datasetName, projectId, storage, {
    queryThreads: opts.queryThreads,
  })
  const datasets = new Map([[datasetName, dataset]])
  const maxBodyBytes = opts.maxBodyBytes ?? 16 * 1024 * 1024
  const blobs = new AssetBlobs(opts.dataDir)
  // Set once the listeners are up; a request racing the HTTPS start-up uses its own origin.
  let assetBaseUrl = opts.assetBaseUrl ?? ''
  const studioDir = opts.studioDir ?? DEFAULT_STUDIO_DIR
  const webhooks = new WebhookDispatcher(dataset, opts.webhooks ?? [], {
    retryDelaysMs: opts.webhookRetryDelaysMs,
    concurrency: opts.webhookConcurrency,
    log,
  })
  const project = projectApi({
    projectId,
    datasets: [datasetName],
    dataDir: opts.dataDir,
    maxBodyBytes,
  })
  const hooks: DataHooks = {
    mutate: (ctx, ds, body) => handleMutate(ctx, ds, body),
    actions: (ctx, ds, body) => handleActions(ctx, ds, body),
    listen: (ctx, ds) => handleListen(ctx, ds),
  }

  const handle = async (req: In, res: Out, serveUi: boolean): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', 'http://store.invalid')
    const ctx: Ctx = { req, res, url, method }
    try {
      if (cors(req, res, method)) return
      const match = API_PATH.exec(url.pathname)
      if (!match) {
        if (serveAsset(ctx, projectId, datasets, blobs)) return
        if (serveUi && serveStudio(ctx, studioDir)) return
        if (serveUi && serveLanding(ctx, opts.studioDevUrl ?? 'http://localhost:3333')) return
        throw notFound(`Not found: ${url.pathname}`)
      }
      const apiVersion = match[1] ?? '1'
      const segments = (match[2] ?? '').split('/')
      if (segments[0] === 'data') {
        await handleData(ctx, apiVersion, segments.slice(1), {
          datasets,
          projectId,
          maxBodyBytes,
          hooks,
        })
        return
      }
      if (segments[0] === 'assets') {
        const dataset = datasets.get(segments[2] ?? '')
        if (!dataset) throw notFound(`Dataset "${segments[2] ?? ''}" not found`)
        await handleAssetUpload(ctx, segments[1], dataset, {
          projectId,
          maxBytes: opts.maxAssetBytes ?? 20 * 1024 * 1024,
          blobs,
          baseUrl: () =>
            assetBaseUrl ||
            `${serveUi ? 'https' : 'http'}://${String(req.headers[':authority'] ?? req.headers.host)}`,
        })
        return
      }
      if (await project(ctx, segments)) return
      throw notFound(`Not found: ${url.pathname}`)
    } catch (error) {
      if (!(error instanceof StoreError)) console.error('store: request failed', error)
      sendError(res, error)
    }
  }
  let listeners: Listeners
  try {
    listeners = await openListeners({
      host: opts.host ?? '127.0.0.1',
      httpPort: opts.httpPort ?? 0,
      httpsPort: opts.httpsPort,
      dataDir: opts.dataDir,
      projectId,
      handler: (req, res, secure) => {
        handle(req, res, secure).catch((error: unknown) =>
          console.error('store: request failed', error),
        )
      },
    })
  } catch (error) {
    webhooks.close()
    await dataset.close()
    releaseLock(opts.dataDir)
    throw error
  }
  // Answers are as quick as they will be from the first request on (a large dataset takes some
  // seconds to copy into the threads; until then the main thread answers).
  await dataset.queriesReady()
  assetBaseUrl ||= listeners.httpUrl
  log(`listening on ${listeners.httpUrl}${listeners.httpsUrl ? ` and ${listeners.httpsUrl}` : ''}`)
  if (listeners.httpsUrl && !existsSync(join(studioDir, 'index.html'))) {
    log(`no built Studio in ${studioDir} (npm run studio:build); the API still works`)
  }

  return {
    httpUrl: listeners.httpUrl,
    httpsUrl: listeners.httpsUrl,
    studioUrl: listeners.studioUrl,
    certificatePath: listeners.certificatePath,
    webhooksIdle: () => webhooks.idle(),
    close: async () => {
      webhooks.close()
      await listeners.close()
      await dataset.close()
      releaseLock(opts.dataDir)
    },
  }
}
