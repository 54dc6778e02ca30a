// Types shared by the staff API's modules: the Hono environment with the authenticated staff
// member, and the staff-only vars that are optional in wrangler.toml.

export type StaffIdentity = {
  /** Access email (or service-token name) in production, 'local-token' locally. */
  actor: string
  via: 'access' | 'token'
}

/** What a handler tells the audit trail it did; ids only, never a registrant's personal data. */
export type AuditNote = { action: string; target?: string }

export type StaffEnv = {
  Bindings: Env
  Variables: { staff: StaffIdentity; audit: AuditNote }
}

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
