// Every worker test file starts from the numbered D1 migrations, exactly as `wrangler d1
// migrations apply` would leave a fresh database.
import { applyD1Migrations, env, type D1Migration } from 'cloudflare:test'

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[]
    }
  }
}

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
