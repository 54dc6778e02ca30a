// `npm start`: the whole product offline with one command. Starts the embedded content store
// (HTTPS/HTTP2 for the Studio, plain HTTP for the worker), which serves the built Studio (built on
// the first run, and again only when its sources change), applies D1 migrations locally, runs the
// worker with `wrangler dev` and fires its Cron Triggers on their schedules, wires the store's
// webhook to the worker, prints what to open, and stops everything on Ctrl-C. The tools' own
// output is kept back unless something fails; their warnings and errors still show.
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { WEBHOOK_PATH } from '../../worker/webhooks/definition'
import { runCaptured, startChild, stopChild, waitForUrl, type Child } from '../store/children'
import { localConfig, readDevVars, ROOT, storeOptionsOf } from '../store/config'
import { startStore, type StoreHandle } from '../store/server'
import { readCrons, scheduleCrons, triggerCron, type CronScheduler } from './crons'
import { buildStudio, isStudioBuildCurrent, studioInputsDigest } from './studio-build'

const startedAt = Date.now()
const seconds = () => `${((Date.now() - startedAt) / 1000).toFixed(0)} s`
const config = localConfig()
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name)
// Set STUDIO_DEV=1 to also run `sanity dev` (live reload while changing the Studio's code).
const studioDev = process.env.STUDIO_DEV === '1'
const env: NodeJS.ProcessEnv = {
  ...process.env,
  // Node 22 from the project's `node` package for every child, however this was launched.
  PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
  // No telemetry, and nothing fetched from the internet at start-up: wrangler's metrics and
  // Miniflare's request.cf data (a DNS error and a stack trace when offline).
  DO_NOT_TRACK: '1',
  SANITY_TELEMETRY_DISABLED: '1',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
}

const devVarsFile = join(ROOT, '.dev.vars')
if (!existsSync(devVarsFile)) {
  copyFileSync(join(ROOT, '.dev.vars.example'), devVarsFile)
  console.log('Created .dev.vars from .dev.vars.example (local secrets for the worker).')
}
const devVars = readDevVars(devVarsFile)
const secret = devVars.SANITY_WEBHOOK_SECRET
if (!secret)
  console.warn('SANITY_WEBHOOK_SECRET is empty in .dev.vars: publishing will not rebuild pages.')

const siteUrl = `http://localhost:${config.sitePort}`
const studioDevUrl = `http://localhost:${config.studioPort}`
const storeApiHost = `https://localhost:${config.storePort}`
const workerStoreUrl = `http://127.0.0.1:${config.storeHttpPort}`
const studioDir = join(config.dataDir, '..', 'studio')
// Baked into the built Studio: where its staff views read counts (the local-only staff token).
const studioBaked = {
  SANITY_STUDIO_STAFF_API_URL: siteUrl,
  SANITY_STUDIO_STAFF_TOKEN: devVars.STAFF_TOKEN ?? '',
}

// wrangler's warning that crons are not triggered locally, line by line (this script triggers
// them). Its lines come on two streams, so each is recognised by itself.
const CRON_WARNING = [
  'Scheduled Workers are not automatically triggered',
  'To manually trigger a scheduled event',
  '/cdn-cgi/local/scheduled',
  '#test-cron-triggers-locally',
]
const wranglerLine = (line: string) =>
  line.trim() !== '' && !CRON_WARNING.some((text) => line.includes(text))

let store: StoreHandle | undefined
let crons: CronScheduler | undefined
const children: Child[] = []
let stopping = false

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    console.log('\nStopping the site, the Studio and the store…')
    crons?.stop()
    await Promise.all(children.map((c) => stopChild(c)))
    await store?.close()
  }
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))

try {
  store = await startStore({
    ...storeOptionsOf(config),
    studioDir,
    studioDevUrl,
    quiet: true,
    webhooks: secret ? [{ url: `http://127.0.0.1:${config.sitePort}${WEBHOOK_PATH}`, secret }] : [],
  })
} catch (error) {
  console.error(`Could not start the content store: ${String(error)}`)
  console.error(
    'Is another `npm start` running? Ports can be changed with STORE_PORT / STORE_HTTP_PORT.',
  )
  process.exit(1)
}
console.log(`Content store: ready (data in ${config.dataDir}).`)

// The Studio build runs beside the database and worker start-up.
const studioBuild = (async () => {
  if (isStudioBuildCurrent(studioDir, studioInputsDigest(studioBaked))) {
    console.log('Studio: built already (up to date).')
    return true
  }
  console.log('Studio: building (first run or changed sources; a few minutes on a slow machine)…')
  const built = await buildStudio(studioDir, env, studioBaked)
  if (built.ok) {
    console.log(`Studio: built (${seconds()}).`)
    return true
  }
  console.error(`${built.output}\nStudio: the build failed (output above).`)
  return false
})()

