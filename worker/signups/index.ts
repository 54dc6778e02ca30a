// The signup route groups (forms, emailed links, partner API) as one sub-app, and the
// signups' share of the 10-minute cron.
import { Hono } from 'hono'
import type { AppEnv } from '../app-env'
import { flushOutbox } from '../mail/consumer'
import { apiRoutes } from './routes-api'
import { linkRoutes } from './routes-links'
import { petitionAlertRoutes } from './routes-petitions-alerts'
import { registerRoutes } from './routes-register'
import { expireOffers } from './waitlist'

export const signups = new Hono<AppEnv>()
  .route('/', registerRoutes)
  .route('/', petitionAlertRoutes)
  .route('/', linkRoutes)
  .route('/', apiRoutes)

// Cron every 10 minutes: lapsed waiting-list offers pass on, then undelivered mail is retried.
export async function signupsEvery10Minutes(env: Env): Promise<void> {
  await expireOffers(env)
  await flushOutbox(env)
}
