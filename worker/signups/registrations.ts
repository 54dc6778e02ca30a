// D1 storage for course registrations. The seat limit lives inside single statements: the
// INSERT decides 'confirmed' vs 'waitlisted' from a count it takes itself, and an offer to the
// waiting list only happens if the same UPDATE still sees a free seat. Every state change and
// its email go in one batch; the email is conditional on the change having applied.
import { outboxInsertIf, type MailMessage } from '../mail/message'

export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'offered' | 'cancelled'

export type RegistrationRow = {
  id: string
  course_id: string
  course_slug: string
  session_key: string
  name: string
  email: string
  email_norm: string
  organisation: string
  role: string
  access_needs: string
  status: RegistrationStatus
  seat_no: number | null
  offer_expires_at: number | null
  session_snapshot: string
  ics_sequence: number
  consent_text: string
  consent_version: string
  source: 'form' | 'api'
  created_at: number
  updated_at: number
}

export type NewRegistration = Pick<
  RegistrationRow,
  | 'id'
  | 'course_id'
  | 'course_slug'
  | 'session_key'
  | 'name'
  | 'email'
  | 'email_norm'
  | 'organisation'
  | 'role'
  | 'access_needs'
  | 'session_snapshot'
  | 'ics_sequence'
  | 'consent_text'
  | 'consent_version'
  | 'source'
>

const HELD = `SELECT count(*) AS n FROM registrations
   WHERE course_id = ?2 AND session_key = ?4 AND status IN ('confirmed', 'offered')`
const WAITING = `SELECT count(*) AS n FROM registrations
   WHERE course_id = ?2 AND session_key = ?4 AND status = 'waitlisted'`

export async function findRegistration(db: D1Database, id: string) {
  return db.prepare('SELECT * FROM registrations WHERE id = ?').bind(id).first<RegistrationRow>()
}

export async function findRegistrationByEmail(
  db: D1Database,
  courseId: string,
  sessionKey: string,
  emailNorm: string,
) {
  return db
    .prepare(
      'SELECT * FROM registrations WHERE course_id = ? AND session_key = ? AND email_norm = ?',
    )
    .bind(courseId, sessionKey, emailNorm)
    .first<RegistrationRow>()
}

export type SeatOutcome = 'confirmed' | 'waitlisted'

/**
 * One round trip before a signup: the person's existing registration for the session, if any,
 * and the outcome a registration made now would get, so that only that email is rendered.
 */
export async function registrationOutlook(
  db: D1Database,
  courseId: string,
  sessionKey: string,
  emailNorm: string,
  capacity: number,
): Promise<{ existing: RegistrationRow | null; outlook: SeatOutcome }> {
  const [found, counts] = await db.batch([
    db
      .prepare(
        'SELECT * FROM registrations WHERE course_id = ? AND session_key = ? AND email_norm = ?',
      )
      .bind(courseId, sessionKey, emailNorm),
    db
      .prepare(
        `SELECT CASE WHEN held.n < ?11 AND waiting.n = 0 THEN 'confirmed' ELSE 'waitlisted' END
                AS outlook
           FROM (${HELD}) AS held, (${WAITING}) AS waiting`,
      )
      // The same numbered placeholders as insertRegistration's counts (?2, ?4, ?11).
      .bind(null, courseId, null, sessionKey, null, null, null, null, null, null, capacity),
  ])
  const existing = (found?.results[0] as RegistrationRow | undefined) ?? null
  const row = counts?.results[0] as { outlook: string } | undefined
  return { existing, outlook: row?.outlook === 'confirmed' ? 'confirmed' : 'waitlisted' }
}

export async function heldSeats(db: D1Database, courseId: string, sessionKey: string) {
  const row = await db
    .prepare(
      `SELECT count(*) AS n FROM registrations
        WHERE course_id = ? AND session_key = ? AND status IN ('confirmed', 'offered')`,
    )
    .bind(courseId, sessionKey)
    .first<{ n: number }>()
  return row?.n ?? 0
}

/**
 * Inserts the registration (or revives a cancelled one for the same normalised email) as
 * confirmed when a seat is free and nobody is waiting, else waitlisted, plus the matching email.
 * Only outcomes with an email supplied are written: given just the predicted one, a seat change
 * since the prediction writes nothing and answers 'changed' (the caller retries with both).
 * Returns null when the person already has an active registration: nothing was written.
 */
