// iCalendar pages. Subscription calendars of a bounded window of sessions: /sessions.ics (every
// course), /courses/:slug/sessions.ics (one course), /organisations/:slug/sessions.ics (the
// courses an organisation provides) and /topics/:topic/sessions.ics (one topic). And
// /courses/:slug/sessions/:key.ics, one session to add to a calendar (cancelled ones included,
// so a visitor holding an old copy learns that it is off).
import * as z from 'zod'
import type { Expect, Fits } from '../../content/query-types'
import type { CalendarHeadQueryResult } from '../../sanity.types'
import { TOPICS, TOPICS_TITLES, type Topic } from '../../../schemas/choices'
import {
  CALENDAR_PAST_DAYS,
  calendarText,
  courseEntries,
  readCalendar,
  windowEntries,
  type CalendarEntry,
} from '../../calendar/events'
import { fetchContent, type Perspective } from '../../content/client'
import { text } from '../../content/fields'
import { feedCourse } from '../../content/models'
import { calendarHeadQuery, sessionIcsQuery, settingsQuery } from '../../content/queries'
import { calendar } from '../../lib/ics'
import { isUrlSafeSlug } from '../../lib/urls'
import { sessionEvent } from '../../render/session-event'
import { buildContext, deps, notFoundPage, staleAfter, type BuiltPage } from '../kit'
import { parseSettings } from '../../content/settings'
import { feedDeps } from './deps'
import {
  courseCalendarPath,
  organisationCalendarPath,
  SESSIONS_FEED_PATH,
  sessionPath,
  topicCalendarPath,
} from './session-events'

export { SESSIONS_FEED_PATH }

const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8'
const SESSION_PATH = /^\/courses\/([^/]+)\/sessions\/([^/]+)\.ics$/
const SUBSCRIPTION_PATH = /^\/(courses|organisations|topics)\/([^/]+)\/sessions\.ics$/

const DAY_MS = 24 * 3600 * 1000

const headResult = z.object({
  settings: z
    .object({ _id: text, title: text.optional().catch(undefined) })
    .nullable()
    .catch(null),
  org: z.object({ _id: text, name: text, slug: text }).nullable().catch(null),
})
type _Checked = Expect<Fits<z.output<typeof headResult>, CalendarHeadQueryResult>>

type Subscription =
  | { kind: 'all' }
  | { kind: 'course'; slug: string }
  | { kind: 'organisation'; slug: string }
  | { kind: 'topic'; topic: Topic }

function subscriptionPath(s: Subscription): string {
  if (s.kind === 'course') return courseCalendarPath(s.slug)
  if (s.kind === 'organisation') return organisationCalendarPath(s.slug)
  if (s.kind === 'topic') return topicCalendarPath(s.topic)
  return SESSIONS_FEED_PATH
}

/** A calendar of `entries`, which are in the window, earliest first and capped already. */
function calendarPage(
  path: string,
  name: string,
  entries: CalendarEntry[],
  ids: (string | undefined)[],
  now: Date,
): BuiltPage {
  return {
    path,
    status: 200,
    contentType: ICS_CONTENT_TYPE,
    body: calendarText(name, entries),
    deps: feedDeps([...ids, ...entries.map((e) => e.courseId)]),
    title: name,
    // A session leaves the calendar 30 days after it ends and one enters as the window moves
    // on: rebuilt at least daily, and when the first listed session drops out.
    staleAt: staleAfter(now, [
      now.getTime() + DAY_MS,
      ...entries.map((e) => e.endsAt + CALENDAR_PAST_DAYS * DAY_MS),
    ]),
  }
}

async function notFoundCalendar(
  env: Env,
  path: string,
  perspective: Perspective,
  used: unknown[],
  types: string[],
): Promise<BuiltPage> {
  // The site's own 404 page: people reach these links from the site's pages.
  const ctx = buildContext(env, new URL(path, 'https://site.invalid'), perspective)
  const rawSettings = await ctx.fetch(settingsQuery)
  return notFoundPage(ctx, parseSettings(rawSettings), deps([rawSettings, ...used], types))
}

