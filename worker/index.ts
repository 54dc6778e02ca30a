// Entry point: wires the route groups, the queue consumers and the cron handler together.
// Nothing here decides anything; each concern lives in its own module.
import { Hono } from 'hono'

const app = new Hono<{ Bindings: Env }>()

app.get('/', (c) => c.text('Safeguard'))

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>
