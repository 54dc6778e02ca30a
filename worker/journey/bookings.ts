// Everything one address has booked, for the "my bookings" page: upcoming places, the waiting
// list, and past sessions with their certificates and feedback. Read by normalised email through
// the (email_norm) indexes; one query.
import type { RegistrationStatus } from '../signups/registrations'
import { parseSnapshot, type SessionSnapshot } from '../mail/contracts'
import { sessionEnd } from '../content/session-time'

export type Booking = {
  id: string
  status: RegistrationStatus
  session: SessionSnapshot
  offerExpiresAt: number | null
  certificateId: string | null
  certificateWithdrawn: boolean
  feedbackGiven: boolean
}

export type Bookings = {
  upcoming: Booking[]
  waiting: Booking[]
  past: Booking[]
}

export async function bookingsFor(
  db: D1Database,
  emailNorm: string,
  now: number = Date.now(),
): Promise<Bookings> {
  const { results } = await db
    .prepare(
      `SELECT r.id, r.status, r.session_snapshot, r.offer_expires_at,
              c.id AS certificate_id, c.withdrawn_at, f.registration_id AS feedback_id
         FROM registrations r
         LEFT JOIN certificates c ON c.registration_id = r.id
         LEFT JOIN feedback f ON f.registration_id = r.id
        WHERE r.email_norm = ?1 AND r.status != 'cancelled'
        ORDER BY json_extract(r.session_snapshot, '$.start'), r.id`,
    )
    .bind(emailNorm)
    .all<{
      id: string
      status: RegistrationStatus
      session_snapshot: string
      offer_expires_at: number | null
      certificate_id: string | null
      withdrawn_at: number | null
      feedback_id: string | null
    }>()
  const out: Bookings = { upcoming: [], waiting: [], past: [] }
  for (const r of results) {
    const booking: Booking = {
      id: r.id,
      status: r.status,
      session: parseSnapshot(r.session_snapshot),
      offerExpiresAt: r.offer_expires_at,
      certificateId: r.certificate_id,
      certificateWithdrawn: r.withdrawn_at !== null,
      feedbackGiven: r.feedback_id !== null,
    }
    if (sessionEnd(booking.session) <= now) {
      // A past session matters only to those who had a place (the waiting list is history).
      if (r.status === 'confirmed') out.past.push(booking)
    } else if (r.status === 'waitlisted') out.waiting.push(booking)
    else out.upcoming.push(booking)
  }
  out.past.reverse()
  return out
}
