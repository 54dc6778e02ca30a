// Staff-side reads and writes on the signups tables: per-session counts and lists, check-in marks
// (staff_check_ins, migration 0003) and petition signature counts. The signup flows own the rows;
// staff only read them and mark attendance.

import type { RegistrationStatus } from '../signups/registrations'

export type { RegistrationStatus }

export type SessionCounts = {
  confirmed: number
  waitlisted: number
  offered: number
  cancelled: number
  checkedIn: number
}

export type Registrant = {
  id: string
  name: string
  email: string
  organisation: string
  role: string
  accessNeeds: string
  status: RegistrationStatus
  seatNo: number | null
  registeredAt: string
  checkedInAt: string | null
  checkedInBy: string | null
}

export type Signature = {
  id: string
  name: string
  email: string
  postcode: string
  country: string
  status: 'pending' | 'confirmed'
  signedAt: string
  confirmedAt: string | null
}

/** A signature as stored: the same columns, with its times in epoch milliseconds. */
type SignatureRow = Omit<Signature, 'signedAt' | 'confirmedAt'> & {
  created_at: number
  confirmed_at: number | null
}

export const emptyCounts = (): SessionCounts => ({
  confirmed: 0,
  waitlisted: 0,
  offered: 0,
  cancelled: 0,
  checkedIn: 0,
})

const COUNT_COLUMNS = `
  sum(CASE WHEN r.status = 'confirmed' THEN 1 ELSE 0 END) AS confirmed,
  sum(CASE WHEN r.status = 'waitlisted' THEN 1 ELSE 0 END) AS waitlisted,
  sum(CASE WHEN r.status = 'offered' THEN 1 ELSE 0 END) AS offered,
  sum(CASE WHEN r.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
  sum(CASE WHEN c.registration_id IS NOT NULL AND r.status != 'cancelled' THEN 1 ELSE 0 END) AS checked_in`

type CountRow = {
  course_id: string
  session_key: string
  confirmed: number
  waitlisted: number
  offered: number
  cancelled: number
  checked_in: number
}

const toCounts = (row: CountRow): SessionCounts => ({
  confirmed: row.confirmed,
  waitlisted: row.waitlisted,
  offered: row.offered,
  cancelled: row.cancelled,
  checkedIn: row.checked_in,
})

/** Counts for every session of the given courses: `{ courseId: { sessionKey: counts } }`. */
export async function courseSessionCounts(
  db: D1Database,
  courseIds: string[],
): Promise<Record<string, Record<string, SessionCounts>>> {
  const out: Record<string, Record<string, SessionCounts>> = {}
  if (courseIds.length === 0) return out
  const { results } = await db
    .prepare(
      `SELECT r.course_id, r.session_key, ${COUNT_COLUMNS}
         FROM registrations r LEFT JOIN staff_check_ins c ON c.registration_id = r.id
        WHERE r.course_id IN (SELECT value FROM json_each(?1))
        GROUP BY r.course_id, r.session_key`,
    )
    .bind(JSON.stringify(courseIds))
    .all<CountRow>()
  for (const row of results) {
    const course = (out[row.course_id] ??= {})
    course[row.session_key] = toCounts(row)
  }
  return out
}

type RegistrantRow = {
  id: string
  name: string
  email: string
  organisation: string
  role: string
  access_needs: string
  status: RegistrationStatus
  seat_no: number | null
  created_at: number
  checked_in_at: string | null
  checked_in_by: string | null
}

/** Everyone registered for one session; the waitlist in the order places will be offered. */
export async function sessionRegistrants(
  db: D1Database,
  courseId: string,
  sessionKey: string,
): Promise<Registrant[]> {
  const { results } = await db
    .prepare(
      `SELECT r.id, r.name, r.email, r.organisation, r.role, r.access_needs, r.status, r.seat_no,
              r.created_at, c.checked_in_at, c.checked_in_by
         FROM registrations r LEFT JOIN staff_check_ins c ON c.registration_id = r.id
        WHERE r.course_id = ?1 AND r.session_key = ?2
        ORDER BY CASE r.status WHEN 'confirmed' THEN 0 WHEN 'offered' THEN 1
                 WHEN 'waitlisted' THEN 2 ELSE 3 END, r.created_at, r.id`,
    )
    .bind(courseId, sessionKey)
    .all<RegistrantRow>()
  return results.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    organisation: row.organisation,
    role: row.role,
    accessNeeds: row.access_needs,
    status: row.status,
    seatNo: row.seat_no,
    registeredAt: new Date(row.created_at).toISOString(),
    checkedInAt: row.checked_in_at,
    checkedInBy: row.checked_in_by,
  }))
}