// Skip wrangler's own start-up when the migrations are unchanged since they were last applied to
// this local database (the stamp lives beside the database, so deleting .wrangler resets it).
const migrationsDir = join(ROOT, 'worker', 'migrations')
const migrationsStamp = join(ROOT, '.wrangler', 'state', 'v3', 'd1', '.safeguard-migrations')
const migrationsDigest = createHash('sha256')
for (const name of readdirSync(migrationsDir).sort()) {
  migrationsDigest
    .update(name)
    .update('\0')
    .update(readFileSync(join(migrationsDir, name)))
}
const migrationsHash = migrationsDigest.digest('hex')
if (existsSync(migrationsStamp) && readFileSync(migrationsStamp, 'utf8') === migrationsHash) {
  console.log('Database: up to date.')
} else {
  const migrated = await runCaptured(
    bin('wrangler'),
    ['d1', 'migrations', 'apply', 'DB', '--local'],
    { cwd: ROOT, env: { ...env, CI: 'true' } },
  )
  if (migrated.code !== 0) {
    console.error(`${migrated.output}\nDatabase: migrations failed (output above).`)
    await shutdown(1)
  }
  writeFileSync(migrationsStamp, migrationsHash)
  const applied = /About to apply (\d+) migration/.exec(migrated.output)?.[1]
  console.log(applied ? `Database: applied ${applied} migration(s).` : 'Database: up to date.')
}

const cronList = readCrons(join(ROOT, 'wrangler.toml'))
children.push(
  startChild(
    'site',
    bin('wrangler'),
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(config.sitePort),
      '--var',
      `SANITY_API_HOST:${workerStoreUrl}`,
      '--var',
      `SITE_URL:${siteUrl}`,
      // The Studio (the built one the store serves, and the dev server) may call the staff API.
      '--var',
      `STUDIO_ORIGIN:https://${config.projectId}.localhost:${config.storePort},${studioDevUrl}`,
      '--show-interactive-dev-session=false',
    ],
    // Warnings and errors only: wrangler's banner, bindings table and request log are noise here.
    { cwd: ROOT, env: { ...env, WRANGLER_LOG: 'warn' }, show: wranglerLine },
  ),
)
if (studioDev) {
  children.push(
    startChild('studio', bin('sanity'), ['dev', '--port', String(config.studioPort)], {
      cwd: join(ROOT, 'studio'),
      env: { ...env, SANITY_STUDIO_API_HOST: storeApiHost, ...studioBaked },
    }),
  )
}
for (const child of children) {
  void child.exited.then((code) => {
    if (stopping) return
    console.error(`[${child.name}] exited (code ${String(code)}); stopping everything.`)
    void shutdown(1)
  })
}

const [siteUp, studioBuilt, studioDevUp] = await Promise.all([
  waitForUrl(`http://127.0.0.1:${config.sitePort}/`, 180_000),
  studioBuild,
  studioDev ? waitForUrl(studioDevUrl, 180_000) : Promise.resolve(true),
])
if (siteUp) {
  crons = scheduleCrons(cronList, async (cron, time) => {
    const outcome = await triggerCron(siteUrl, cron, time)
    if (outcome !== 'ok')
      console.warn(`[cron] ${cron.expression} at ${time.toISOString()}: ${outcome}`)
  })
}
// The site builds pages on demand, but the search index (D1) is only written by publishes and by
// a full rebuild: one in the background fills it on a first run, and skips what is current later.
if (siteUp) void prebuild()
async function prebuild(): Promise<void> {
  try {
    const res = await fetch(new URL('/admin/rebuild', siteUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${devVars.STAFF_TOKEN ?? ''}` },
    })
    const last = (await res.text()).trim().split('\n').at(-1) ?? ''
    if (!res.ok || !last.startsWith('Done:')) {
      console.warn(`Pages and search index: not built (${res.status}); run \`npm run rebuild\`.`)
    } else console.log(`Pages and search index: ${last.replace(/^Done:\s*/, '')}.`)
  } catch (err) {
    console.warn('Pages and search index: not built; run `npm run rebuild`.', err)
  }
}

const studioUrl = store.studioUrl ?? storeApiHost
console.log(`
Safeguard is running${siteUp && studioBuilt && studioDevUp ? '' : ' (not everything started: see the messages above)'} — ready in ${seconds()}.

  Site     ${siteUrl}
  Studio   ${studioUrl}${studioDev ? `   (live-reloading dev server: ${studioDevUrl})` : ''}
  Mail     ${siteUrl}/dev/mail   (emails the site sends, kept locally)

The Studio is served over HTTPS with a certificate made on this machine. The first time, your
browser warns about it: accept once (Chrome: Advanced → Proceed; Firefox: Advanced → Accept the
Risk and Continue). The Studio, its data and its images share that one address. You are signed
in as the local editor; no account needed.

Crons: ${cronList.map((c) => `"${c.expression}"`).join(' and ') || 'none'} (UTC) run on schedule, as on Cloudflare.
Data lives in ${config.dataDir}; \`npm run store:reset\` restores the seed. Ctrl-C stops everything.
`)
