// A session as registrants read it (emails, the registration and link pages), from the
// snapshot they were told.
import { formatLongDate, formatSessionWhen, formatTime, zoneName } from '../render/dates'
import type { SessionSnapshot } from './contracts'

/**
 * When the session runs, in its own time zone, in the one format the site uses for a session's
 * time everywhere (course page, registration page, emails): "Wednesday 17 November 2027,
 * 10:00–11:30 GMT".
 */
export function describeWhen(s: SessionSnapshot): string {
  return formatSessionWhen(new Date(s.start), s.durationMinutes, s.timezone)
}

export function describeWhere(s: SessionSnapshot): string {
  if (s.mode === 'online') return 'Online'
  return s.venue || 'Venue to be confirmed'
}

export function sessionLabel(s: SessionSnapshot): string {
  return `${s.courseTitle}${s.title ? `: ${s.title}` : ''}`
}

/** "Thursday 5 March 2026 at 14:00 GMT": a deadline in the session's zone, as the site writes times. */
export function describeInstant(ms: number, timezone: string): string {
  const at = new Date(ms)
  return `${formatLongDate(at, timezone)} at ${formatTime(at, timezone)} ${zoneName(at, timezone)}`
}