export type RegistrationRef = {
  id: string
  courseId: string
  sessionKey: string
  status: RegistrationStatus
  checkedInAt: string | null
  checkedInBy: string | null
}

export async function findRegistration(
  db: D1Database,
  id: string,
): Promise<RegistrationRef | null> {
  const row = await db
    .prepare(
      `SELECT r.id, r.course_id, r.session_key, r.status, c.checked_in_at, c.checked_in_by
         FROM registrations r LEFT JOIN staff_check_ins c ON c.registration_id = r.id
        WHERE r.id = ?1`,
    )
    .bind(id)
    .first<{
      id: string
      course_id: string
      session_key: string
      status: RegistrationStatus
      checked_in_at: string | null
      checked_in_by: string | null
    }>()
  if (!row) return null
  return {
    id: row.id,
    courseId: row.course_id,
    sessionKey: row.session_key,
    status: row.status,
    checkedInAt: row.checked_in_at,
    checkedInBy: row.checked_in_by,
  }
}

/** Idempotent: checking in twice keeps the first time and the first staff member. */
export async function checkIn(db: D1Database, id: string, actor: string, at: Date): Promise<void> {
  await db
    .prepare(
      `INSERT INTO staff_check_ins (registration_id, checked_in_at, checked_in_by) VALUES (?1, ?2, ?3)
       ON CONFLICT (registration_id) DO NOTHING`,
    )
    .bind(id, at.toISOString(), actor)
    .run()
}

export async function undoCheckIn(db: D1Database, id: string): Promise<void> {
  await db.prepare('DELETE FROM staff_check_ins WHERE registration_id = ?1').bind(id).run()
}

export type SignatureCounts = { confirmed: number; pending: number }

// Staff pages poll this while they are open, so it must not read every signature: confirmed
// ones come from the per-campaign counter (migration 0006), and only pending ones are counted,
// through the (campaign_id, status) index (retention deletes pending ones after a few days).
export async function campaignSignatureCounts(
  db: D1Database,
  campaignIds: string[],
): Promise<Record<string, SignatureCounts>> {
  const out: Record<string, SignatureCounts> = {}
  if (campaignIds.length === 0) return out
  const { results } = await db
    .prepare(
      `SELECT value AS campaign_id,
              coalesce((SELECT confirmed FROM petition_counts WHERE campaign_id = value), 0)
                AS confirmed,
              (SELECT count(*) FROM signatures WHERE campaign_id = value AND status = 'pending')
                AS pending
         FROM json_each(?1)`,
    )
    .bind(JSON.stringify(campaignIds))
    .all<{ campaign_id: string; confirmed: number; pending: number }>()
  for (const row of results) {
    if (row.confirmed > 0 || row.pending > 0)
      out[row.campaign_id] = { confirmed: row.confirmed, pending: row.pending }
  }
  return out
}

export async function campaignSignatures(db: D1Database, campaignId: string): Promise<Signature[]> {
  const { results } = await db
    .prepare(
      `SELECT id, name, email, postcode, country, status, created_at, confirmed_at
         FROM signatures WHERE campaign_id = ?1
        ORDER BY CASE status WHEN 'confirmed' THEN 0 ELSE 1 END, coalesce(confirmed_at, created_at), id`,
    )
    .bind(campaignId)
    .all<SignatureRow>()
  return results.map(({ created_at, confirmed_at, ...signature }) => ({
    ...signature,
    signedAt: new Date(created_at).toISOString(),
    confirmedAt: confirmed_at === null ? null : new Date(confirmed_at).toISOString(),
  }))
}
