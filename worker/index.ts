// Entry point: wires the route groups, the queue consumers and the cron handler together.
// Nothing here decides anything; each concern lives in its own module.
import { Hono } from 'hono'
import type { AppEnv } from './app-env'

// Route groups are mounted most specific first; pages come last because they own the
// catch-all public URL space.
const app = new Hono<AppEnv>()
// [middleware] security headers etc. (pages engineer)
// [routes: webhooks] (cache/rebuild engineer)
// [routes: signups] (signups engineer)
// [routes: admin] (staff tools engineer)
// [routes: pages] (pages engineer)
// [errors] app.onError / app.notFound (pages engineer)

export default {
  fetch: app.fetch,
  // [queue] dispatch on batch.queue: 'safeguard-rebuild' → rebuild consumer, 'safeguard-mail' → mail consumer
  // [scheduled] dispatch on controller.cron: '*/10 * * * *' → reconcile + mail flush, '15 3 * * *' → retention
} satisfies ExportedHandler<Env>
