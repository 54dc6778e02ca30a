// The iCalendar pages built from the seed content in the real embedded store: one session's .ics,
// the all-sessions calendar and the course, organisation and topic calendars, with session times
// right on both sides of the UK clock changes, stable identities and a bounded window (the
// calendar index itself: test/worker/calendar/events.test.ts).
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from '../../../worker/pages/build'
import {
  buildSessionsFeed,
  buildSubscriptionCalendar,
} from '../../../worker/pages/feeds/sessions-ics'
import { reindexAll } from '../../../worker/search/index-writer'
import { components, icsLines, prop, type IcsLine } from '../lib/ics-parse'
import { built as page } from './helpers'

const site = env.SITE_URL.replace(/\/$/, '')
const host = new URL(env.SITE_URL).hostname

/** Upcoming (after 1 January 2027), non-cancelled seed sessions, as `<course id>-<key>`. */
const SEED_UPCOMING = [
  'course.example-introduction-london-london-2027-03-04',
  'course.example-introduction-london-london-2027-03-30',
  'course.example-introduction-london-london-2027-10-12',
  'course.example-introduction-london-london-2027-05-20',
  'course.example-nrm-refresher-nrm-2027-06-16',
  'course.example-nrm-refresher-nrm-2027-11-17',
]

// The subscription calendars read the calendar index, which the publish path fills.
beforeAll(async () => {
  await reindexAll(env)
})

const eventByUid = (events: IcsLine[][], uid: string) =>
  events.find((e) => prop(e, 'UID')?.value === uid)

describe('per-session .ics', () => {
  it('gives a BST session its London wall-clock time (30 March 2020, 10:00Z = 11:00)', async () => {
    const ics = await page('/courses/nrm-webinar/sessions/nrm-2020-03-30.ics')
    expect(ics.status).toBe(200)
    expect(ics.contentType).toBe('text/calendar; charset=utf-8')
    const lines = icsLines(ics.body)
    const [event] = components(lines, 'VEVENT')
    if (!event) throw new Error('no VEVENT')
    expect(prop(event, 'DTSTART')).toMatchObject({
      params: { TZID: 'Europe/London' },
      value: '20200330T110000',
    })
    expect(prop(event, 'DTEND')?.value).toBe('20200330T114500')
    expect(prop(event, 'UID')?.value).toBe(`course.nrm-webinar-nrm-2020-03-30@${host}`)
    expect(prop(event, 'URL')?.value).toBe(`${site}/courses/nrm-webinar`)
    expect(prop(event, 'STATUS')?.value).toBe('CONFIRMED')
    // Stamped with the course's last edit; SEQUENCE 0 so registration emails always outrank it.
    expect(prop(event, 'DTSTAMP')?.value).toBe('20261116T100000Z')
    expect(prop(event, 'SEQUENCE')?.value).toBe('0')
    expect(components(lines, 'VTIMEZONE').map((tz) => prop(tz, 'TZID')?.value)).toEqual([
      'Europe/London',
    ])
    expect(ics.deps).toEqual(['course.nrm-webinar'])
  })

  it('gives the September 2015 Leicester session (08:30Z) 09:30 BST', async () => {
    const ics = await page(
      '/courses/cross-border-collaboration-2015/sessions/leicester-2015-09-09.ics',
    )
    const [event] = components(icsLines(ics.body), 'VEVENT')
    expect(event && prop(event, 'DTSTART')?.value).toBe('20150909T093000')
    expect(event && prop(event, 'DTEND')?.value).toBe('20150909T153000')
    expect(event && prop(event, 'LOCATION')?.value).toMatch(/Leicester/)
  })

  it('keeps a cancelled session downloadable, marked cancelled', async () => {
    const ics = await page('/courses/example-nrm-refresher/sessions/nrm-2027-03-10.ics')
    const [event] = components(icsLines(ics.body), 'VEVENT')
    expect(event && prop(event, 'STATUS')?.value).toBe('CANCELLED')
    // The seed's example titles already say "Example", so no second label is added.
    expect(event && prop(event, 'SUMMARY')?.value).toMatch(/^Cancelled: Example: /)
  })

  it("answers the site's 404 page for an unknown session or course", async () => {
    const unknownKey = await page('/courses/nrm-webinar/sessions/no-such-session.ics')
    expect(unknownKey.status).toBe(404)
    expect(unknownKey.contentType).toMatch(/^text\/html/)
    expect(unknownKey.deps).toEqual(expect.arrayContaining(['course.nrm-webinar', 'type:course']))
    const unknownCourse = await page('/courses/no-such-course/sessions/nrm-2020-03-30.ics')
    expect(unknownCourse.status).toBe(404)
    expect(unknownCourse.deps).toContain('type:course')
  })

  it('never includes the online joining details', async () => {
    const ics = await page('/courses/example-nrm-refresher/sessions/nrm-2027-06-16.ics')
    expect(ics.body).toContain('joining details are emailed')
    expect(ics.body).not.toMatch(/zoom|teams\.microsoft|meet\.google/i)
  })
})

