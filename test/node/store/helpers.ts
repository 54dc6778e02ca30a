// Starts a throwaway embedded store on ephemeral ports with a small seed, and a @sanity/client
// configured against it exactly as the worker configures its own.
import { createClient, type SanityClient } from '@sanity/client'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startStore, type StoreHandle, type StoreOptions } from '../../../studio/store/server'

export type TestStore = {
  store: StoreHandle
  client: SanityClient
  dir: string
  dataDir: string
  seedFile: string
  restart(extra?: Partial<StoreOptions>): Promise<void>
  /** Starts the store again on its files, once it is closed (or its process is gone). */
  reopen(extra?: Partial<StoreOptions>): Promise<void>
  cleanup(): Promise<void>
}

export const SEED_DOCS = [
  { _id: 'siteSettings', _type: 'siteSettings', title: 'Safeguard test' },
  {
    _id: 'organisation.acme',
    _type: 'organisation',
    name: 'Acme Trust',
    slug: { current: 'acme' },
  },
  {
    _id: 'contact.jo',
    _type: 'contact',
    name: 'Jo Trainer',
    organisation: { _type: 'reference', _ref: 'organisation.acme' },
  },
  {
    _id: 'course.nrm',
    _type: 'course',
    title: 'NRM basics',
    slug: { current: 'nrm-basics' },
    format: 'webinar',
    trainers: [{ _key: 't1', _type: 'reference', _ref: 'contact.jo' }],
    sessions: [{ _key: 's1', _type: 'courseSession', capacity: 20 }],
  },
  {
    _id: 'course.county',
    _type: 'course',
    title: 'County lines',
    slug: { current: 'county-lines' },
    format: 'in-person',
  },
  {
    _id: 'drafts.course.nrm',
    _type: 'course',
    title: 'NRM basics (draft)',
    slug: { current: 'nrm-basics' },
  },
  { _id: 'drafts.course.new', _type: 'course', title: 'Only a draft', slug: { current: 'new' } },
]

export function clientFor(store: StoreHandle): SanityClient {
  return createClient({
    projectId: 'safeguard',
    dataset: 'production',
    apiVersion: '2025-02-19',
    apiHost: store.httpUrl,
    useProjectHostname: false,
    useCdn: false,
  })
}

export async function startTestStore(
  opts: Partial<StoreOptions> & { docs?: unknown[] } = {},
): Promise<TestStore> {
  const dir = await mkdtemp(join(tmpdir(), 'safeguard-store-test-'))
  const seedFile = join(dir, 'seed.ndjson')
  const dataDir = join(dir, 'data')
  const { docs = SEED_DOCS, ...storeOpts } = opts
  await writeFile(seedFile, docs.map((d) => JSON.stringify(d)).join('\n'))
  const base: StoreOptions = { dataDir, seedFile, httpPort: 0, quiet: true, ...storeOpts }
  const store = await startStore(base)
  const t: TestStore = {
    store,
    client: clientFor(store),
    dir,
    dataDir,
    seedFile,
    async restart(extra = {}) {
      await t.store.close()
      await t.reopen(extra)
    },
    async reopen(extra = {}) {
      t.store = await startStore({ ...base, ...extra })
      t.client = clientFor(t.store)
    },
    async cleanup() {
      await t.store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
  return t
}

/** Raw fetch against the store's plain-HTTP API. */
export async function api(
  t: TestStore,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${t.store.httpUrl}${path}`, init)
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body }
}
