// The signup route groups (forms, emailed links, partner API, privacy, dev mailbox) as one
// sub-app, plus the background jobs worker/index.ts wires: the mail queue consumer and crons.
import { Hono } from 'hono'
import type { AppEnv } from '../app-env'
import { flushOutbox } from '../mail/consumer'
import { devMailbox } from '../mail/dev-mailbox'
import { runRetention } from '../privacy/retention'
import { privacyRoutes } from '../privacy/routes'
import { apiRoutes } from './routes-api'
import { linkRoutes } from './routes-links'
import { petitionAlertRoutes } from './routes-petitions-alerts'
import { registerRoutes } from './routes-register'
import { expireOffers } from './waitlist'

export { handleMailQueue } from '../mail/consumer'

export const signups = new Hono<AppEnv>()
  .route('/', registerRoutes)
  .route('/', petitionAlertRoutes)
  .route('/', linkRoutes)
  .route('/', apiRoutes)
  .route('/', privacyRoutes)
  .route('/', devMailbox)

// Cron every 10 minutes: lapsed waiting-list offers pass on, then undelivered mail is retried.
export async function signupsEvery10Minutes(env: Env): Promise<void> {
  await expireOffers(env)
  await flushOutbox(env)
}

/** Cron '15 3 * * *': retention. */
export async function signupsDaily(env: Env): Promise<void> {
  await runRetention(env)
}
