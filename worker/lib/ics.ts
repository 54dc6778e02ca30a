// RFC 5545 iCalendar output for course sessions: the public calendar feeds (METHOD:PUBLISH) and
// the attachments of registration emails (METHOD:REQUEST / CANCEL, RFC 5546). Times are written
// in the session's own zone with a VTIMEZONE derived from Intl, so calendars show the time the
// trainer advertised on both sides of a clock change.
import { formatLocal, formatUtc, isValidTimeZone, localParts, vtimezone } from './ics-timezone'

export type IcsMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL'
export type IcsStatus = 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE'
export type IcsPerson = { email: string; name?: string }

export type IcsEvent = {
  /** Globally unique and stable across rebuilds and reschedules; see sessionUid(). */
  uid: string
  /** Bump when the event changes (RFC 5546 revision); calendars ignore updates that do not. */
  sequence: number
  start: Date
  durationMinutes: number
  /** IANA zone the times are shown in; an unknown zone falls back to UTC times. */
  timezone: string
  summary: string
  description?: string
  location?: string
  url?: string
  status: IcsStatus
  organizer?: IcsPerson
  attendees?: IcsPerson[]
  /** DTSTAMP: when this version was made; pass the document's _updatedAt for byte-stable feeds. */
  stamp?: Date
  lastModified?: Date
}

export type CalendarOptions = {
  method?: IcsMethod
  events: IcsEvent[]
  /** Calendar name shown by subscribing clients (NAME and X-WR-CALNAME). */
  name?: string
  prodId?: string
  /** Fallback DTSTAMP for events without `stamp` (defaults to the current time). */
  now?: Date
}

export const PRODID = '-//Safeguard//Course sessions//EN'
const MINUTE = 60_000

/** The UID shared by the feeds and the registration emails, so updates replace the same event. */
export function sessionUid(courseId: string, sessionKey: string, siteUrl: string): string {
  let host = 'safeguard.localhost'
  try {
    host = new URL(siteUrl).hostname || host
  } catch {
    // A malformed SITE_URL must not break calendars; the fallback host still keeps UIDs unique.
  }
  return `${courseId}-${sessionKey}@${host}`
}

/** Maps a content session status (schemas/choices.ts SESSION_STATUSES) to an iCalendar STATUS. */
export function sessionStatus(status: string | null | undefined): IcsStatus {
  if (status === 'cancelled') return 'CANCELLED'
  if (status === 'postponed') return 'TENTATIVE'
  return 'CONFIRMED'
}

/** TEXT value escaping (RFC 5545 3.3.11); other control characters are not allowed at all. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
}

/** A quoted parameter value (CN=...): DQUOTE and controls cannot be represented, so drop them. */
function paramValue(value: string): string {
  return `"${value.replace(/["\u0000-\u001f\u007f]/g, '')}"`
}

/** URI and CAL-ADDRESS values take no escaping but must stay on one logical line. */
function uriValue(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f]/g, (c) => encodeURIComponent(c))
}

/** UTF-8 octets of one code point (a lone surrogate is written as U+FFFD: three). */
function utf8Octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4
}

/**
 * Folds a content line to at most 75 octets per physical line without splitting a character.
 * Octets are counted from code points rather than by encoding each character: a calendar of 500
 * events folds thousands of lines, and encoding made folding most of its build time.
 */
export function foldLine(line: string): string {
  // A UTF-16 unit is at most three octets, so a line this short always fits.
  if (line.length <= 25) return line
  let out = ''
  let start = 0
  let size = 0
  let limit = 75
  for (let i = 0; i < line.length;) {
    const codePoint = line.codePointAt(i) ?? 0
    const octets = utf8Octets(codePoint)
    if (size + octets > limit) {
      out += line.slice(start, i) + '\r\n '
      start = i
      size = 0
      limit = 74 // continuation lines start with one space
    }
    size += octets
    i += codePoint > 0xffff ? 2 : 1
  }
  return out + line.slice(start)
}

function dateTime(date: Date, timezone: string): string {
  return timezone === 'UTC'
    ? `:${formatUtc(date)}`
    : `;TZID=${timezone}:${formatLocal(localParts(date, timezone))}`
}

