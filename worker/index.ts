// Entry point: wires the route groups, the queue consumers and the cron handlers together.
// Nothing here decides anything; each concern lives in its own module.
import { Hono } from 'hono'
import { createAdminApp } from './admin'
import { rebuildAdmin } from './admin/rebuild-routes'
import { sendScheduledExport } from './admin/scheduled-export'
import type { AppEnv } from './app-env'
import { fromMemoryFirst } from './cache/memory'
import { journeyEvery10Minutes, journeyRoutes } from './journey'
import { journeyAdminRoutes } from './journey/admin'
import { notFound, onError } from './errors'
import { pages } from './pages'
import { handleMailQueue } from './mail/consumer'
import { devMailbox } from './mail/dev-mailbox'
import { preview } from './preview'
import { runRetention } from './privacy/retention'
import { privacyRoutes } from './privacy/routes'
import { handleRebuildBatch } from './rebuild/consumer'
import { runReconcile } from './rebuild/reconcile'
import { securityHeaders } from './security'
import { signups, signupsEvery10Minutes } from './signups'
import { webhooks } from './webhooks/routes'

const EVERY_10_MINUTES = '*/10 * * * *'
const NIGHTLY = '15 3 * * *'

// Route groups are mounted most specific first; pages come last because they own the
// catch-all public URL space.
const app = new Hono<AppEnv>()
  .use('*', securityHeaders)
  .route('/', webhooks)
  .route('/', rebuildAdmin)
  .route('/', signups)
  .route('/', privacyRoutes)
  .route('/', devMailbox)
  .route('/', journeyRoutes)
  .route('/admin', createAdminApp(undefined, [journeyAdminRoutes]))
  .route('/', preview)
  .route('/', pages)
app.onError(onError)
app.notFound(notFound)

export default {
  // A page this isolate served within the last second is answered before routing (the
  // micro-cache, worker/cache/memory.ts); everything else goes through the app.
  fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
    fromMemoryFirst(request, env, ctx) ?? app.fetch(request, env, ctx),
  async queue(batch, env) {
    if (batch.queue === 'safeguard-rebuild') await handleRebuildBatch(batch, env)
    if (batch.queue === 'safeguard-mail') await handleMailQueue(batch, env)
  },
  // The 10-minute cron is the safety net for whatever a webhook or queue delivery missed:
  // pages gone stale, waiting-list offers that lapsed, mail that could not be sent yet;
  // and the after-registration emails (reminders, certificates) that have come due.
  async scheduled(controller, env, ctx) {
    if (controller.cron === EVERY_10_MINUTES) {
      ctx.waitUntil(runReconcile(env))
      ctx.waitUntil(signupsEvery10Minutes(env))
      ctx.waitUntil(journeyEvery10Minutes(env))
    }
    if (controller.cron === NIGHTLY) {
      ctx.waitUntil(runRetention(env))
      ctx.waitUntil(sendScheduledExport(env))
    }
  },
} satisfies ExportedHandler<Env>
