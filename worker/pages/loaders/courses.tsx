// Builders for /courses (one query: the store filters, orders and counts, and sends the page's
// cards) and /courses/:slug (one query), zod at the boundary, seat counts from D1 (best effort: the page still builds when they cannot
// be read).
import { pagePath } from '../../../schemas/content-types'
import { AUDIENCES, COURSE_FORMATS, TOPICS } from '../../../schemas/choices'
import { courseListPastQuery, courseListUpcomingQuery, courseQuery } from '../../content/queries'
import { course, courseCard, type Session } from '../../content/models'
import { portableTextToHtml } from '../../render/portable-text'
import { sessionSeatCounts } from '../../signups/store'
import { sessionEnd } from '../../content/session-time'
import { sessionBoundaries, sortCourses } from '../course-logic'
import {
  deps,
  documentSource,
  listParams,
  listWindow,
  htmlPage,
  listOrganisation,
  listPath,
  loadDocument,
  notFoundPage,
  pageParam,
  sideRead,
  slugParam,
  staleAfter,
  type BuildContext,
  type BuiltPage,
} from '../kit'
import { parseSettings } from '../../content/settings'
import { field } from '../../content/raw-results'
import { CourseView } from '../views/course'
import { CoursesView, type CourseFilters } from '../views/courses'

// The course page's document, as loadDocument (kit.tsx) reads it.
const COURSE = documentSource('course', courseQuery, 'course', course)

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  values.find((x) => x === v)

function courseFilters(url: URL): CourseFilters {
  const q = url.searchParams
  return {
    when: q.get('when') === 'past' ? 'past' : 'upcoming',
    audience: oneOf(AUDIENCES, q.get('audience')),
    topic: oneOf(TOPICS, q.get('topic')),
    format: oneOf(COURSE_FORMATS, q.get('format')),
  }
}

function coursesHref(f: CourseFilters, page: number): string {
  return listPath(
    '/courses',
    [
      ['when', f.when === 'past' ? 'past' : undefined],
      ['audience', f.audience],
      ['topic', f.topic],
      ['format', f.format],
      ['organisation', f.organisation?.slug],
    ],
    page,
  )
}

export async function buildCourseList(ctx: BuildContext): Promise<BuiltPage> {
  const asked = courseFilters(ctx.url)
  const raw = await ctx.fetch(
    asked.when === 'past' ? courseListPastQuery : courseListUpcomingQuery,
    {
      audience: asked.audience ?? null,
      topic: asked.topic ?? null,
      format: asked.format ?? null,
      organisation: slugParam(ctx.url.searchParams.get('organisation')),
      now: ctx.now.toISOString(),
      ...listParams(ctx.url),
    },
  )
  // An organisation filter counts only when the store knew the organisation (it ignores others).
  const organisation = listOrganisation(field(raw, 'org'))
  const filters: CourseFilters = organisation ? { ...asked, organisation } : asked
  const settings = parseSettings(field(raw, 'settings'))
  const page = pageParam(ctx.url)
  const window = listWindow(raw, page, courseCard)
  const { total, pages } = window
  // The page's cards in the store's order, sorted again here only so ties go by title as a
  // reader expects.
  const rawOf = new Map(window.slice.map((c) => [c.item, c.raw]))
  const slice = sortCourses([...rawOf.keys()], ctx.now, filters.when)
  const pageDeps = deps([field(raw, 'settings'), ...slice.map((c) => rawOf.get(c))], ['course'])
  if (page === null || page > pages) return notFoundPage(ctx, settings, pageDeps)
  const path = coursesHref(filters, page)
  const nextEnd = field(raw, 'nextEnd')
  return htmlPage({
    path,
    title: filters.when === 'past' ? 'Past courses' : 'Upcoming courses',
    deps: pageDeps,
    // Any course can move between upcoming and past, so every session's end counts (the store
    // gives the first one after now, in seconds), not just this page's.
    staleAt: staleAfter(ctx.now, [
      typeof nextEnd === 'number' ? ctx.now.getTime() + Math.round(nextEnd * 1000) : undefined,
    ]),
    element: (
      <CoursesView
        env={ctx.env}
        settings={settings}
        path={path}
        filters={filters}
        courses={slice}
        total={total}
        page={page}
        pages={pages}
        now={ctx.now}
        href={coursesHref}
      />
    ),
  })
}

// Seat counts change what a session shows only while it can still take people: it has a capacity,
// is not cancelled or postponed, and is not over. A course with no such session skips the D1 read.
function showsSeats(c: { sessions: Session[] }, now: Date): boolean {
  return c.sessions.some(
    (s) =>
      s.capacity !== undefined &&
      s.status !== 'cancelled' &&
      s.status !== 'postponed' &&
      sessionEnd(s) > now.getTime(),
  )
}

// Seat counts, read from D1 alongside the content once this isolate knows the course.
const seatCountsFor = sideRead(sessionSeatCounts)

export async function buildCourse(ctx: BuildContext, slug: string): Promise<BuiltPage> {
  const countsFor = seatCountsFor(ctx, slug)
  const found = await loadDocument(ctx, COURSE, slug)
  if ('notFound' in found) return found.notFound
  const { doc: c, settings } = found
  const counts = await countsFor(c._id, showsSeats(c, ctx.now))
  const path = pagePath('course', c.slug)
  return htmlPage({
    path,
    title: c.title,
    deps: found.deps,
    staleAt: staleAfter(ctx.now, c.sessions.flatMap(sessionBoundaries)),
    element: (
      <CourseView
        env={ctx.env}
        settings={settings}
        course={c}
        bodyHtml={portableTextToHtml(ctx.env, c.body)}
        path={path}
        now={ctx.now}
        counts={counts}
      />
    ),
  })
}
