// One course session as a calendar event, shared by the calendar index (worker/calendar), the
// single-course calendars and the single-session download, so every calendar describes a session
// the same way under the same UID.
import { pagePath } from '../../schemas/content-types'
import type { CalendarCourse, CalendarSession } from '../content/models'
import { DEFAULT_DURATION_MINUTES } from '../content/session-time'
import { sessionStatus, sessionUid, type IcsEvent } from '../lib/ics'
import { absoluteUrl } from '../lib/urls'

function location(session: CalendarSession): string | undefined {
  const venue = [session.venue?.name, session.venue?.address, session.venue?.city]
    .filter((part): part is string => part !== undefined)
    .join(', ')
  if (session.mode === 'online') return 'Online'
  return venue === '' ? undefined : venue
}

/** Example content must be recognisable in a calendar too, unless its title already says so. */
function needsExampleLabel(course: CalendarCourse): boolean {
  return course.isExample && !/\bexample\b/i.test(course.title)
}

function description(course: CalendarCourse, session: CalendarSession, url: string): string {
  const parts: string[] = []
  if (needsExampleLabel(course)) parts.push('Example course: shown to demonstrate the site.')
  if (session.status === 'postponed')
    parts.push('This session has been postponed; a new date will follow.')
  if (session.status === 'cancelled') parts.push('This session has been cancelled.')
  if (course.summary) parts.push(course.summary)
  if (session.mode === 'online')
    parts.push('Online: joining details are emailed to registered participants.')
  parts.push(`Details and registration: ${url}`)
  return parts.join('\n\n')
}

export function sessionEvent(
  course: CalendarCourse,
  session: CalendarSession,
  siteUrl: string,
): IcsEvent {
  const url = absoluteUrl(siteUrl, pagePath('course', course.slug))
  const prefix =
    session.status === 'cancelled'
      ? 'Cancelled: '
      : session.status === 'postponed'
        ? 'Postponed: '
        : ''
  const title = session.title ? `${course.title}: ${session.title}` : course.title
  const updated = course._updatedAt === undefined ? undefined : new Date(course._updatedAt)
  const place = location(session)
  return {
    uid: sessionUid(course._id, session._key, siteUrl),
    // Registration emails carry the same UID with a per-registrant SEQUENCE counting from 0; a
    // published copy must never outrank them, or calendars would ignore a reschedule email. Among
    // published copies the later DTSTAMP (the course's last edit) wins, as RFC 5546 3.2 allows.
    sequence: 0,
    start: new Date(session.start),
    durationMinutes: session.durationMinutes ?? DEFAULT_DURATION_MINUTES,
    timezone: session.timezone,
    summary: `${prefix}${needsExampleLabel(course) ? '[Example] ' : ''}${title}`,
    description: description(course, session, url),
    ...(place ? { location: place } : {}),
    url,
    status: sessionStatus(session.status),
    ...(updated ? { stamp: updated, lastModified: updated } : {}),
  }
}
