// `npm start`: the whole product offline with one command. Starts the embedded content store
// (HTTPS/HTTP2 for the Studio, plain HTTP for the worker), applies D1 migrations locally, runs
// the worker with `wrangler dev` and the Studio with `sanity dev`, wires the store's webhook to
// the worker, prints where to go, and stops everything on Ctrl-C.
import { copyFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { WEBHOOK_PATH } from '../../worker/webhooks/definition'
import { run, startChild, stopChild, waitForUrl, type Child } from '../store/children'
import { localConfig, readDevVars, ROOT } from '../store/config'
import { startStore, type StoreHandle } from '../store/server'
import { isStudioBuiltFor } from '../store/static'

const config = localConfig()
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name)
const env: NodeJS.ProcessEnv = {
  ...process.env,
  // Node 22 from the project's `node` package for every child, however this was launched.
  PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
  DO_NOT_TRACK: '1',
  SANITY_TELEMETRY_DISABLED: '1',
  WRANGLER_SEND_METRICS: 'false',
}

const devVarsFile = join(ROOT, '.dev.vars')
if (!existsSync(devVarsFile)) {
  copyFileSync(join(ROOT, '.dev.vars.example'), devVarsFile)
  console.log('Created .dev.vars from .dev.vars.example (local secrets for the worker).')
}
const devVars = readDevVars(devVarsFile)
const secret = devVars.SANITY_WEBHOOK_SECRET
if (!secret) console.warn('SANITY_WEBHOOK_SECRET is empty in .dev.vars: webhooks stay off.')

const siteUrl = `http://localhost:${config.sitePort}`
const studioDevUrl = `http://localhost:${config.studioPort}`
const storeApiHost = `https://localhost:${config.storePort}`
const workerStoreUrl = `http://127.0.0.1:${config.storeHttpPort}`

let store: StoreHandle | undefined
const children: Child[] = []
let stopping = false

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    console.log('\nStopping the site, the Studio and the store…')
    await Promise.all(children.map((c) => stopChild(c)))
    await store?.close()
  }
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))

try {
  store = await startStore({
    dataDir: config.dataDir,
    seedFile: config.seedFile,
    httpsPort: config.storePort,
    httpPort: config.storeHttpPort,
    projectId: config.projectId,
    dataset: config.dataset,
    studioDevUrl,
    webhooks: secret ? [{ url: `http://127.0.0.1:${config.sitePort}${WEBHOOK_PATH}`, secret }] : [],
  })
} catch (error) {
  console.error(`Could not start the content store: ${String(error)}`)
  console.error(
    'Is another `npm start` running? Ports can be changed with STORE_PORT / STORE_HTTP_PORT.',
  )
  process.exit(1)
}

console.log('Applying D1 migrations to the local database…')
const migrated = await run(bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local'], {
  cwd: ROOT,
  env: { ...env, CI: 'true' },
})
if (migrated !== 0) {
  console.error('D1 migrations failed (see above).')
  await shutdown(1)
}

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
      // The Studio (dev server, and the built one the store serves) may call the staff API.
      '--var',
      `STUDIO_ORIGIN:${studioDevUrl},https://${config.projectId}.localhost:${config.storePort}`,
      '--show-interactive-dev-session=false',
    ],
    { cwd: ROOT, env },
  ),
  startChild('studio', bin('sanity'), ['dev', '--port', String(config.studioPort)], {
    cwd: join(ROOT, 'studio'),
    env: {
      ...env,
      SANITY_STUDIO_API_HOST: storeApiHost,
      // The Studio's staff views read counts from the worker with the local-only staff token.
      SANITY_STUDIO_STAFF_API_URL: siteUrl,
      SANITY_STUDIO_STAFF_TOKEN: devVars.STAFF_TOKEN ?? '',
    },
  }),
)
for (const child of children) {
  void child.exited.then((code) => {
    if (stopping) return
    console.error(`[${child.name}] exited (code ${String(code)}); stopping everything.`)
    void shutdown(1)
  })
}

const [siteUp, studioUp] = await Promise.all([
  waitForUrl(`http://127.0.0.1:${config.sitePort}/`, 120_000),
  waitForUrl(studioDevUrl, 180_000),
])
const builtStudio = isStudioBuiltFor(join(ROOT, 'studio', 'dist'), storeApiHost)
console.log(`
Safeguard is running${siteUp && studioUp ? '' : ' (still starting: see the logs above)'}.

  Site     ${siteUrl}
  Studio   ${studioDevUrl}${builtStudio ? `   (built Studio also at ${store.studioUrl ?? ''})` : ''}
  Store    ${storeApiHost}  (Studio API, HTTPS)   ${workerStoreUrl}  (worker API)

First run: the Studio talks to the store over HTTPS with a certificate made on this machine.
  1. Open ${store.studioUrl ?? storeApiHost} and accept the browser's warning once
     (Chrome: Advanced → Proceed; Firefox: Advanced → Accept the Risk and Continue),
     then do the same at ${storeApiHost}/ (uploaded images are served from that name).
  2. Open the Studio at ${studioDevUrl}. You are signed in as the local editor; no account needed.
  Certificate file: ${store.certificatePath ?? '-'} (or trust it in your OS to skip step 1).

${builtStudio ? '' : 'Optional: `npm run studio:build` makes the store serve a built Studio too.\n'}
Publishing in the Studio sends a signed webhook to the site, which rebuilds the affected pages.
Data lives in ${config.dataDir}; \`npm run store:reset\` restores the seed. Ctrl-C stops everything.
`)