async function buildSubscription(
  env: Env,
  sub: Subscription,
  perspective: Perspective,
  now: Date,
): Promise<BuiltPage> {
  const path = subscriptionPath(sub)
  if (sub.kind === 'course') {
    const raw = await fetchContent(env, sessionIcsQuery, { slug: sub.slug }, perspective)
    const parsed = feedCourse.safeParse(raw)
    if (!parsed.success) return notFoundCalendar(env, path, perspective, [raw], ['course'])
    const course = parsed.data
    const entries = windowEntries(courseEntries(course, env.SITE_URL, now), now)
    // Its own course, even with no session in the window: a new session must rebuild it.
    return calendarPage(path, `${course.title}: sessions`, entries, [course._id], now)
  }
  const head = headResult.parse(
    await fetchContent(
      env,
      calendarHeadQuery,
      { organisation: sub.kind === 'organisation' ? sub.slug : null },
      perspective,
    ),
  )
  if (sub.kind === 'organisation' && head.org?.slug !== sub.slug)
    return notFoundCalendar(env, path, perspective, [head.org], ['organisation'])
  const siteTitle = head.settings?.title ?? 'Safeguard'
  const name =
    sub.kind === 'topic'
      ? `${siteTitle}: ${TOPICS_TITLES[sub.topic]} training sessions`
      : sub.kind === 'organisation'
        ? `${head.org?.name ?? siteTitle}: training sessions`
        : `${siteTitle}: training sessions`
  // Published sessions only, whatever the perspective: the index holds what visitors can see.
  const entries = await readCalendar(env.DB, now, {
    ...(sub.kind === 'topic' ? { topic: sub.topic } : {}),
    ...(sub.kind === 'organisation' && head.org ? { organisationId: head.org._id } : {}),
  })
  const page = calendarPage(path, name, entries, [head.settings?._id, head.org?._id], now)
  // Any course can enter the window or the filter, so the calendar lists its type too.
  return { ...page, deps: [...page.deps, 'type:course'] }
}

export async function buildSessionsFeed(
  env: Env,
  perspective: Perspective = 'published',
  now: Date = new Date(),
): Promise<BuiltPage> {
  return buildSubscription(env, { kind: 'all' }, perspective, now)
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** The subscription calendar a path names, or null for any other path. */
function matchSubscriptionPath(pathname: string): Subscription | null {
  if (pathname === SESSIONS_FEED_PATH) return { kind: 'all' }
  const m = SUBSCRIPTION_PATH.exec(pathname)
  if (!m || m[1] === undefined || m[2] === undefined) return null
  const value = decode(m[2])
  if (m[1] === 'topics') {
    const topic = TOPICS.find((t) => t === value)
    return topic ? { kind: 'topic', topic } : null
  }
  if (!isUrlSafeSlug(value)) return null
  return m[1] === 'courses'
    ? { kind: 'course', slug: value }
    : { kind: 'organisation', slug: value }
}

/** Builds the subscription calendar at `pathname`, or null when the path names none. */
export async function buildSubscriptionCalendar(
  env: Env,
  pathname: string,
  perspective: Perspective = 'published',
  now: Date = new Date(),
): Promise<BuiltPage | null> {
  const sub = matchSubscriptionPath(pathname)
  return sub ? buildSubscription(env, sub, perspective, now) : null
}

/** The course slug and session key of a single-session path, or null for any other path. */
export function matchSessionPath(pathname: string): { slug: string; key: string } | null {
  const m = SESSION_PATH.exec(pathname)
  if (!m || m[1] === undefined || m[2] === undefined) return null
  return { slug: decode(m[1]), key: decode(m[2]) }
}

export async function buildSessionIcs(
  env: Env,
  slug: string,
  key: string,
  perspective: Perspective = 'published',
): Promise<BuiltPage> {
  const raw = await fetchContent(env, sessionIcsQuery, { slug }, perspective)
  const parsed = feedCourse.safeParse(raw)
  const course = parsed.success ? parsed.data : null
  const session = course?.sessions.find((s) => s._key === key)
  const path = sessionPath(slug, key)
  if (!course || !session) {
    // A course published later under this slug must turn the 404 into a calendar.
    return notFoundCalendar(
      env,
      path,
      perspective,
      [course ? { _id: course._id } : null],
      ['course'],
    )
  }
  const event = sessionEvent(course, session, env.SITE_URL)
  return {
    path,
    status: 200,
    contentType: ICS_CONTENT_TYPE,
    body: calendar({ method: 'PUBLISH', events: [event] }),
    deps: feedDeps([course._id]),
    title: event.summary,
  }
}
