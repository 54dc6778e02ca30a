// `npm run store`: the embedded content store on its own (no worker, no Studio dev server),
// e.g. to run the import script or scripts against it. Stops cleanly on Ctrl-C.
import { join } from 'node:path'
import { localConfig, readDevVars, ROOT, storeOptionsOf } from './config'
import { startStore } from './server'

const config = localConfig()
const secret = readDevVars(join(ROOT, '.dev.vars')).SANITY_WEBHOOK_SECRET
const hookUrl = process.env.STORE_WEBHOOK_URL

const store = await startStore({
  ...storeOptionsOf(config),
  webhooks: hookUrl && secret ? [{ url: hookUrl, secret }] : [],
})
console.log(`Content store running.
  Studio API (HTTPS, HTTP/2): ${store.httpsUrl ?? '-'}
  Accept the certificate at:  ${store.studioUrl ?? '-'}
  Worker API (plain HTTP):    ${store.httpUrl}
  Data:                       ${config.dataDir}
Press Ctrl-C to stop.`)

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  store.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
