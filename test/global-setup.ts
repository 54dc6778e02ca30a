// Starts one real embedded content store, seeded from the committed seed dataset, for the whole
// test run; worker tests reach it through env.SANITY_API_HOST.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startStore } from '../studio/store/server'

declare module 'vitest' {
  export interface ProvidedContext {
    storeUrl: string
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'safeguard-test-store-'))
  const store = await startStore({
    dataDir,
    seedFile: join(import.meta.dirname, '../studio/seed/dataset.ndjson'),
    httpPort: 0,
    quiet: true,
  })
  project.provide('storeUrl', store.httpUrl)
  return async () => {
    await store.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}
