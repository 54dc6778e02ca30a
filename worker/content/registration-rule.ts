// The one rule for whether a session takes registrations, and as what. The course page, the
// registration page and the registration POST (form and partner API) all ask this module, so
// what a visitor is offered is always what the POST accepts. It lives beside the content models
// because it reads only a session's published fields; pages and signups both depend on it and
// it depends on neither.
//
// A session without a capacity has unlimited places (the Studio says "Leave empty for unlimited
// places"): it is open whenever its registration window is, and never has a waiting list.
import type { Session } from './models'

export type RegistrationState = 'open' | 'waitlist' | 'not-open-yet' | 'closed' | 'cancelled'

/** Seats held (confirmed or offered) and people waiting, for one session. */
export type SeatCount = { confirmed: number; waitlisted: number }

export type RuleSession = Pick<
  Session,
  'status' | 'start' | 'capacity' | 'registrationOpens' | 'registrationCloses'
>

export function seatsLeft(s: RuleSession, counts: SeatCount | undefined): number | undefined {
  if (s.capacity === undefined) return undefined
  return Math.max(0, s.capacity - (counts?.confirmed ?? 0))
}

/**
 * Where registration stands for one session at `now`. Postponed and cancelled sessions take no
 * registrations (a postponed one until it has a new date). Registration closes at
 * registrationCloses or the start, whichever is first, and opens at registrationOpens. Within
 * the window a session is 'waitlist' when its places are all held or someone is already waiting
 * (the same test the registration INSERT makes in SQL), else 'open'; without `counts` (they
 * could not be read) it is 'open', and the INSERT still decides the seat.
 */
export function registrationState(
  s: RuleSession,
  now: Date | number,
  counts?: SeatCount,
): RegistrationState {
  if (s.status !== 'scheduled') return 'cancelled'
  const t = typeof now === 'number' ? now : now.getTime()
  const start = Date.parse(s.start)
  const closes = s.registrationCloses ? Date.parse(s.registrationCloses) : start
  if (!(t < Math.min(closes, start))) return 'closed'
  if (s.registrationOpens && t < Date.parse(s.registrationOpens)) return 'not-open-yet'
  if (s.capacity === undefined || !counts) return 'open'
  return counts.confirmed >= s.capacity || counts.waitlisted > 0 ? 'waitlist' : 'open'
}