describe('/sessions.ics', () => {
  it('lists upcoming, non-cancelled sessions in local time across the 2027 clock changes', async () => {
    const feed = await buildSessionsFeed(env, 'published', new Date('2027-01-01T00:00:00Z'))
    const events = components(icsLines(feed.body), 'VEVENT')
    const start = (key: string, course: string) =>
      eventByUid(events, `${course}-${key}@${host}`)?.find((l) => l.name === 'DTSTART')?.value
    // 4 March is GMT, 30 March BST (clocks change 28 March 2027), 17 November GMT again.
    expect(start('london-2027-03-04', 'course.example-introduction-london')).toBe('20270304T093000')
    expect(start('london-2027-03-30', 'course.example-introduction-london')).toBe('20270330T093000')
    expect(start('london-2027-10-12', 'course.example-introduction-london')).toBe('20271012T093000')
    expect(start('nrm-2027-06-16', 'course.example-nrm-refresher')).toBe('20270616T100000')
    expect(start('nrm-2027-11-17', 'course.example-nrm-refresher')).toBe('20271117T100000')
    expect(start('nrm-2027-03-10', 'course.example-nrm-refresher')).toBeUndefined()
    const uids = events.map((e) => prop(e, 'UID')?.value)
    for (const id of SEED_UPCOMING) expect(uids).toContain(`${id}@${host}`)
    expect(events.length).toBeGreaterThanOrEqual(SEED_UPCOMING.length)
    const postponed = eventByUid(
      events,
      `course.example-introduction-london-london-2027-05-20@${host}`,
    )
    expect(postponed && prop(postponed, 'STATUS')?.value).toBe('TENTATIVE')
    expect(events.map((e) => prop(e, 'STATUS')?.value)).not.toContain('CANCELLED')
  })

  it('is served as a calendar of sessions that have not finished yet', async () => {
    const feed = await page('/sessions.ics')
    expect(feed.status).toBe(200)
    expect(feed.contentType).toBe('text/calendar; charset=utf-8')
    const lines = icsLines(feed.body)
    expect(lines.find((l) => l.name === 'METHOD')?.value).toBe('PUBLISH')
    for (const e of components(lines, 'VEVENT'))
      expect(prop(e, 'STATUS')?.value).not.toBe('CANCELLED')
    expect(feed.deps).toEqual(
      expect.arrayContaining(['type:course', 'course.example-nrm-refresher']),
    )
  })

  it('keeps UIDs and bytes stable across two builds', async () => {
    const now = new Date('2027-01-01T00:00:00Z')
    const first = await buildSessionsFeed(env, 'published', now)
    const second = await buildSessionsFeed(env, 'published', now)
    expect(second.body).toBe(first.body)
    const uids = (body: string) =>
      components(icsLines(body), 'VEVENT').map((e) => prop(e, 'UID')?.value)
    expect(uids(first.body)).toEqual(
      expect.arrayContaining(SEED_UPCOMING.map((id) => `${id}@${host}`)),
    )
    const single = await page('/courses/example-nrm-refresher/sessions/nrm-2027-06-16.ics')
    expect(uids(first.body)).toContain(uids(single.body)[0])
  })
})

