// The session facts a registrant was told (stored per registration): emails are rendered from
// it, and an editor's change is detected by comparing it with the content store's session. Its
// shape is the schema in worker/mail/contracts.ts, which every registrant email carries.
import { DEFAULT_DURATION_MINUTES } from '../content/session-time'
import { sessionSnapshot, type SessionSnapshot } from '../mail/contracts'
import type { SignupCourse, SignupSession } from './content'

/**
 * A session's facts as stored and emailed, written through the snapshot's schema (`satisfies`:
 * a field added to the schema fails `tsc` here until it is filled).
 */
export function snapshotOf(course: SignupCourse, s: SignupSession): SessionSnapshot {
  const venue = s.venue
    ? [s.venue.name, s.venue.address, s.venue.city].filter((v) => v !== undefined).join(', ')
    : ''
  return sessionSnapshot.parse({
    courseId: course._id,
    courseTitle: course.title,
    courseSlug: course.slug,
    sessionKey: s._key,
    title: s.title ?? '',
    start: new Date(s.start).toISOString(),
    durationMinutes: s.durationMinutes ?? DEFAULT_DURATION_MINUTES,
    timezone: s.timezone,
    mode: s.mode ?? '',
    venue,
    onlineDetails: s.onlineDetails ?? '',
    status: s.status,
  } satisfies SessionSnapshot)
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
