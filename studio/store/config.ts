// Local defaults shared by `npm start`, `npm run store` and `npm run store:reset`: where the
// store keeps its data, which seed it loads, and the ports, each overridable from the environment.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..', '..')

export type LocalConfig = {
  projectId: string
  dataset: string
  dataDir: string
  seedFile: string
  storePort: number
  storeHttpPort: number
  sitePort: number
  studioPort: number
  queryThreads: number
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new Error(`${name} must be a port number (1-65535), got "${value}"`)
  }
  return n
}

function threads(value: string | undefined): number {
  if (value === undefined || value === '') return 2
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 16) {
    throw new Error(`STORE_QUERY_THREADS must be a whole number from 0 to 16, got "${value}"`)
  }
  return n
}

export function localConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    projectId: env.SANITY_STUDIO_PROJECT_ID || 'safeguard',
    dataset: env.SANITY_STUDIO_DATASET || 'production',
    dataDir: env.STORE_DATA_DIR || join(ROOT, '.data', 'store'),
    seedFile: env.STORE_SEED_FILE || join(ROOT, 'studio', 'seed', 'dataset.ndjson'),
    storePort: port(env.STORE_PORT, 3400, 'STORE_PORT'),
    storeHttpPort: port(env.STORE_HTTP_PORT, 3401, 'STORE_HTTP_PORT'),
    sitePort: port(env.SITE_PORT, 8787, 'SITE_PORT'),
    studioPort: port(env.STUDIO_PORT, 3333, 'STUDIO_PORT'),
    queryThreads: threads(env.STORE_QUERY_THREADS),
  }
}

/** The store's own settings from the local config: where it keeps data, its ports and dataset. */
export function storeOptionsOf(config: LocalConfig) {
  return {
    dataDir: config.dataDir,
    seedFile: config.seedFile,
    httpsPort: config.storePort,
    httpPort: config.storeHttpPort,
    projectId: config.projectId,
    dataset: config.dataset,
    queryThreads: config.queryThreads,
  }
}

/** Reads KEY=value lines (the .dev.vars format); comments and blank lines are skipped. */
export function readDevVars(file: string): Record<string, string> {
  if (!existsSync(file)) return {}
  const vars: Record<string, string> = {}
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line)
    if (!match?.[1]) continue
    vars[match[1]] = (match[2] ?? '').replace(/^(["'])(.*)\1$/, '$2')
  }
  return vars
}
