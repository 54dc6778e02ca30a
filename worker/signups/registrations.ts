// D1 storage for course registrations. The seat limit lives inside single statements: the
// INSERT decides 'confirmed' vs 'waitlisted' from a count it takes itself, and an offer to the
// waiting list only happens if the same UPDATE still sees a free seat. Every state change and
// its email go in one batch; the email is conditional on the change having applied. A new
// signup is a single batch (one D1 round trip): see insertRegistration.
import * as z from 'zod'
import { registrantTemplateSql } from '../mail/contracts'
import {
  DEFERRED_COLUMNS,
  DEFERRED_CONSTANTS,
  outboxInsertIf,
  repeatAllowedSql,
  type MailMessage,
} from '../mail/message'
import type { Claim } from './idempotency'

const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'offered', 'cancelled'] as const
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]

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

export type SeatOutcome = 'confirmed' | 'waitlisted'

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

/** What a signup's batch did: a new (or revived) registration, or found one already active. */
export type RegistrationWrite =
  { kind: 'registered'; status: SeatOutcome; seatNo: number | null } | { kind: 'duplicate' }

/**
 * An SQL condition every write must also meet, with anonymous `?` placeholders: SQLite numbers
 * each one after the highest numbered placeholder before it, so the guard goes after the
 * statement's own (numbered) parameters wherever it is used.
 */
export type WriteGuard = { sql: string; params: unknown[] }

/** What the INSERT's RETURNING gives for a row this batch inserted or revived. */
const writtenRow = z.object({
  id: z.string(),
  status: z.enum(REGISTRATION_STATUSES),
  seat_no: z.number().nullable(),
})

/**
 * A signup in one batch, so one round trip: inserts the registration (or revives a cancelled
 * one for the same normalised email) as confirmed when a seat is free and nobody is waiting
 * (always, when `capacity` is null: unlimited places),
 * else waitlisted, deciding inside the INSERT from counts it takes itself (never overbooked);
 * writes the email for whatever happened, built in SQL from the row (the confirmation or
 * waiting-list email for a new registration, the details again for someone already
 * registered), rendered later by the mail consumer; and returns the outcome. `before`
 * statements run first in the same transaction; `guard`, when given, must hold for anything to
 * be written; `extra` statements run after the writes and their results are returned in order.
 * With a guard that failed nothing is written and `write` says 'duplicate': check the guard.
 */
