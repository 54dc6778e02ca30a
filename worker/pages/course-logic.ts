// Decisions about courses and sessions that do not depend on markup: which courses are upcoming
// and when a page changes with time. Pure, so tests can pin `now`. Whether a session takes
// registrations is worker/content/registration-rule.ts, shared with the registration POST.
import type { CourseCard, Session } from '../content/models'
import { sessionEnd } from '../content/session-time'

/** The part of a course that listing decisions read (a full card or the slim listing form). */
type Timed = Pick<CourseCard, 'sessions'>

const startOf = (s: Session) => Date.parse(s.start)

/**
 * When a course page changes with time alone: each session's registration opening and closing,
 * its start (registration stops) and its end (it moves to past sessions).
 */
export function sessionBoundaries(s: Session): (string | number | undefined)[] {
  return [s.registrationOpens, s.registrationCloses, s.start, sessionEnd(s)]
}

/** When course cards change with time alone: a session ending moves "Next" on (or away). */
export function cardBoundaries(courses: readonly Timed[]): number[] {
  return courses.flatMap((c) => c.sessions.map(sessionEnd))
}

/** Sessions still to come (not yet finished), soonest first, cancelled ones included. */
export function futureSessions(course: Timed, now: Date): Session[] {
  return course.sessions
    .filter((s) => sessionEnd(s) > now.getTime())
    .sort((a, b) => startOf(a) - startOf(b))
}

/** The next session someone could attend (not cancelled), if any. */
export function nextSession(course: Timed, now: Date): Session | undefined {
  return futureSessions(course, now).find((s) => s.status !== 'cancelled')
}

/** A course with no sessions at all is available on demand (e-learning). */
export function isOnDemand(course: Timed): boolean {
  return course.sessions.length === 0
}

function lastSessionStart(course: Timed): number {
  return course.sessions.reduce((max, s) => Math.max(max, startOf(s)), 0)
}

/** Upcoming first (soonest first, on-demand after dated ones), or past (most recent first). */
export function sortCourses<C extends Timed & Pick<CourseCard, 'title'>>(
  courses: C[],
  now: Date,
  when: 'upcoming' | 'past',
): C[] {
  const key = (c: C) => {
    const next = nextSession(c, now)
    return next ? startOf(next) : Number.MAX_SAFE_INTEGER
  }
  return [...courses].sort((a, b) =>
    when === 'upcoming'
      ? key(a) - key(b) || a.title.localeCompare(b.title)
      : lastSessionStart(b) - lastSessionStart(a) || a.title.localeCompare(b.title),
  )
}
