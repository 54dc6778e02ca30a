// The page-building contract: buildPage turns a URL into a
// finished page with the documents it depends on; canonicalPaths lists every page to prebuild.
// The cache layer stores what this returns; nothing here reads or writes the page store.
import {
  PAGE_TYPES,
  pagePath,
  typeForSegment,
  type ListingPath,
  type PageType,
} from '../../schemas/content-types'
import type { Perspective } from '../content/client'
import { fetchContent } from '../content/client'
import { pageSlugsQuery, settingsQuery } from '../content/queries'
import { isUrlSafeSlug } from '../lib/urls'
import { buildFeed, feedPaths } from './feeds'
import { buildContext, deps, notFoundPage, type BuildContext, type BuiltPage } from './kit'
import { parseSettings } from '../content/settings'
import { field } from '../content/raw-results'
import { buildCampaign, buildCampaignList } from './loaders/campaigns'
import { buildCourse, buildCourseList } from './loaders/courses'
import { buildContacts, buildOrganisation, buildOrganisationList } from './loaders/directory'
import { buildHome } from './loaders/home'
import { buildNewsList, buildNewsPost } from './loaders/news'
import { buildReport, buildReportList } from './loaders/reports'
import { buildSearch } from './loaders/search'

export type { BuiltPage } from './kit'

type Builder = (ctx: BuildContext) => Promise<BuiltPage>
type SlugBuilder = (ctx: BuildContext, slug: string) => Promise<BuiltPage>

// Each listing page's builder, by its path in the content-type registry, and the pages that
// list no single type. A listing the registry names without a builder here fails the type check.
const LISTINGS: Record<ListingPath, Builder> = {
  '/courses': buildCourseList,
  '/campaigns': buildCampaignList,
  '/reports': buildReportList,
  '/organisations': buildOrganisationList,
  '/contacts': buildContacts,
  '/news': buildNewsList,
}
const LISTS: Record<string, Builder> = { '/': buildHome, ...LISTINGS, '/search': buildSearch }

// Each type's detail page builder; the URL prefix comes from the registry.
const DETAILS: Record<PageType, SlugBuilder> = {
  course: buildCourse,
  campaign: buildCampaign,
  report: buildReport,
  organisation: buildOrganisation,
  newsPost: buildNewsPost,
}

function decodeSlug(segment: string): string | null {
  try {
    const slug = decodeURIComponent(segment)
    return isUrlSafeSlug(slug) ? slug : null
  } catch {
    return null
  }
}

export async function buildPage(
  env: Env,
  url: URL,
  opts?: { perspective?: Perspective },
): Promise<BuiltPage | null> {
  const ctx = buildContext(env, url, opts?.perspective ?? 'published')
  // Machine-readable pages first (sitemap, robots, Atom, iCalendar; worker/pages/feeds).
  const feed = await buildFeed(env, url, { perspective: ctx.perspective })
  if (feed) return feed
  const list = LISTS[url.pathname]
  if (list) return list(ctx)
  const m = /^\/([a-z]+)\/([^/]+)$/.exec(url.pathname)
  const type = m ? typeForSegment(m[1] ?? '') : undefined
  if (!m || !type) return null
  const slug = decodeSlug(m[2] ?? '')
  if (slug === null) {
    // Not a slug an editor could have made: no query needed beyond the settings.
    const rawSettings = await ctx.fetch(settingsQuery)
    return notFoundPage(ctx, parseSettings(rawSettings), deps([rawSettings], [type]))
  }
  return DETAILS[type](ctx, slug)
}

/** Every page path to prebuild (no query strings): the fixed pages and every document's page. */
export async function canonicalPaths(env: Env): Promise<string[]> {
  const [raw, feeds] = await Promise.all([fetchContent(env, pageSlugsQuery), feedPaths(env)])
  const paths = Object.keys(LISTS).filter((p) => p !== '/search')
  for (const type of PAGE_TYPES) {
    const slugs = field(raw, type)
    if (!Array.isArray(slugs)) continue
    for (const slug of slugs) {
      if (typeof slug === 'string' && isUrlSafeSlug(slug)) paths.push(pagePath(type, slug))
    }
  }
  return [...new Set([...paths, ...feeds])]
}

export {
  buildGonePage,
  buildMovedPage,
  buildNotFoundPage,
  buildUnavailablePage,
} from './status-pages'
