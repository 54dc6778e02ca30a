// The staff guard as one middleware, for staff routes that live outside worker/admin (the page
// store's /admin/rebuild and /admin/receipts): the same CORS, deny-by-default authentication and
// audit trail as the staff API, with the action name the audit log should use.
import { every } from 'hono/combine'
import type { MiddlewareHandler } from 'hono'
import { auditTrail } from './audit'
import { staffAuth } from './auth'
import { staffCors } from './cors'
import type { StaffEnv } from './env'

// One instance per isolate, so the Access key cache is shared by every staff route.
export const defaultStaffAuth = staffAuth()

export function staffOnly(action: string): MiddlewareHandler<StaffEnv> {
  const name: MiddlewareHandler<StaffEnv> = async (c, next) => {
    c.set('audit', { action })
    await next()
  }
  return every(staffCors(), defaultStaffAuth, auditTrail(), name)
}
