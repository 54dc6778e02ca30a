// The calendar index (migration 0015): every scheduled or postponed session of every published
// course as a ready VEVENT block, kept current by the publish path beside the search index
// (worker/search/index-writer.ts). A subscription calendar reads at most its cap of events from a
// bounded window of it, so its build costs the same at 100 or 50,000 documents: writing the events
// took most of a calendar's build time, and now happens once per publish of the course that holds
// them.
import { SESSION_MAX_MINUTES } from '../../schemas/limits'
import { calendarCourse, type CalendarCourse } from '../content/models'
import {
  addZoneYears,
  calendarOfBlocks,
  eventBlock,
  vtimezoneZone,
  type ZoneYears,
} from '../lib/ics'
import { sessionEnd } from '../content/session-time'
import { sessionEvent } from '../render/session-event'

/**
 * The window a subscription calendar covers: sessions that ended in the last 30 days (calendar
 * apps drop events a feed stops listing, so recent ones stay for a while) to sessions starting
 * within the next 365 days.
 */
export const CALENDAR_PAST_DAYS = 30
const CALENDAR_AHEAD_DAYS = 365
/**
 * A subscription calendar holds at most this many events of its window: the sessions still to
 * come (or running) earliest first, then, while there is room, the latest of those already over.
 * About 80 KiB of text. A build's work follows its size: at 10,000 documents 500 events (400
 * KiB) took 30 ms and 200 took 14–18 ms. The course, topic and organisation calendars hold as many
 * each, so a subscriber who wants more subscribes to those.
 */
export const CALENDAR_MAX_EVENTS = 100
const DAY_MS = 24 * 3600 * 1000

/** One session as a calendar shows it. Times are milliseconds since the epoch. */
export type CalendarEntry = {
  courseId: string
  sessionKey: string
  startsAt: number
  endsAt: number
  /** The zone its times are written in, when that needs a VTIMEZONE. */
  zone: string | null
  block: string
}

/** The sessions of `course` a subscription calendar can list (never a cancelled one). */
export function courseEntries(course: CalendarCourse, siteUrl: string, now: Date): CalendarEntry[] {
  return course.sessions
    .filter((s) => s.status !== 'cancelled')
    .map((s) => {
      const event = sessionEvent(course, s, siteUrl)
      return {
        courseId: course._id,
        sessionKey: s._key,
        startsAt: event.start.getTime(),
        endsAt: sessionEnd(s),
        zone: vtimezoneZone(event.timezone),
        block: eventBlock(event, 'PUBLISH', now),
      }
    })
}

/** The window as of `now`: entries that end after `after` and start before `before`. */
function calendarWindow(now: Date): { after: number; before: number } {
  return {
    after: now.getTime() - CALENDAR_PAST_DAYS * DAY_MS,
    before: now.getTime() + CALENDAR_AHEAD_DAYS * DAY_MS,
  }
}

/** The entries in the window, earliest first, capped as readCalendar caps them. */
export function windowEntries(entries: CalendarEntry[], now: Date): CalendarEntry[] {
  const { after, before } = calendarWindow(now)
  const at = now.getTime()
  const inWindow = entries.filter((e) => e.endsAt > after && e.startsAt < before).sort(byStart)
  return capped(
    inWindow.filter((e) => e.endsAt > at),
    inWindow.filter((e) => e.endsAt <= at).reverse(),
  )
}

/**
 * The calendar's events from those still to come (earliest first) and those already over (latest
 * first): every one still to come that fits, the rest of the room for the latest past ones, all
 * listed in calendar order.
 */
function capped(coming: CalendarEntry[], over: CalendarEntry[]): CalendarEntry[] {
  const first = coming.slice(0, CALENDAR_MAX_EVENTS)
  const past = over.slice(0, CALENDAR_MAX_EVENTS - first.length)
  return [...past.reverse(), ...first]
}

const byStart = (a: CalendarEntry, b: CalendarEntry) =>
  a.startsAt - b.startsAt || compare(a.courseId, b.courseId) || compare(a.sessionKey, b.sessionKey)

// SQLite's default (binary) collation, so both paths list events in the same order.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The VCALENDAR text of `entries`, which are already in calendar order. */
export function calendarText(name: string, entries: CalendarEntry[]): string {
  const zones: ZoneYears = new Map()
  for (const e of entries) if (e.zone) addZoneYears(zones, e.zone, e.startsAt, e.endsAt)
  return calendarOfBlocks({ method: 'PUBLISH', name, zones, blocks: entries.map((e) => e.block) })
}

