// The calendar index over generated courses: sessions across time zones and clock changes, any
// status, some unreadable. Read back from D1 for any instant, a window holds exactly the events
// that a calendar made from the courses themselves holds, in the same order, capped the same way,
// and the calendar's text is the one `calendar()` writes from those events.
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { SESSION_MODES, SESSION_STATUSES } from '../../../schemas/choices'
import {
  CALENDAR_MAX_EVENTS,
  calendarStatements,
  calendarText,
  courseEntries,
  readCalendar,
  windowEntries,
} from '../../../worker/calendar/events'
import { calendarCourse, type CalendarCourse } from '../../../worker/content/models'
import { calendar } from '../../../worker/lib/ics'
import { sessionEvent } from '../../../worker/render/session-event'
import { meteredDb } from '../signups/helpers'

const ZONES = ['Europe/London', 'America/New_York', 'Asia/Ho_Chi_Minh', 'Europe/Bucharest', 'UTC']
const FROM = Date.parse('2026-01-01T00:00:00Z')
const TO = Date.parse('2029-01-01T00:00:00Z')
const STAMP = new Date('2026-06-01T00:00:00Z')

const session = fc.record({
  _key: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
  title: fc.option(fc.string({ maxLength: 40, unit: 'grapheme' }), { nil: undefined }),
  // Quarter hours, so many fall on the hour a clock change skips or repeats.
  start: fc.oneof(
    fc
      .integer({ min: FROM / 900_000, max: TO / 900_000 })
      .map((q) => new Date(q * 900_000).toISOString()),
    fc.constant('next tuesday'),
  ),
  durationMinutes: fc.option(fc.integer({ min: 15, max: 3 * 24 * 60 }), { nil: undefined }),
  timezone: fc.constantFrom(...ZONES, 'Not/AZone'),
  mode: fc.constantFrom(...SESSION_MODES),
  status: fc.constantFrom(...SESSION_STATUSES),
})

const course = (i: number) =>
  fc.record({
    _id: fc.constant(`course.gen-${i}`),
    title: fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }),
    slug: fc.constant(`gen-${i}`),
    summary: fc.option(fc.string({ maxLength: 200, unit: 'grapheme' }), { nil: undefined }),
    isExample: fc.boolean(),
    _updatedAt: fc.constant('2026-05-01T12:00:00Z'),
    sessions: fc.uniqueArray(session, { maxLength: 6, selector: (s) => s._key }),
  })

const courses = fc
  .integer({ min: 1, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => course(i))))

/** The old way: every event made from the courses, windowed, sorted and capped in memory. */
function fromCourses(all: CalendarCourse[], now: Date) {
  return windowEntries(
    all.flatMap((c) => courseEntries(c, env.SITE_URL, STAMP)),
    now,
  )
}

describe('the calendar index', () => {
  beforeEach(async () => {
    await env.DB.prepare('DELETE FROM calendar_events').run()
  })

  it('reads back, for any instant, the events the courses themselves make', async () => {
    await fc.assert(
      fc.asyncProperty(courses, fc.integer({ min: FROM, max: TO }), async (generated, at) => {
        await env.DB.prepare('DELETE FROM calendar_events').run()
        // A course that fails validation (a blank title) is left out, as the index leaves it.
        const parsed = generated.flatMap((c) => {
          const r = calendarCourse.safeParse(c)
          return r.success ? [r.data] : []
        })
        await env.DB.batch(
          generated.flatMap((c) =>
            calendarStatements(env.DB, env.SITE_URL, { _id: c._id, calendar: c }, STAMP),
          ),
        )
        const now = new Date(at)
        const read = await readCalendar(env.DB, now)
        const expected = fromCourses(parsed, now)
        expect(read).toEqual(expected)
        // The text is what calendar() writes from the same events.
        const byId = new Map(parsed.map((c) => [c._id, c]))
        const events = expected.flatMap((e) => {
          const c = byId.get(e.courseId)
          const s = c?.sessions.find((x) => x._key === e.sessionKey)
          return c && s ? [sessionEvent(c, s, env.SITE_URL)] : []
        })
        expect(calendarText('Sessions', read)).toBe(
          calendar({ method: 'PUBLISH', name: 'Sessions', events, now: STAMP }),
        )
        expect(read.some((e) => e.block.includes('STATUS:CANCELLED'))).toBe(false)
      }),
      { numRuns: 25 },
    )
  })

  it('filters by topic and organisation and keeps the earliest events when there are more', async () => {
    const start = Date.parse('2027-01-04T10:00:00Z')
    const many = (id: string, topics: string[], orgs: string[], offset: number) => ({
      _id: id,
      topics,
      orgs,
      calendar: {
        _id: id,
        title: id,
        slug: id.replace('course.', ''),
        sessions: Array.from({ length: 300 }, (_, i) => ({
          _key: `s${i}`,
          start: new Date(start + (2 * i + offset) * 3_600_000).toISOString(),
          timezone: 'Europe/London',
        })),
      },
    })
    await env.DB.batch([
      ...calendarStatements(env.DB, env.SITE_URL, many('course.a', ['nrm'], ['org.x'], 0), STAMP),
      ...calendarStatements(env.DB, env.SITE_URL, many('course.b', ['law'], ['org.y'], 1), STAMP),
    ])
    const now = new Date('2027-01-01T00:00:00Z')
    const all = await readCalendar(env.DB, now)
    expect(all).toHaveLength(CALENDAR_MAX_EVENTS)
    expect(all.map((e) => e.startsAt)).toEqual(
      [...all.map((e) => e.startsAt)].sort((a, b) => a - b),
    )
    expect(all.at(-1)?.startsAt).toBe(start + (CALENDAR_MAX_EVENTS - 1) * 3_600_000)
    const nrm = await readCalendar(env.DB, now, { topic: 'nrm' })
    expect(new Set(nrm.map((e) => e.courseId))).toEqual(new Set(['course.a']))
    expect(nrm).toHaveLength(Math.min(300, CALENDAR_MAX_EVENTS))
    const y = await readCalendar(env.DB, now, { organisationId: 'org.y' })
    expect(new Set(y.map((e) => e.courseId))).toEqual(new Set(['course.b']))
    // Written again without sessions, a course leaves every calendar.
    await env.DB.batch(
      calendarStatements(env.DB, env.SITE_URL, { _id: 'course.a', calendar: null }, STAMP),
    )
    expect((await readCalendar(env.DB, now)).every((e) => e.courseId === 'course.b')).toBe(true)
  })
})

