// iCalendar pages: /sessions.ics, a subscription feed of every session still to come, and
// /courses/:slug/sessions/:key.ics, one session to add to a calendar (cancelled ones included, so
// a visitor holding an old copy learns that it is off).
import { z } from 'zod'
import { fetchContent, type Perspective } from '../../content/client'
import { text } from '../../content/fields'
import { feedCourse, type FeedCourse } from '../../content/models'
import { sessionFeedQuery, sessionIcsQuery, settingsQuery } from '../../content/queries'
import { calendar } from '../../lib/ics'
import type { BuiltPage } from '../build'
import { buildContext, deps, notFoundPage, parseSettings, staleAfter } from '../kit'
import { feedDeps } from './deps'
import { sessionEnd, sessionEvent, sessionPath, upcomingSessions } from './session-events'

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8'
export const SESSIONS_FEED_PATH = '/sessions.ics'
const SESSION_PATH = /^\/courses\/([^/]+)\/sessions\/([^/]+)\.ics$/

const feedResult = z.object({
  settings: z
    .object({ _id: text, title: text.optional().catch(undefined) })
    .nullable()
    .catch(null),
  courses: z.array(z.unknown()).catch([]),
})

/** Courses that fail validation are left out, never failing the whole feed. */
export function validCourses(values: unknown[]): FeedCourse[] {
  return values.flatMap((v) => {
    const r = feedCourse.safeParse(v)
    return r.success ? [r.data] : []
  })
}

export async function buildSessionsFeed(
  env: Env,
  perspective: Perspective = 'published',
  now: Date = new Date(),
): Promise<BuiltPage> {
  const data = feedResult.parse(await fetchContent(env, sessionFeedQuery, {}, perspective))
  const courses = validCourses(data.courses)
  const events = courses
    .flatMap((course) => upcomingSessions(course, now).map((s) => ({ course, s })))
    .sort((a, b) => Date.parse(a.s.start) - Date.parse(b.s.start))
    .map(({ course, s }) => sessionEvent(course, s, env.SITE_URL))
  const siteTitle = data.settings?.title ?? 'Safeguard'
  return {
    path: SESSIONS_FEED_PATH,
    status: 200,
    contentType: ICS_CONTENT_TYPE,
    body: calendar({ method: 'PUBLISH', name: `${siteTitle}: training sessions`, events, now }),
    // Every course read can gain or lose an upcoming session, so all of them are dependencies.
    deps: feedDeps([data.settings?._id, ...courses.map((c) => c._id)], ['course']),
    title: `${siteTitle}: training sessions`,
    // A session leaves the feed when it ends.
    staleAt: staleAfter(
      now,
      courses.flatMap((c) => upcomingSessions(c, now).map((s) => sessionEnd(s).getTime())),
    ),
  }
}

/** The course slug and session key of a single-session path, or null for any other path. */
export function matchSessionPath(pathname: string): { slug: string; key: string } | null {
  const m = SESSION_PATH.exec(pathname)
  if (!m || m[1] === undefined || m[2] === undefined) return null
  try {
    return { slug: decodeURIComponent(m[1]), key: decodeURIComponent(m[2]) }
  } catch {
    return { slug: m[1], key: m[2] }
  }
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
    // The site's own 404 page: people reach these links from course pages and emails.
    const ctx = buildContext(env, new URL(path, 'https://site.invalid'), perspective)
    const rawSettings = await ctx.fetch(settingsQuery)
    // A course published later under this slug must turn the 404 into a calendar.
    return notFoundPage(
      ctx,
      parseSettings(rawSettings),
      deps([rawSettings, course ? { _id: course._id } : null], ['course']),
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