/** Removes a course's entries (it was unpublished, deleted or is no longer a course). */
export function deleteCalendarStatement(db: D1Database, docId: string): D1PreparedStatement {
  return db.prepare('DELETE FROM calendar_events WHERE course_id = ?1').bind(docId)
}

/** The index document the statements are written from (searchIndexQuery's fields). */
type IndexedCourse = {
  _id: string
  calendar?: unknown
  topics?: string[] | null
  orgs?: string[] | null
}

/**
 * Replaces a document's entries: those of its sessions when it is a valid course, none otherwise.
 * A course that fails validation is left out of calendars, never failing one.
 */
export function calendarStatements(
  db: D1Database,
  siteUrl: string,
  doc: IndexedCourse,
  now: Date,
): D1PreparedStatement[] {
  const parsed = calendarCourse.safeParse(doc.calendar)
  const entries = parsed.success ? courseEntries(parsed.data, siteUrl, now) : []
  if (entries.length === 0) return [deleteCalendarStatement(db, doc._id)]
  return [
    deleteCalendarStatement(db, doc._id),
    db
      .prepare(
        `INSERT INTO calendar_events
           (course_id, session_key, starts_at, ends_at, zone, topics, orgs, block)
         SELECT ?1, json_extract(value, '$.sessionKey'), json_extract(value, '$.startsAt'),
           json_extract(value, '$.endsAt'), json_extract(value, '$.zone'), ?2, ?3,
           json_extract(value, '$.block')
         FROM json_each(?4)`,
      )
      .bind(
        doc._id,
        JSON.stringify(doc.topics ?? []),
        JSON.stringify([...new Set(doc.orgs ?? [])]),
        JSON.stringify(entries),
      ),
  ]
}

type Row = {
  course_id: string
  session_key: string
  starts_at: number
  ends_at: number
  zone: string | null
  block: string
}

const COLUMNS = 'course_id, session_key, starts_at, ends_at, zone, block'

/**
 * Sessions still running at `from` that started before `to`, under the filters ?1 (a topic) and
 * ?2 (an organisation id). ?4 is the longest a session runs: one still running at `from` began
 * at most that long before it, so the read by start stays bounded.
 */
const running = (from: string, to: string) =>
  `starts_at >= ${from} - ?4 AND starts_at < ${to} AND ends_at > ${from}
   AND (?1 IS NULL OR EXISTS (SELECT 1 FROM json_each(topics) WHERE value = ?1))
   AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(orgs) WHERE value = ?2))`

/**
 * The window's entries as of `now`, capped and in calendar order as windowEntries gives them: of
 * every course, or of those on `topic`, or of those naming the organisation `organisationId`.
 * Read by their start, no further than the cap each way: a session still running at a given time
 * began at most SESSION_MAX_MINUTES before it, so neither older sessions nor the window's later
 * ones are read.
 */
export async function readCalendar(
  db: D1Database,
  now: Date,
  filter: { topic?: string; organisationId?: string } = {},
): Promise<CalendarEntry[]> {
  const { after, before } = calendarWindow(now)
  const at = now.getTime()
  const filters = [filter.topic ?? null, filter.organisationId ?? null]
  const [coming, over] = await db.batch<Row>([
    db
      .prepare(
        `SELECT ${COLUMNS} FROM calendar_events INDEXED BY calendar_events_by_start
         WHERE ${running('?5', '?6')}
         ORDER BY starts_at ASC, course_id ASC, session_key ASC LIMIT ?3`,
      )
      .bind(...filters, CALENDAR_MAX_EVENTS, SESSION_MAX_MINUTES * 60_000, at, before),
    // Past sessions fill only the room the ones still to come leave (counted, not read).
    db
      .prepare(
        `SELECT ${COLUMNS} FROM calendar_events INDEXED BY calendar_events_by_start
         WHERE ${running('?5', '?6')} AND ends_at <= ?6
         ORDER BY starts_at DESC, course_id DESC, session_key DESC
         LIMIT max(0, ?3 - (SELECT count(*) FROM (SELECT 1 FROM calendar_events
           INDEXED BY calendar_events_by_start WHERE ${running('?6', '?7')} LIMIT ?3)))`,
      )
      .bind(...filters, CALENDAR_MAX_EVENTS, SESSION_MAX_MINUTES * 60_000, after, at, before),
  ])
  return capped((coming?.results ?? []).map(entryOf), (over?.results ?? []).map(entryOf))
}

const entryOf = (r: Row): CalendarEntry => ({
  courseId: r.course_id,
  sessionKey: r.session_key,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  zone: r.zone,
  block: r.block,
})
