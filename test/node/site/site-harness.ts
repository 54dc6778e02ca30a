// Runs the whole public site for browser tests the way `npm start` does, on ephemeral ports: the
// embedded content store with the seed dataset, the D1 migrations applied by wrangler itself, and
// the worker under wrangler's local runtime with the repository's wrangler.toml.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { unstable_startWorker } from 'wrangler'
import { startStore } from '../../../studio/store/server'

export const ROOT = resolve(import.meta.dirname, '../../..')
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js')
const CONFIG = join(ROOT, 'wrangler.toml')

export type Site = {
  url: string
  storeUrl: string
  /** The built Studio the store serves over HTTPS, when `studioDir` was given. */
  studioUrl?: string
  close(): Promise<void>
}

export type SiteOptions = {
  /** Serve this built Studio over HTTPS from the store, as `npm start` does. */
  studioDir?: string
  /** The worker's port; 0 (any free one) unless something was built to call a fixed address. */
  port?: number
  /** Extra worker vars, given the Studio's origin (or undefined without a Studio). */
  vars?: (studioOrigin: string | undefined) => Record<string, string>
}

type PlainBinding = { type: 'plain_text'; value: string }

/**
 * Secrets from the committed .dev.vars.example, so a clean clone (no .dev.vars) runs the site
 * exactly like a developer's machine does.
 */
export async function exampleSecrets(): Promise<Record<string, PlainBinding>> {
  const text = await readFile(join(ROOT, '.dev.vars.example'), 'utf8')
  const bindings: Record<string, PlainBinding> = {}
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim())
    if (m?.[1] !== undefined) bindings[m[1]] = { type: 'plain_text', value: m[2] ?? '' }
  }
  return bindings
}

export async function startSite(options: SiteOptions = {}): Promise<Site> {
  const dir = await mkdtemp(join(tmpdir(), 'safeguard-site-'))
  const cleanups: (() => Promise<void>)[] = [() => rm(dir, { recursive: true, force: true })]
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  }
  try {
    const store = await startStore({
      dataDir: join(dir, 'store'),
      seedFile: join(ROOT, 'studio/seed/dataset.ndjson'),
      httpPort: 0,
      ...(options.studioDir ? { httpsPort: 0, studioDir: options.studioDir } : {}),
      quiet: true,
    })
    const studioOrigin = store.studioUrl ? new URL(store.studioUrl).origin : undefined
    const vars: Record<string, PlainBinding> = {}
    for (const [name, value] of Object.entries(options.vars?.(studioOrigin) ?? {})) {
      vars[name] = { type: 'plain_text', value }
    }
    cleanups.push(() => store.close())
    const persist = join(dir, 'wrangler-state')
    await promisify(execFile)(
      process.execPath,
      [
        WRANGLER,
        'd1',
        'migrations',
        'apply',
        'DB',
        '--local',
        '--persist-to',
        persist,
        '--config',
        CONFIG,
      ],
      { cwd: ROOT, env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' } },
    )
    const worker = await unstable_startWorker({
      config: CONFIG,
      bindings: {
        ...(await exampleSecrets()),
        SANITY_API_HOST: { type: 'plain_text', value: store.httpUrl },
        ...vars,
      },
      dev: {
        server: { hostname: '127.0.0.1', port: options.port ?? 0 },
        inspector: false,
        persist,
        watch: false,
        logLevel: 'error',
      },
    })
    cleanups.push(() => worker.dispose())
    const url = (await worker.url).toString().replace(/\/$/, '')
    return {
      url,
      storeUrl: store.httpUrl,
      ...(store.studioUrl ? { studioUrl: store.studioUrl } : {}),
      close,
    }
  } catch (err) {
    await close()
    throw err
  }
}
