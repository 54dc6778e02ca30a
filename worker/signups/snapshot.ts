// The session facts a registrant was told (stored per registration): emails are rendered from
// it, and an editor's change is detected by comparing it with the content store's session.
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

// Building an Intl.DateTimeFormat costs far more than formatting with one, and every email
// about a session formats in the same few zones: keep the formatters per zone.
const formatters = new Map<
  string,
  { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat; zone: Intl.DateTimeFormat }
>()

function formattersFor(timeZone: string) {
  let f = formatters.get(timeZone)
  if (!f) {
    f = {
      day: new Intl.DateTimeFormat('en-GB', {
        timeZone,
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }),
      time: new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
      zone: new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }),
    }
    // Zones come from content; a bound keeps a misbehaving dataset from growing this forever.
    if (formatters.size >= 50) formatters.clear()
    formatters.set(timeZone, f)
  }
  return f
}

/** "Tuesday 3 March 2026, 10:00 to 11:30 (GMT)" in the session's own time zone. */
export function describeWhen(s: SessionSnapshot): string {
  const start = new Date(s.start)
  const end = new Date(start.getTime() + s.durationMinutes * 60_000)
  const f = formattersFor(s.timezone)
  const zone =
    f.zone.formatToParts(start).find((p) => p.type === 'timeZoneName')?.value ?? s.timezone
  return `${f.day.format(start)}, ${f.time.format(start)} to ${f.time.format(end)} (${zone})`
}

export function describeWhere(s: SessionSnapshot): string {
  if (s.mode === 'online') return 'Online'
  return s.venue || 'Venue to be confirmed'
}

export function sessionLabel(s: SessionSnapshot): string {
  return `${s.courseTitle}${s.title ? `: ${s.title}` : ''}`
}

/** "Thursday 5 March 2026 at 14:00 (GMT)": a deadline in the session's zone. */
export function describeInstant(ms: number, timezone: string): string {
  const at = new Date(ms)
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(at)
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')} (${get('timeZoneName')})`
}
