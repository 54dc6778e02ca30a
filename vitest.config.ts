// Two test projects: `worker` runs inside workerd through the Workers Vitest integration with
// real D1, KV, Queues and Cache API, reading content from a real embedded content store started by
// the global setup; `node` covers the store itself, the Studio build, schema tooling and the
// browser tests, which need Node and Chromium.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'
import { unstable_readConfig } from 'wrangler'
import { standInSecrets } from './test/secrets'

// Secrets are fixed here rather than read from .dev.vars, so a fresh clone tests the same way.
export const TEST_SECRETS = standInSecrets('test')

// Suites that publish, rename or delete documents get a content store of their own, so the suites
// that assert on the seed content (feeds, lists, counts) never see their changes.
const PUBLISHING_SUITES = [
  'rebuild',
  'cache',
  'webhooks',
  'admin',
  'preview',
  'reliability',
  'public-surface',
].map((dir) => `test/worker/${dir}/**/*.test.{ts,tsx}`)

// The worker's module aliases, as wrangler applies them when it bundles for deploy.
const { alias = {} } = unstable_readConfig({ config: './wrangler.toml' })

function workerProject(name: string, store: 'storeUrl' | 'publishStoreUrl') {
  const publishing = store === 'publishStoreUrl'
  return {
    resolve: { alias },
    plugins: [
      cloudflareTest(async ({ inject }) => ({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            ...TEST_SECRETS,
            SANITY_API_HOST: inject<string>(store),
            TEST_MIGRATIONS: await readD1Migrations('./worker/migrations'),
            // Publishes in tests wait for the deferred rebuild of listings; keep that wait short.
            REBUILD_COALESCE_SECONDS: '1',
          },
        },
      })),
    ],
    test: {
      name,
      include: publishing ? PUBLISHING_SUITES : ['test/worker/**/*.test.{ts,tsx}'],
      exclude: publishing ? [] : PUBLISHING_SUITES,
      setupFiles: ['./test/worker/apply-migrations.ts'],
    },
  }
}

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    projects: [
      workerProject('worker', 'storeUrl'),
      workerProject('worker-publish', 'publishStoreUrl'),
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
