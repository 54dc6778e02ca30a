// The embedded content store: speaks the part of Sanity's HTTP API that @sanity/client and the
// Studio use. Plain HTTP/1.1 on loopback for the worker (workerd refuses self-signed
// certificates) and HTTP/2 over TLS for the Studio, which also serves the built Studio.
import { existsSync, mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createSecureServer, type Http2SecureServer } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import { handleData, notFound, type DataHooks } from './api'
import { Dataset } from './dataset'
import { cors, sendError, type Ctx, type In, type Out } from './http'
import { acquireLock, releaseLock } from './lock'
import { handleListen } from './listen'
import { projectApi } from './project-api'
import { serveLanding, serveStudio } from './static'
import { Storage } from './storage'
import { loadOrCreateCertificate } from './tls'
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
  /** The built Studio served from the HTTPS origin (default: studio/dist when it exists). */
  studioDir?: string
  /** Delays before webhook retries (Sanity: two retries, 30 s apart). */
  webhookRetryDelaysMs?: number[]
  /** Transactions between snapshots of the whole dataset (default 500). */
  snapshotEvery?: number
  /** Where `sanity dev` runs, linked from the HTTPS origin's landing page. */
  studioDevUrl?: string
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
  const dataset = new Dataset(datasetName, projectId, storage)
  const datasets = new Map([[datasetName, dataset]])
  const maxBodyBytes = opts.maxBodyBytes ?? 16 * 1024 * 1024
  const studioDir = opts.studioDir ?? DEFAULT_STUDIO_DIR
  const webhooks = new WebhookDispatcher(dataset, opts.webhooks ?? [], {
    retryDelaysMs: opts.webhookRetryDelaysMs,
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
      if (await project(ctx, segments)) return
      throw notFound(`Not found: ${url.pathname}`)
    } catch (error) {
      if (!(error instanceof StoreError)) console.error('store: request failed', error)
      sendError(res, error)
    }
  }
  const onRequest = (serveUi: boolean) => (req: In, res: Out) => {
    handle(req, res, serveUi).catch((error: unknown) =>
      console.error('store: request failed', error),
    )
  }

  const host = opts.host ?? '127.0.0.1'
  const httpServer = createServer(onRequest(false))
  const httpPort = await listen(httpServer, opts.httpPort ?? 0, host)
  const httpUrl = `http://${host}:${httpPort}`
  let httpsServer: Http2SecureServer | undefined
  let httpsUrl: string | undefined
  let studioUrl: string | undefined
  let certificatePath: string | undefined
  // Servers wait for open connections (live listen streams) on close: track and end them.
  const sockets = new Set<TLSSocket>()
  if (opts.httpsPort !== undefined) {
    const tls = await loadOrCreateCertificate(opts.dataDir, projectId)
    certificatePath = tls.certPath
    httpsServer = createSecureServer(
      { key: tls.key, cert: tls.cert, allowHTTP1: true },
      onRequest(true),
    )
    httpsServer.on('secureConnection', (socket: TLSSocket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    const port = await listen(httpsServer, opts.httpsPort, host)
    httpsUrl = `https://localhost:${port}`
    studioUrl = `https://${projectId}.localhost:${port}/`
  }
  log(`listening on ${httpUrl}${httpsUrl ? ` and ${httpsUrl}` : ''}`)
  if (httpsServer && !existsSync(join(studioDir, 'index.html'))) {
    log(`no built Studio in ${studioDir} (npm run studio:build); the API still works`)
  }

  return {
    httpUrl,
    httpsUrl,
    studioUrl,
    certificatePath,
    webhooksIdle: () => webhooks.idle(),
    close: async () => {
      webhooks.close()
      for (const socket of sockets) socket.destroy()
      await Promise.all([close(httpServer), httpsServer ? close(httpsServer) : undefined])
      dataset.close()
      releaseLock(opts.dataDir)
    },
  }
}

function listen(server: Server | Http2SecureServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function close(server: Server | Http2SecureServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    if ('closeAllConnections' in server) server.closeAllConnections()
  })
}
