// Starts two real embedded content stores, each seeded from the committed seed dataset, for the
// whole test run: one for the suites that read the seed content, one for the suites that publish
// changes (see vitest.config.ts). Worker tests reach theirs through env.SANITY_API_HOST.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildOverlay } from '../studio/scripts/build-overlay'
import { startStore } from '../studio/store/server'

declare module 'vitest' {
  export interface ProvidedContext {
    storeUrl: string
    publishStoreUrl: string
  }
}

async function seededStore() {
  const dataDir = await mkdtemp(join(tmpdir(), 'safeguard-test-store-'))
  const store = await startStore({
    dataDir,
    seedFile: join(import.meta.dirname, '../studio/seed/dataset.ndjson'),
    httpPort: 0,
    quiet: true,
    // As `npm start` runs it: read queries on threads of their own.
    queryThreads: 2,
  })
  return {
    url: store.httpUrl,
    close: async () => {
      await store.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

export default async function setup(project: TestProject) {
  // Preview pages serve the visual-editing bundle, which is built, not committed.
  await buildOverlay()
  const [reading, publishing] = await Promise.all([seededStore(), seededStore()])
  project.provide('storeUrl', reading.url)
  project.provide('publishStoreUrl', publishing.url)
  return async () => {
    await Promise.all([reading.close(), publishing.close()])
  }
}
