// Types shared by the staff API's modules: the Hono environment with the authenticated staff
// member, and the staff-only vars that are optional in wrangler.toml.
import type { AppEnv } from '../app-env'

export type StaffIdentity = {
  /** Access email (or service-token name) in production, 'local-token' locally. */
  actor: string
  via: 'access' | 'token'
}

/**
 * What a handler tells the audit trail it did; ids only, never a registrant's personal data.
 * `skip` leaves a request out of the log; only for reads that reveal no personal data.
 */
export type AuditNote = { action: string; target?: string; skip?: true }

// Declared on Hono's shared variable map (rather than a Variables type) so staff middleware also
// fits route groups typed with the plain AppEnv, such as the page store's /admin routes.
declare module 'hono' {
  interface ContextVariableMap {
    /** Set by the staff auth middleware; only read behind it. */
    staff: StaffIdentity
    audit: AuditNote | undefined
  }
}

export type StaffEnv = AppEnv

/** Staff-only vars; optional so a deployment without them still type-checks and boots. */
export type StaffVars = {
  /** Origin(s) of the Studio allowed to call /admin with credentials, comma separated. */
  STUDIO_ORIGIN?: string
  /** Where the daily registrations export is emailed; empty = no scheduled export. */
  EXPORT_EMAIL_TO?: string
}

export function staffVar(env: Env, name: keyof StaffVars): string {
  const value = (env as Env & StaffVars)[name]
  return typeof value === 'string' ? value.trim() : ''
}
