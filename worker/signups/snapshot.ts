// The session facts a registrant was told (stored per registration): emails are rendered from
// it, and an editor's change is detected by comparing it with the content store's session.
import { formatLongDate, formatSessionWhen, formatTime, zoneName } from '../render/dates'
import type { SignupCourse, SignupSession } from './content'

export type SessionSnapshot = {
  courseId: string
  courseTitle: string
  courseSlug: string
  sessionKey: string
  title: string
  start: string
  durationMinutes: number
  timezone: string
  mode: string
  venue: string
  onlineDetails: string
  status: string
}

const DEFAULT_DURATION = 60

export function snapshotOf(course: SignupCourse, s: SignupSession): SessionSnapshot {
  const venue = s.venue
    ? [s.venue.name, s.venue.address, s.venue.city].filter((v) => v !== undefined).join(', ')
    : ''
  return {
    courseId: course._id,
    courseTitle: course.title,
    courseSlug: course.slug,
    sessionKey: s._key,
    title: s.title ?? '',
    start: new Date(s.start).toISOString(),
    durationMinutes: s.durationMinutes ?? DEFAULT_DURATION,
    timezone: s.timezone,
    mode: s.mode ?? '',
    venue,
    onlineDetails: s.onlineDetails ?? '',
    status: s.status,
  }
}

export function parseSnapshot(json: string): SessionSnapshot {
  return JSON.parse(json) as SessionSnapshot
}

/** What changed that registrants must hear about (title or joining-detail edits are not news). */
export function snapshotChange(
  told: SessionSnapshot,
  now: SessionSnapshot,
): 'none' | 'rescheduled' | 'cancelled' | 'postponed' | 'reinstated' {
  if (now.status !== told.status) {
    if (now.status === 'cancelled') return 'cancelled'
    if (now.status === 'postponed') return 'postponed'
    return 'reinstated'
  }
  if (now.status !== 'scheduled') return 'none'
  const moved =
    now.start !== told.start ||
    now.durationMinutes !== told.durationMinutes ||
    now.timezone !== told.timezone ||
    now.venue !== told.venue ||
    now.mode !== told.mode ||
    now.onlineDetails !== told.onlineDetails
  return moved ? 'rescheduled' : 'none'
}

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
