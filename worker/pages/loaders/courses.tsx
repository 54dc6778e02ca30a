// Builders for /courses (a slim list query, then the page's cards) and /courses/:slug (one query),
// zod at the boundary, seat counts from D1 (best effort: the page still builds when they cannot
// be read).
import { AUDIENCES, COURSE_FORMATS, TOPICS } from '../../../schemas/choices'
import { courseCardsQuery, courseListQuery, courseQuery } from '../../content/queries'
import { course as courseSchema, courseCard, courseTiming } from '../../content/models'
import { portableTextToHtml } from '../../render/portable-text'
import { sessionSeatCounts } from '../../signups/store'
import {
  cardBoundaries,
  isUpcomingCourse,
  sessionBoundaries,
  sortCourses,
  type SeatCount,
} from '../course-logic'
import {
  deps,
  field,
  htmlPage,
  listPath,
  loadDocument,
  notFoundPage,
  pageParam,
  paginate,
  parseItems,
  parseSettings,
  staleAfter,
  type BuildContext,
  type BuiltPage,
} from '../kit'
import { CourseView } from '../views/course'
import { CoursesView, type CourseFilters } from '../views/courses'

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  values.find((x) => x === v)

export function courseFilters(url: URL): CourseFilters {
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
    ],
    page,
  )
}

export async function buildCourseList(ctx: BuildContext): Promise<BuiltPage> {
  const filters = courseFilters(ctx.url)
  const raw = await ctx.fetch(courseListQuery, {
    audience: filters.audience ?? null,
    topic: filters.topic ?? null,
    format: filters.format ?? null,
  })
  const settings = parseSettings(field(raw, 'settings'))
  const page = pageParam(ctx.url)
  // Every course matching the filters, slim: enough to split upcoming from past and to order.
  const all = parseItems(courseTiming, field(raw, 'courses')).map((m) => m.item)
  const matching = all.filter((c) => isUpcomingCourse(c, ctx.now) === (filters.when === 'upcoming'))
  const sorted = sortCourses(matching, ctx.now, filters.when)
  const { pages, slice: window } = paginate(sorted, page ?? 1)
  const cards =
    page === null || page > pages || window.length === 0
      ? []
      : parseItems(courseCard, await ctx.fetch(courseCardsQuery, { ids: window.map((c) => c._id) }))
  // The page's cards in the list's order; one unpublished between the two queries is left out.
  const slice = window.flatMap((w) => cards.filter((c) => c.item._id === w._id))
  const pageDeps = deps([field(raw, 'settings'), ...slice.map((m) => m.raw)], ['course'])
  if (page === null || page > pages) return notFoundPage(ctx, settings, pageDeps)
  const path = coursesHref(filters, page)
  return htmlPage({
    path,
    title: filters.when === 'past' ? 'Past courses' : 'Upcoming courses',
    deps: pageDeps,
    // Any course can move between upcoming and past, so all of them count, not just this page's.
    staleAt: staleAfter(ctx.now, cardBoundaries(all)),
    element: (
      <CoursesView
        env={ctx.env}
        settings={settings}
        path={path}
        filters={filters}
        courses={slice.map((m) => m.item)}
        total={sorted.length}
        page={page}
        pages={pages}
        now={ctx.now}
        href={coursesHref}
      />
    ),
  })
}

async function seatCounts(
  db: D1Database,
  courseId: string,
): Promise<Record<string, SeatCount> | undefined> {
  try {
    return await sessionSeatCounts(db, courseId)
  } catch {
    // Seats left are a nicety on a cached page; the registration endpoint enforces capacity.
    return undefined
  }
}

export async function buildCourse(ctx: BuildContext, slug: string): Promise<BuiltPage> {
  const found = await loadDocument(ctx, {
    query: courseQuery,
    slug,
    key: 'course',
    schema: courseSchema,
    type: 'course',
  })
  if ('notFound' in found) return found.notFound
  const { doc: c, settings } = found
  const path = `/courses/${c.slug}`
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
        counts={await seatCounts(ctx.env.DB, c._id)}
      />
    ),
  })
}
