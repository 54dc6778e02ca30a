// The machine-readable pages (sitemap, robots, Atom, iCalendar) behind one entry point, so the
// page router (worker/pages/build.ts) needs a single call: buildFeed() answers the feed paths and
// returns null for everything else.
import * as z from 'zod'
import type { Expect, Fits } from '../../content/query-types'
import type { SessionPathsQueryResult } from '../../sanity.types'
import { fetchContent, type Perspective } from '../../content/client'
import { sessionPathsQuery } from '../../content/queries'
import { isUrlSafeSlug } from '../../lib/urls'
import type { BuiltPage } from '../kit'
import { ATOM_PATH, buildAtomFeed } from './atom'
import { buildRobots, ROBOTS_PATH } from './robots'
import { courseCalendarPath, SESSIONS_FEED_PATH, sessionPath } from './session-events'
import { buildSessionIcs, buildSubscriptionCalendar, matchSessionPath } from './sessions-ics'
import {
  buildSitemap,
  buildSitemapPages,
  buildSitemapPart,
  matchSitemapPart,
  SITEMAP_PAGES_PATH,
  SITEMAP_PATH,
  sitemapPartPaths,
} from './sitemap'

// As the content model's session keys (worker/content/models.ts).
const SESSION_KEY = /^[A-Za-z0-9_-]{1,64}$/

const FEED_PATHS = [SITEMAP_PATH, ROBOTS_PATH, ATOM_PATH, SESSIONS_FEED_PATH] as const

export async function buildFeed(
  env: Env,
  url: URL,
  opts: { perspective?: Perspective } = {},
): Promise<BuiltPage | null> {
  const perspective = opts.perspective ?? 'published'
  switch (url.pathname) {
    case SITEMAP_PATH:
      return buildSitemap(env, perspective)
    case SITEMAP_PAGES_PATH:
      return buildSitemapPages(env, perspective)
    case ROBOTS_PATH:
      return buildRobots(env)
    case ATOM_PATH:
      return buildAtomFeed(env, perspective)
  }
  const part = matchSitemapPart(url.pathname)
  if (part) return buildSitemapPart(env, part.type, part.n, perspective)
  const session = matchSessionPath(url.pathname)
  if (session) return buildSessionIcs(env, session.slug, session.key, perspective)
  return buildSubscriptionCalendar(env, url.pathname, perspective)
}

const sessionPathsResult = z
  .object({
    courses: z
      .array(
        z
          .object({ slug: z.string(), keys: z.array(z.string()).catch([]) })
          .nullable()
          .catch(null),
      )
      .catch([]),
  })
  .catch({ courses: [] })
type _Checked = Expect<Fits<z.output<typeof sessionPathsResult>, SessionPathsQueryResult>>

/**
 * Every feed path to prebuild: the fixed feeds, the sitemap's parts, and each course's calendar
 * and session .ics.
 */
export async function feedPaths(env: Env): Promise<string[]> {
  const [raw, parts] = await Promise.all([
    fetchContent(env, sessionPathsQuery),
    sitemapPartPaths(env),
  ])
  const data = sessionPathsResult.parse(raw)
  const sessions = data.courses.flatMap((c) =>
    c && isUrlSafeSlug(c.slug)
      ? [
          courseCalendarPath(c.slug),
          ...c.keys.filter((k) => SESSION_KEY.test(k)).map((k) => sessionPath(c.slug, k)),
        ]
      : [],
  )
  return [...FEED_PATHS, ...parts, ...sessions]
}