function person(prop: 'ORGANIZER' | 'ATTENDEE', p: IcsPerson, extra = ''): string {
  const cn = p.name ? `;CN=${paramValue(p.name)}` : ''
  return `${prop}${cn}${extra}:mailto:${uriValue(p.email)}`
}

function eventLines(event: IcsEvent, method: IcsMethod, fallbackStamp: Date): string[] {
  const zone = isValidTimeZone(event.timezone) ? event.timezone : 'UTC'
  const end = new Date(event.start.getTime() + Math.max(0, event.durationMinutes) * MINUTE)
  // A CANCEL message only makes sense with a cancelled event (RFC 5546 3.2.5).
  const status = method === 'CANCEL' ? 'CANCELLED' : event.status
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${formatUtc(event.stamp ?? fallbackStamp)}`,
    `DTSTART${dateTime(event.start, zone)}`,
    `DTEND${dateTime(end, zone)}`,
    `SEQUENCE:${Math.max(0, Math.floor(event.sequence))}`,
    `STATUS:${status}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ]
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`)
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`)
  if (event.url) lines.push(`URL:${uriValue(event.url)}`)
  if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(event.lastModified)}`)
  if (event.organizer) lines.push(person('ORGANIZER', event.organizer))
  for (const a of event.attendees ?? []) {
    lines.push(person('ATTENDEE', a, ';ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE'))
  }
  // Cancelled sessions stay visible but do not block time in the attendee's calendar.
  lines.push(`TRANSP:${status === 'CANCELLED' ? 'TRANSPARENT' : 'OPAQUE'}`, 'END:VEVENT')
  return lines
}

/** One event's VEVENT block, folded, without its final line break (see calendarOfBlocks). */
export function eventBlock(event: IcsEvent, method: IcsMethod, fallbackStamp: Date): string {
  return eventLines(event, method, fallbackStamp).map(foldLine).join('\r\n')
}

/** The zones a calendar's events use, each with the years its events touch. */
export type ZoneYears = Map<string, { from: number; to: number }>

/** The zone a VTIMEZONE is written for, or null where times are written in UTC. */
export function vtimezoneZone(timezone: string): string | null {
  return isValidTimeZone(timezone) && timezone !== 'UTC' ? timezone : null
}

/** Records that an event in `zone` runs from `startMs` to `endMs`. */
export function addZoneYears(years: ZoneYears, zone: string, startMs: number, endMs: number) {
  const from = new Date(startMs).getUTCFullYear()
  const to = new Date(endMs).getUTCFullYear()
  const seen = years.get(zone)
  years.set(zone, { from: Math.min(from, seen?.from ?? from), to: Math.max(to, seen?.to ?? to) })
}

export type BlocksOptions = Omit<CalendarOptions, 'events' | 'now'> & {
  zones: ZoneYears
  /** VEVENT blocks made by eventBlock, in calendar order. */
  blocks: string[]
}

/**
 * A VCALENDAR of prepared VEVENT blocks: the subscription calendars keep each session's block
 * ready (worker/calendar), so a calendar of 500 events is joined rather than written.
 */
export function calendarOfBlocks(opts: BlocksOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${opts.prodId ?? PRODID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${opts.method ?? 'PUBLISH'}`,
  ]
  if (opts.name)
    lines.push(`NAME:${escapeText(opts.name)}`, `X-WR-CALNAME:${escapeText(opts.name)}`)
  // One VTIMEZONE per zone used, covering every year any of its events touches.
  for (const [zone, range] of [...opts.zones].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(...vtimezone(zone, range.from, range.to))
  }
  return [...lines.map(foldLine), ...opts.blocks, 'END:VCALENDAR'].join('\r\n') + '\r\n'
}

/** A complete VCALENDAR object with CRLF line endings and folded lines. */
export function calendar({ events, now = new Date(), ...header }: CalendarOptions): string {
  const method = header.method ?? 'PUBLISH'
  const zones: ZoneYears = new Map()
  for (const e of events) {
    const zone = vtimezoneZone(e.timezone)
    const start = e.start.getTime()
    if (zone) addZoneYears(zones, zone, start, start + Math.max(0, e.durationMinutes) * MINUTE)
  }
  return calendarOfBlocks({
    ...header,
    method,
    zones,
    blocks: events.map((e) => eventBlock(e, method, now)),
  })
}