export async function insertRegistration(
  db: D1Database,
  r: NewRegistration,
  capacity: number,
  emails: Partial<Record<SeatOutcome, MailMessage & { outboxId: string }>>,
  now: number,
): Promise<{ status: SeatOutcome; seatNo: number | null; outboxId: string } | 'changed' | null> {
  const free = `held.n < ?11 AND waiting.n = 0`
  const allowed = (['confirmed', 'waitlisted'] as const).filter((k) => emails[k] !== undefined)
  const insert = db
    .prepare(
      `INSERT INTO registrations (id, course_id, course_slug, session_key, name, email, email_norm,
         organisation, role, access_needs, status, seat_no, session_snapshot, ics_sequence,
         consent_text, consent_version, source, created_at, updated_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
              CASE WHEN ${free} THEN 'confirmed' ELSE 'waitlisted' END,
              CASE WHEN ${free} THEN held.n + 1 ELSE NULL END,
              ?12, ?13, ?14, ?15, ?16, ?17, ?17
         FROM (${HELD}) AS held, (${WAITING}) AS waiting
        WHERE (CASE WHEN ${free} THEN 'confirmed' ELSE 'waitlisted' END) IN (?18, ?19)
       ON CONFLICT (course_id, session_key, email_norm) DO UPDATE SET
         id = excluded.id, name = excluded.name, email = excluded.email,
         organisation = excluded.organisation, role = excluded.role,
         access_needs = excluded.access_needs, status = excluded.status, seat_no = excluded.seat_no,
         offer_expires_at = NULL, session_snapshot = excluded.session_snapshot,
         ics_sequence = excluded.ics_sequence, consent_text = excluded.consent_text,
         consent_version = excluded.consent_version, source = excluded.source,
         created_at = excluded.created_at, updated_at = excluded.updated_at
       WHERE registrations.status = 'cancelled'`,
    )
    .bind(
      r.id,
      r.course_id,
      r.course_slug,
      r.session_key,
      r.name,
      r.email,
      r.email_norm,
      r.organisation,
      r.role,
      r.access_needs,
      capacity,
      r.session_snapshot,
      r.ics_sequence,
      r.consent_text,
      r.consent_version,
      r.source,
      now,
      allowed[0] ?? '',
      allowed[1] ?? allowed[0] ?? '',
    )
  const outbox = allowed.flatMap((status) => {
    const email = emails[status]
    if (!email) return []
    const exists = `SELECT 1 FROM registrations WHERE id = ? AND status = '${status}'`
    return [outboxInsertIf(db, email.outboxId, email, now, exists, [r.id])]
  })
  const results = await db.batch([
    insert,
    ...outbox,
    db.prepare('SELECT status, seat_no FROM registrations WHERE id = ?').bind(r.id),
    db
      .prepare(
        `SELECT status FROM registrations
          WHERE course_id = ? AND session_key = ? AND email_norm = ? AND status != 'cancelled'`,
      )
      .bind(r.course_id, r.session_key, r.email_norm),
  ])
  const row = results[outbox.length + 1]?.results[0] as
    { status: string; seat_no: number | null } | undefined
  if (!row) {
    // Not written: either the person is already registered, or the seats changed since the
    // prediction so the outcome had no email supplied.
    const active = results[outbox.length + 2]?.results[0]
    return active ? null : 'changed'
  }
  const status = row.status === 'confirmed' ? 'confirmed' : 'waitlisted'
  const email = emails[status]
  if (!email) throw new Error('registration written without its email')
  return { status, seatNo: row.seat_no, outboxId: email.outboxId }
}

/**
 * Applies a state change guarded by the row's current state, with its email in the same batch
 * (written only if the change applied). `set` and `where` use anonymous `?` placeholders.
 */
export async function changeRegistration(
  db: D1Database,
  change: {
    id: string
    from: RegistrationStatus[]
    set: string
    setParams?: unknown[]
    where?: { sql: string; params: unknown[] }
  },
  email: (MailMessage & { outboxId: string }) | null,
  now: number,
): Promise<boolean> {
  const nonce = crypto.randomUUID()
  const from = change.from.map(() => '?').join(', ')
  const update = db
    .prepare(
      `UPDATE registrations SET ${change.set}, change_nonce = ?, updated_at = ?
        WHERE id = ? AND status IN (${from}) ${change.where?.sql ?? ''}`,
    )
    .bind(
      ...(change.setParams ?? []),
      nonce,
      now,
      change.id,
      ...change.from,
      ...(change.where?.params ?? []),
    )
  const statements: D1PreparedStatement[] = [update]
  if (email) {
    const applied = 'SELECT 1 FROM registrations WHERE id = ? AND change_nonce = ?'
    statements.push(outboxInsertIf(db, email.outboxId, email, now, applied, [change.id, nonce]))
  }
  const results = await db.batch(statements)
  return (results[0]?.meta.changes ?? 0) > 0
}

/** Oldest waitlisted registration of a session: the next in line for a freed seat. */
export async function nextWaitlisted(db: D1Database, courseId: string, sessionKey: string) {
  return db
    .prepare(
      `SELECT * FROM registrations WHERE course_id = ? AND session_key = ? AND status = 'waitlisted'
        ORDER BY created_at, rowid LIMIT 1`,
    )
    .bind(courseId, sessionKey)
    .first<RegistrationRow>()
}

/** A `where` for changeRegistration that keeps an offer within capacity in the same statement. */
export function seatFreeCondition(courseId: string, sessionKey: string, capacity: number) {
  return {
    sql: `AND (SELECT count(*) FROM registrations r2 WHERE r2.course_id = ? AND r2.session_key = ?
                AND r2.status IN ('confirmed', 'offered')) < ?`,
    params: [courseId, sessionKey, capacity],
  }
}

export async function activeRegistrations(db: D1Database, courseId: string) {
  const { results } = await db
    .prepare(`SELECT * FROM registrations WHERE course_id = ? AND status != 'cancelled'`)
    .bind(courseId)
    .all<RegistrationRow>()
  return results
}
