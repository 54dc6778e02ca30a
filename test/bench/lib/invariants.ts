// What must hold after any amount of load, read straight from D1 through Miniflare: no session
// holds more confirmed or offered places than its capacity, no seat number is given twice, and
// every signup the client saw answered 2xx is stored (none lost). Rows beyond the 2xx count are
// reported too: they mean a request the client saw fail (a timeout) was stored anyway.
import type { BenchD1 } from './runtime'

export type SessionExpectation = {
  courseId: string
  sessionKey: string
  capacity: number
  /** Registrations the client saw answered 2xx (201 confirmed or waitlisted). */
  accepted: number
}

export type SessionCheck = SessionExpectation & {
  stored: number
  held: number
  waitlisted: number
  duplicateSeats: number
  overbooked: boolean
  lost: number
  extra: number
  ok: boolean
}

type Counts = {
  stored: number
  held: number
  waitlisted: number
  seats: number
  distinct_seats: number
}

export async function checkSession(db: BenchD1, e: SessionExpectation): Promise<SessionCheck> {
  const row = await db
    .prepare(
      `SELECT count(*) AS stored,
              coalesce(sum(status IN ('confirmed', 'offered')), 0) AS held,
              coalesce(sum(status = 'waitlisted'), 0) AS waitlisted,
              count(seat_no) AS seats,
              count(DISTINCT seat_no) AS distinct_seats
         FROM registrations
        WHERE course_id = ?1 AND session_key = ?2 AND status != 'cancelled'`,
    )
    .bind(e.courseId, e.sessionKey)
    .first<Counts>()
  const c: Counts = row ?? { stored: 0, held: 0, waitlisted: 0, seats: 0, distinct_seats: 0 }
  const overbooked = c.held > e.capacity
  const lost = Math.max(0, e.accepted - c.stored)
  const extra = Math.max(0, c.stored - e.accepted)
  const duplicateSeats = c.seats - c.distinct_seats
  return {
    ...e,
    stored: c.stored,
    held: c.held,
    waitlisted: c.waitlisted,
    duplicateSeats,
    overbooked,
    lost,
    extra,
    ok: !overbooked && lost === 0 && duplicateSeats === 0,
  }
}

/** Rows in every table, to compare before and after work that must not write. */
export async function tableCounts(db: BenchD1): Promise<Record<string, number>> {
  const { results } = await db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'`,
    )
    .all<{ name: string }>()
  const counts: Record<string, number> = {}
  for (const { name } of results) {
    const row = await db.prepare(`SELECT count(*) AS n FROM "${name}"`).first<{ n: number }>()
    counts[name] = row?.n ?? 0
  }
  return counts
}
