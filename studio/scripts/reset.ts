// `npm run store:reset`: wipes the embedded store's documents (with their history and uploaded
// files) and reloads the seed dataset. The TLS certificate (already trusted by the editor's
// browser) and Studio preferences stay.
import { existsSync } from 'node:fs'
import { localConfig } from '../store/config'
import { lockHolder } from '../store/lock'
import { Storage, wipeData } from '../store/storage'

const config = localConfig()
const holder = existsSync(config.dataDir) ? lockHolder(config.dataDir) : null
if (holder !== null) {
  console.error(
    `The store is running (process ${holder}). Stop \`npm start\` / \`npm run store\` first, then reset.`,
  )
  process.exit(1)
}
wipeData(config.dataDir)
const storage = new Storage({ dataDir: config.dataDir, seedFile: config.seedFile })
const count = storage.docs.size
storage.close()
console.log(
  existsSync(config.seedFile)
    ? `Store reset: ${count} documents loaded from ${config.seedFile} into ${config.dataDir}.`
    : `Store reset: no seed at ${config.seedFile}; ${config.dataDir} now holds an empty dataset.`,
)
