// Two test projects: `worker` runs inside workerd through the Workers Vitest integration with
// real D1, KV, Queues and Cache API, reading content from a real embedded content store started by
// the global setup; `node` covers the store itself, the Studio build, schema tooling and the
// browser tests, which need Node and Chromium.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

// Secrets are fixed here rather than read from .dev.vars, so a fresh clone tests the same way.
export const TEST_SECRETS = {
  SANITY_WEBHOOK_SECRET: 'test-webhook-secret',
  SANITY_READ_TOKEN: 'test-read-token',
  STAFF_TOKEN: 'test-staff-token',
  LINK_SECRET: 'test-link-secret',
  PREVIEW_SECRET: 'test-preview-secret',
  TURNSTILE_SECRET_KEY: '',
  TURNSTILE_SITE_KEY: '',
  CF_ACCESS_TEAM_DOMAIN: '',
  CF_ACCESS_AUD: '',
  CF_API_TOKEN: '',
  CF_ZONE_ID: '',
  EMAIL_API_URL: '',
  EMAIL_API_KEY: '',
}

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    projects: [
      {
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ...TEST_SECRETS,
                SANITY_API_HOST: inject<string>('storeUrl'),
                TEST_MIGRATIONS: await readD1Migrations('./worker/migrations'),
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.{ts,tsx}'],
          setupFiles: ['./test/worker/apply-migrations.ts'],
        },
      },
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
