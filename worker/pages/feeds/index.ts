// The machine-readable pages (sitemap, robots, Atom, iCalendar) behind one entry point, so the
// page router (worker/pages/build.ts) needs a single call: buildFeed() answers the feed paths and
// returns null for everything else.
import { z } from 'zod'
import { fetchContent, type Perspective } from '../../content/client'
import { sessionFeedQuery } from '../../content/queries'
import type { BuiltPage } from '../build'
import { ATOM_PATH, buildAtomFeed } from './atom'
import { buildRobots, ROBOTS_PATH } from './robots'
import { sessionPath } from './session-events'
import {
  buildSessionIcs,
  buildSessionsFeed,
  matchSessionPath,
  SESSIONS_FEED_PATH,
  validCourses,
} from './sessions-ics'
import { buildSitemap, SITEMAP_PATH } from './sitemap'

export const FEED_PATHS = [SITEMAP_PATH, ROBOTS_PATH, ATOM_PATH, SESSIONS_FEED_PATH] as const

export async function buildFeed(
  env: Env,
  url: URL,
  opts: { perspective?: Perspective } = {},
): Promise<BuiltPage | null> {
  const perspective = opts.perspective ?? 'published'
  switch (url.pathname) {
    case SITEMAP_PATH:
      return buildSitemap(env, perspective)
    case ROBOTS_PATH:
      return buildRobots(env)
    case ATOM_PATH:
      return buildAtomFeed(env, perspective)
    case SESSIONS_FEED_PATH:
      return buildSessionsFeed(env, perspective)
  }
  const session = matchSessionPath(url.pathname)
  return session ? buildSessionIcs(env, session.slug, session.key, perspective) : null
}

/** Every feed path to prebuild: the fixed feeds and one .ics per course session. */
export async function feedPaths(env: Env): Promise<string[]> {
  const data = z
    .object({ courses: z.array(z.unknown()).catch([]) })
    .catch({ courses: [] })
    .parse(await fetchContent(env, sessionFeedQuery))
  const sessions = validCourses(data.courses).flatMap((c) =>
    c.sessions.map((s) => sessionPath(c.slug, s._key)),
  )
  return [...FEED_PATHS, ...sessions]
}