export async function insertRegistration(
  db: D1Database,
  r: NewRegistration,
  capacity: number | null,
  outboxId: string,
  now: number,
  options: {
    before?: D1PreparedStatement[]
    guard?: WriteGuard
    extra?: D1PreparedStatement[]
  } = {},
): Promise<{ write: RegistrationWrite; extra: D1Result[] }> {
  // A NULL capacity is unlimited places: everyone is confirmed.
  const free = `(?11 IS NULL OR (held.n < ?11 AND waiting.n = 0))`
  const guard = options.guard
  const insert = db
    .prepare(
      `INSERT INTO registrations (id, course_id, course_slug, session_key, name, email, email_norm,
         organisation, role, access_needs, status, seat_no, session_snapshot, ics_sequence,
         consent_text, consent_version, source, created_at, updated_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
              CASE WHEN ${free} THEN 'confirmed' ELSE 'waitlisted' END,
              CASE WHEN ${free} THEN held.n + 1 ELSE NULL END,
              ?12, 0, ?13, ?14, ?15, ?16, ?16
         FROM (${HELD}) AS held, (${WAITING}) AS waiting
        WHERE ${guard?.sql ?? 'true'}
       ON CONFLICT (course_id, session_key, email_norm) DO UPDATE SET
         id = excluded.id, name = excluded.name, email = excluded.email,
         organisation = excluded.organisation, role = excluded.role,
         access_needs = excluded.access_needs, status = excluded.status, seat_no = excluded.seat_no,
         offer_expires_at = NULL, session_snapshot = excluded.session_snapshot,
         ics_sequence = registrations.ics_sequence + 1, consent_text = excluded.consent_text,
         consent_version = excluded.consent_version, source = excluded.source,
         created_at = excluded.created_at, updated_at = excluded.updated_at
       WHERE registrations.status = 'cancelled'
       RETURNING id, status, seat_no`,
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
      r.consent_text,
      r.consent_version,
      r.source,
      now,
      ...(guard?.params ?? []),
    )
  // ?3 is the new id: a row with another id is someone already registered (a revived row takes
  // the new id). The template (worker/mail/contracts.ts) is written from that row. The details
  // again for someone already registered are a repeat: capped per address and session.
  const outbox = db
    .prepare(
      `INSERT INTO outbox (${DEFERRED_COLUMNS})
       SELECT ?1, x.kind, x.email, x.email_norm,
              ${registrantTemplateSql('x')},
              ${DEFERRED_CONSTANTS}, ?2, ?2, x.item
         FROM (SELECT r.*, CASE WHEN r.id = ?3 THEN r.status ELSE 'already-' || r.status END AS k,
                      CASE WHEN r.id = ?3 THEN 'registration-' || r.status
                           ELSE 'registration-already-' || r.status END AS kind,
                      CASE WHEN r.id = ?3 THEN NULL
                           ELSE r.course_id || '/' || r.session_key END AS item
                 FROM registrations r
                WHERE r.course_id = ?4 AND r.session_key = ?5 AND r.email_norm = ?6
                  AND r.status != 'cancelled') AS x
        WHERE ${guard?.sql ?? 'true'}
          AND (x.item IS NULL OR ${repeatAllowedSql('x.email_norm', 'x.kind', 'x.item', '?2')})`,
    )
    .bind(outboxId, now, r.id, r.course_id, r.session_key, r.email_norm, ...(guard?.params ?? []))
  const before = options.before ?? []
  const extra = options.extra ?? []
  const results = await db.batch([...before, insert, outbox, ...extra])
  // RETURNING gives the row only if this batch inserted or revived it.
  const returned = results[before.length]?.results[0]
  const extraResults = results.slice(before.length + 2)
  if (returned === undefined) return { write: { kind: 'duplicate' }, extra: extraResults }
  const row = writtenRow.parse(returned)
  const status: SeatOutcome = row.status === 'confirmed' ? 'confirmed' : 'waitlisted'
  return { write: { kind: 'registered', status, seatNo: row.seat_no }, extra: extraResults }
}

/**
 * Stores the partner API's answer under the Idempotency-Key this batch holds, chosen by what the
 * registration batch did: the row for this email has the new id (registered, confirmed or
 * waitlisted) or another (already registered).
 */
export function registrationAnswerStatement(
  db: D1Database,
  r: Pick<NewRegistration, 'id' | 'course_id' | 'session_key' | 'email_norm'>,
  k: Claim,
  answers: Record<'confirmed' | 'waitlisted' | 'duplicate', { status: number; body: string }>,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE idempotency_keys SET (status_code, response_body) = (
         SELECT CASE WHEN r.id = ?1 AND r.status = 'confirmed' THEN ?2
                     WHEN r.id = ?1 THEN ?4 ELSE ?6 END,
                CASE WHEN r.id = ?1 AND r.status = 'confirmed' THEN ?3
                     WHEN r.id = ?1 THEN ?5 ELSE ?7 END
           FROM registrations r
          WHERE r.course_id = ?8 AND r.session_key = ?9 AND r.email_norm = ?10)
        WHERE scope = ?11 AND key = ?12 AND claim = ?13`,
    )
    .bind(
      r.id,
      answers.confirmed.status,
      answers.confirmed.body,
      answers.waitlisted.status,
      answers.waitlisted.body,
      answers.duplicate.status,
      answers.duplicate.body,
      r.course_id,
      r.session_key,
      r.email_norm,
      k.scope,
      k.key,
      k.nonce,
    )
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
