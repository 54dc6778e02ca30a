// The staff API, mounted at /admin: CORS for the Studio, then deny-by-default authentication,
// then the audit trail, then the route groups. Anything under /admin that no route answers is a
// JSON 404 — but only after authentication, so the API's shape is not visible to strangers.
// Refusals are thrown (fail) and, like unexpected faults, answered by the app's onError.
import { Hono } from 'hono'
import { fail } from '../lib/http-errors'
import { auditTrail } from './audit'
import { auditRoutes } from './audit-routes'
import { staffAuth, type StaffAuthOptions } from './auth'
import { campaignRoutes } from './campaigns'
import { staffCors } from './cors'
import type { StaffEnv } from './env'
import { defaultStaffAuth } from './guard'
import { previewLinkRoutes } from './preview-links'
import { previewLocationRoutes } from './preview-locations'
import { sessionRoutes } from './sessions'
import { summaryRoutes } from './summary'

/**
 * Built by a factory so tests can inject the Access key fetcher (no network in tests), and so the
 * entry point can add the staff routes a feature owns (`features`, such as journey's) without
 * the staff API importing that feature; they are mounted after the staff API's own routes.
 */
export function createAdminApp(opts?: StaffAuthOptions, features: Hono<StaffEnv>[] = []) {
  const app = new Hono<StaffEnv>()
    .use('*', staffCors())
    .use('*', opts ? staffAuth(opts) : defaultStaffAuth)
    .use('*', auditTrail())
    .route('/', sessionRoutes)
    .route('/', campaignRoutes)
    .route('/', summaryRoutes)
    .route('/', auditRoutes)
    .route('/', previewLinkRoutes)
    .route('/', previewLocationRoutes)
  for (const routes of features) app.route('/', routes)
  return app.all('*', (c) =>
    fail(404, 'not_found', `No staff API route ${c.req.method} ${new URL(c.req.url).pathname}.`),
  )
}
