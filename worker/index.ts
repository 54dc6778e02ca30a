// Entry point: wires the route groups, the queue consumers and the cron handler together.
// Nothing here decides anything; each concern lives in its own module.
import { Hono } from 'hono'
import type { AppEnv } from './app-env'
import { admin } from './admin'
import { sendScheduledExport } from './admin/scheduled-export'
import { preview } from './preview'
import { notFound, onError } from './errors'
import { pages } from './pages'
import { handleRebuildBatch } from './rebuild/consumer'
import { runReconcile } from './rebuild/reconcile'
import { rebuildAdmin } from './rebuild/routes'
import { securityHeaders } from './security'
import { handleMailQueue, signups, signupsDaily, signupsEvery10Minutes } from './signups'
import { webhooks } from './webhooks/routes'

// Route groups are mounted most specific first; pages come last because they own the
// catch-all public URL space.
const app = new Hono<AppEnv>()
// [middleware] security headers etc. (pages engineer)
app.use('*', securityHeaders)
// [routes: webhooks] (cache/rebuild engineer)
app.route('/', webhooks)
app.route('/', rebuildAdmin)
// [routes: signups] (signups engineer)
app.route('/', signups)
// [routes: admin] (staff tools engineer)
app.route('/admin', admin)
app.route('/', preview)
// [routes: pages] (pages engineer)
app.route('/', pages)
// [errors] app.onError / app.notFound (pages engineer)
app.onError(onError)
app.notFound(notFound)

export default {
  fetch: app.fetch,
  // [queue] dispatch on batch.queue: 'safeguard-rebuild' → rebuild consumer, 'safeguard-mail' → mail consumer
  async queue(batch, env) {
    if (batch.queue === 'safeguard-rebuild') await handleRebuildBatch(batch, env)
    if (batch.queue === 'safeguard-mail') await handleMailQueue(batch, env)
  },
  // [scheduled] dispatch on controller.cron: '*/10 * * * *' → reconcile + mail flush, '15 3 * * *' → retention
  async scheduled(controller, env, ctx) {
    if (controller.cron === '*/10 * * * *') ctx.waitUntil(runReconcile(env))
    if (controller.cron === '*/10 * * * *') ctx.waitUntil(signupsEvery10Minutes(env))
    if (controller.cron === '15 3 * * *') ctx.waitUntil(sendScheduledExport(env))
    if (controller.cron === '15 3 * * *') ctx.waitUntil(signupsDaily(env))
  },
} satisfies ExportedHandler<Env>
