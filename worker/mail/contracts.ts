// The data each message the mail consumer renders carries (outbox.template), one zod schema per
// message type. The writer fills exactly these fields and the consumer reads them with the same
// schema, so a field added here is either written (the type check sees to it) or refused when
// delivered; it never disappears on the way.
import * as z from 'zod'

/**
 * The session facts a registrant was told, as stored per registration (registrations.
 * session_snapshot) and carried whole into every registrant email's template.
 */
export const sessionSnapshot = z.object({
  courseId: z.string(),
  courseTitle: z.string(),
  courseSlug: z.string(),
  sessionKey: z.string(),
  title: z.string(),
  start: z.string(),
  durationMinutes: z.number(),
  timezone: z.string(),
  mode: z.string(),
  venue: z.string(),
  onlineDetails: z.string(),
  status: z.string(),
})
export type SessionSnapshot = z.infer<typeof sessionSnapshot>

/** A stored snapshot (registrations.session_snapshot) read back through its schema. */
export function parseSnapshot(json: string): SessionSnapshot {
  return sessionSnapshot.parse(JSON.parse(json))
}

const REGISTRANT_EMAIL_KINDS = [
  'confirmed',
  'waitlisted',
  'offered',
  'already-confirmed',
  'already-waitlisted',
  'already-offered',
  'cancelled',
  'offer-expired',
  'rescheduled',
  'session-cancelled',
  'session-postponed',
  'reinstated',
] as const
export type RegistrantEmailKind = (typeof REGISTRANT_EMAIL_KINDS)[number]

/** An email to one registrant about one session (worker/mail/registrant-emails.ts renders it). */
const registrantTemplate = z.object({
  type: z.literal('registrant'),
  kind: z.enum(REGISTRANT_EMAIL_KINDS),
  snapshot: sessionSnapshot,
  who: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  sequence: z.number().int(),
  offerExpiresAt: z.number().nullish(),
})
export type RegistrantTemplate = z.infer<typeof registrantTemplate>

/**
 * The SQL expression that writes a registrant template from a registration row (alias `x`,
 * with `x.k` its email kind) inside the statement that decided it: a signup's batch only knows
 * after its INSERT which row (new, revived or already there) the email is about. Typed against
 * the schema, so a template field without a column here fails the type check.
 */
export function registrantTemplateSql(x: string): string {
  const who = {
    id: `${x}.id`,
    name: `${x}.name`,
    email: `${x}.email`,
  } satisfies Record<keyof RegistrantTemplate['who'], string>
  const fields = {
    type: "'registrant'",
    kind: `${x}.k`,
    // The snapshot is stored as the schema's JSON and carried whole, never field by field.
    snapshot: `json(${x}.session_snapshot)`,
    who: jsonObjectSql(who),
    sequence: `${x}.ics_sequence`,
    offerExpiresAt: `${x}.offer_expires_at`,
  } satisfies Record<keyof RegistrantTemplate, string>
  return jsonObjectSql(fields)
}

function jsonObjectSql(fields: Record<string, string>): string {
  const pairs = Object.entries(fields).map(([key, sql]) => `'${key}', ${sql}`)
  return `json_object(${pairs.join(', ')})`
}

/** Every message the consumer renders, told apart by `type`. */
export const deferredTemplate = z.discriminatedUnion('type', [registrantTemplate])
