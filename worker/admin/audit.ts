// The staff audit log: who did what to which record, and when. Only ids go in `target` (session,
// registration, campaign, document ids), never a registrant's name, email or answers.
import type { MiddlewareHandler } from 'hono'
import type { StaffEnv } from './env'

export type AuditRow = {
  id: number
  at: string
  actor: string
  action: string
  target: string
  status: number
}

export async function recordAudit(
  db: D1Database,
  entry: { actor: string; action: string; target: string; status: number },
  at: Date = new Date(),
): Promise<void> {
  await db
    .prepare(
      'INSERT INTO staff_audit_log (at, actor, action, target, status) VALUES (?, ?, ?, ?, ?)',
    )
    .bind(at.toISOString(), entry.actor, entry.action, entry.target, entry.status)
    .run()
}

export async function listAudit(
  db: D1Database,
  opts: { limit: number; beforeId?: number; actor?: string },
): Promise<AuditRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, at, actor, action, target, status FROM staff_audit_log
       WHERE (?1 IS NULL OR id < ?1) AND (?2 IS NULL OR actor = ?2)
       ORDER BY id DESC LIMIT ?3`,
    )
    .bind(opts.beforeId ?? null, opts.actor ?? null, opts.limit)
    .all<AuditRow>()
  return results
}

/**
 * Records every authenticated staff request after it has been answered. Handlers name their
 * action with `c.set('audit', ...)`; anything that does not (e.g. routes mounted from other
 * modules) is still recorded by method and path. A handler may mark its note `skip` when the
 * answer holds no personal data (aggregate counts), so the log stays a record of access to
 * people's data rather than of polling.
 */
export function auditTrail(): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    await next()
    const staff = c.get('staff')
    const note = c.get('audit')
    if (note?.skip) return
    const action = note?.action ?? `${c.req.method} ${new URL(c.req.url).pathname}`
    try {
      await recordAudit(c.env.DB, {
        actor: staff.actor,
        action,
        target: note?.target ?? '',
        status: c.res.status,
      })
    } catch (err) {
      // An unwritable audit log must not hide the answer the staff member already got,
      // but it must be loud.
      console.error('staff audit: could not record', action, err)
    }
  }
}