describe('subscription calendars: a bounded window', () => {
  const uidsAt = async (path: string, now: string) => {
    const built = await buildSubscriptionCalendar(env, path, 'published', new Date(now))
    if (!built) throw new Error(`${path} is not a calendar`)
    return {
      built,
      uids: components(icsLines(built.body), 'VEVENT').map((e) => prop(e, 'UID')?.value ?? ''),
    }
  }
  const uid = (id: string) => `${id}@${host}`

  it('keeps sessions that ended in the last 30 days and drops older ones', async () => {
    // london-2027-03-04 ended 16 days before 20 March, 37 days before 10 April.
    const march = await uidsAt('/sessions.ics', '2027-03-20T00:00:00Z')
    expect(march.uids).toContain(uid('course.example-introduction-london-london-2027-03-04'))
    const april = await uidsAt('/sessions.ics', '2027-04-10T00:00:00Z')
    expect(april.uids).not.toContain(uid('course.example-introduction-london-london-2027-03-04'))
    expect(april.uids).toContain(uid('course.example-introduction-london-london-2027-03-30'))
  })

  it('covers the next 365 days only', async () => {
    const { uids } = await uidsAt('/sessions.ics', '2026-10-01T00:00:00Z')
    expect(uids).toContain(uid('course.example-nrm-refresher-nrm-2027-06-16'))
    expect(uids).not.toContain(uid('course.example-nrm-refresher-nrm-2027-11-17'))
    expect(uids).not.toContain(uid('course.example-introduction-london-london-2027-10-12'))
  })

  it("gives one course's calendar its own sessions, cancelled ones left out", async () => {
    const { built, uids } = await uidsAt(
      '/courses/example-nrm-refresher/sessions.ics',
      '2027-01-01T00:00:00Z',
    )
    expect(built.status).toBe(200)
    expect(built.contentType).toBe('text/calendar; charset=utf-8')
    expect(uids).toEqual([
      uid('course.example-nrm-refresher-nrm-2027-06-16'),
      uid('course.example-nrm-refresher-nrm-2027-11-17'),
    ])
    expect(built.deps).toEqual(['course.example-nrm-refresher'])
    expect(icsLines(built.body).find((l) => l.name === 'X-WR-CALNAME')?.value).toMatch(
      /: sessions$/,
    )
    // With no session in its window it is empty, and still rebuilt when the course changes.
    const later = await uidsAt(
      '/courses/example-nrm-refresher/sessions.ics',
      '2031-01-01T00:00:00Z',
    )
    expect(later.uids).toEqual([])
    expect(later.built.deps).toEqual(['course.example-nrm-refresher'])
  })

  it("gives an organisation's calendar the sessions of the courses it provides", async () => {
    const { built, uids } = await uidsAt(
      '/organisations/ecpat-uk/sessions.ics',
      '2027-01-01T00:00:00Z',
    )
    expect(built.status).toBe(200)
    expect(uids).toEqual(expect.arrayContaining(SEED_UPCOMING.map(uid)))
    expect(built.deps).toEqual(
      expect.arrayContaining([
        'organisation.ecpat-uk',
        'type:course',
        'course.example-nrm-refresher',
      ]),
    )
    const unknown = await buildSubscriptionCalendar(env, '/organisations/no-such-org/sessions.ics')
    expect(unknown?.status).toBe(404)
    expect(unknown?.deps).toContain('type:organisation')
  })

  it("gives a topic's calendar only the courses on that topic", async () => {
    const { built, uids } = await uidsAt('/topics/nrm/sessions.ics', '2027-01-01T00:00:00Z')
    expect(built.status).toBe(200)
    expect(uids).toContain(uid('course.example-nrm-refresher-nrm-2027-06-16'))
    // The London course is not tagged "nrm".
    expect(uids.filter((u) => u.includes('example-introduction-london'))).toEqual([])
    expect(await buildPage(env, new URL('/topics/no-such-topic/sessions.ics', site))).toBeNull()
  })

  it('is linked from the course, organisation and course list pages', async () => {
    const course = await page('/courses/example-nrm-refresher')
    expect(course.body).toContain('href="/courses/example-nrm-refresher/sessions.ics"')
    expect(course.body).toContain('Subscribe to these dates')
    const org = await page('/organisations/ecpat-uk')
    expect(org.body).toContain('href="/organisations/ecpat-uk/sessions.ics"')
    expect((await page('/courses')).body).toContain('href="/sessions.ics"')
    expect((await page('/courses?topic=nrm')).body).toContain('href="/topics/nrm/sessions.ics"')
  })
})