describe('the calendar index at scale', () => {
  it('reads the recent and future sessions only, however many past ones there are', async () => {
    await env.DB.prepare('DELETE FROM calendar_events').run()
    const now = new Date('2027-06-01T00:00:00Z')
    const day = 86_400_000
    const courseWith = (i: number, starts: number[]) => ({
      _id: `course.scale-${i}`,
      calendar: {
        _id: `course.scale-${i}`,
        title: `Scale ${i}`,
        slug: `scale-${i}`,
        sessions: starts.map((t, k) => ({ _key: `k${k}`, start: new Date(t).toISOString() })),
      },
    })
    // 40 courses with 50 sessions each over the four years before the window, and 2 in it.
    const past = Array.from({ length: 40 }, (_, i) =>
      courseWith(
        i,
        Array.from({ length: 50 }, (_, k) => now.getTime() - (40 + k * 29 + i) * day),
      ),
    )
    const upcoming = [courseWith(100, [now.getTime() + 3 * day, now.getTime() + 9 * day])]
    for (const doc of [...past, ...upcoming]) {
      await env.DB.batch(calendarStatements(env.DB, env.SITE_URL, doc, STAMP))
    }
    const metered = meteredDb(env.DB)
    const read = await readCalendar(metered.db, now)
    expect(read.map((e) => `${e.courseId}/${e.sessionKey}`)).toEqual([
      'course.scale-100/k0',
      'course.scale-100/k1',
    ])
    // 2,000 past sessions stored; a handful of rows read.
    expect(metered.rowsRead()).toBeLessThan(20)
  })

  it('lists the sessions still to come first, and the latest past ones in the room left', async () => {
    const now = new Date('2027-06-01T00:00:00Z')
    const hour = 3_600_000
    const courseOf = (id: string, starts: number[], durationMinutes = 60) => ({
      _id: id,
      calendar: {
        _id: id,
        title: id,
        slug: id.replace('course.', ''),
        sessions: starts.map((t, k) => ({
          _key: `k${k}`,
          start: new Date(t).toISOString(),
          durationMinutes,
        })),
      },
    })
    // 80 sessions over in the last 30 days, one every eight hours; one started a day ago and runs
    // two more days; and `coming` sessions to come, one an hour.
    const past = courseOf(
      'course.past',
      Array.from({ length: 80 }, (_, k) => now.getTime() - (8 + k * 8) * hour),
    )
    const running = courseOf('course.running', [now.getTime() - 24 * hour], 3 * 24 * 60)
    const read = async (coming: number) => {
      await env.DB.prepare('DELETE FROM calendar_events').run()
      const upcoming = courseOf(
        'course.upcoming',
        Array.from({ length: coming }, (_, k) => now.getTime() + (1 + k) * hour),
      )
      for (const doc of [past, running, upcoming]) {
        await env.DB.batch(calendarStatements(env.DB, env.SITE_URL, doc, STAMP))
      }
      const metered = meteredDb(env.DB)
      return { events: await readCalendar(metered.db, now), rowsRead: metered.rowsRead() }
    }

    // More to come than the cap: only those, earliest first, the running one at the top.
    const full = await read(1000)
    expect(full.events).toHaveLength(CALENDAR_MAX_EVENTS)
    expect(full.events[0]?.courseId).toBe('course.running')
    expect(full.events.slice(1).every((e) => e.courseId === 'course.upcoming')).toBe(true)
    expect(full.events.at(-1)?.sessionKey).toBe(`k${CALENDAR_MAX_EVENTS - 2}`)
    // The listed sessions and the past ones' room (D1 counts each twice, index entry and row),
    // not the 1,081 stored.
    expect(full.rowsRead).toBeLessThan(4 * CALENDAR_MAX_EVENTS + 20)

    // Fewer to come: all of them, after the latest past ones that fill the room.
    const some = await read(CALENDAR_MAX_EVENTS - 31)
    expect(some.events).toHaveLength(CALENDAR_MAX_EVENTS)
    const pastShown = some.events.filter((e) => e.courseId === 'course.past')
    expect(pastShown.map((e) => e.sessionKey)).toEqual(
      Array.from({ length: 30 }, (_, k) => `k${29 - k}`),
    )
    expect(some.events.slice(30).map((e) => e.courseId)).toEqual([
      'course.running',
      ...Array<string>(CALENDAR_MAX_EVENTS - 31).fill('course.upcoming'),
    ])
  })
})
