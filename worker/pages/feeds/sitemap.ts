// /sitemap.xml: a sitemap index of bounded parts, for search engines. /sitemap-pages.xml lists the
// home page and the listings; /sitemap-<kind>-<n>.xml lists at most SITEMAP_PART_SIZE documents
// of one type, in creation order, with the time each last changed. An edit changes the one part
// listing the document; a new document changes the last part (or starts a new one, which the
// index then lists). Documents marked noIndex are left out, as their pages ask robots to skip
// them. Every part's query sends a bounded answer, whatever the size of the dataset.
import * as z from 'zod'
import type { Expect, Fits } from '../../content/query-types'
import type {
  SitemapCountsQueryResult,
  SitemapPagesQueryResult,
  SitemapPartQueryResult,
} from '../../sanity.types'
import {
  CONTENT_TYPE_NAMES,
  CONTENT_TYPES,
  isContentType,
  LISTING_PAGES,
  pagePath,
  SITEMAP_TYPES,
  type ContentTypeEntry,
  type PageType,
} from '../../../schemas/content-types'
import { fetchContent, type Perspective } from '../../content/client'
import { optDateTime, text } from '../../content/fields'
import { sitemapDocument, type SitemapDocument } from '../../content/models'
import { sitemapCountsQuery, sitemapPagesQuery, sitemapPartQuery } from '../../content/queries'
import { MEMBERS_PREFIX } from '../../cache/revisions'
import { absoluteUrl } from '../../lib/urls'
import type { BuiltPage } from '../kit'
import { feedDeps } from './deps'
import { escapeXml, latest } from './xml'

export const SITEMAP_PATH = '/sitemap.xml'
export const SITEMAP_PAGES_PATH = '/sitemap-pages.xml'
/** URLs per part (the protocol allows 50,000; a part this size builds well within the budget). */
export const SITEMAP_PART_SIZE = 1000
const XML = 'application/xml; charset=utf-8'

/** The types whose pages the sitemap lists, each in parts of its own. */
const TYPES: readonly PageType[] = SITEMAP_TYPES
/** Every type a listing page shows (the listings' lastmod follows their edits). */
const LISTED_TYPES = CONTENT_TYPE_NAMES.filter((t) =>
  LISTING_PAGES.some(([, ts]) => ts.includes(t)),
)
const PART_PATH = /^\/sitemap-([a-z]+)-([1-9][0-9]{0,5})\.xml$/

const partName = (type: string): string =>
  (isContentType(type) ? (CONTENT_TYPES[type] as ContentTypeEntry).sitemapPart : undefined) ?? type

function sitemapPartPath(type: string, n: number): string {
  return `/sitemap-${partName(type)}-${n}.xml`
}

/** The document type and 1-based number of a part's path, or null. */
export function matchSitemapPart(pathname: string): { type: string; n: number } | null {
  const m = PART_PATH.exec(pathname)
  const type = TYPES.find((t) => CONTENT_TYPES[t].sitemapPart === m?.[1])
  return m && type ? { type, n: Number(m[2]) } : null
}

const counts = z.record(z.string(), z.number().int().nonnegative().catch(0)).catch({})
type _CountsChecked = Expect<Fits<z.output<typeof counts>, SitemapCountsQueryResult>>

/** How many documents of each type have a page (from one bounded query). */
async function typeCounts(env: Env, perspective: Perspective): Promise<Map<string, number>> {
  const raw = counts.parse(await fetchContent(env, sitemapCountsQuery, {}, perspective))
  return new Map(TYPES.map((t) => [t, raw[t] ?? 0]))
}

/** Every part's path: the listings' and each type's, as many as its documents need. */
export async function sitemapPartPaths(
  env: Env,
  perspective: Perspective = 'published',
): Promise<string[]> {
  const n = await typeCounts(env, perspective)
  return [
    SITEMAP_PAGES_PATH,
    ...TYPES.flatMap((t) =>
      Array.from({ length: Math.ceil((n.get(t) ?? 0) / SITEMAP_PART_SIZE) }, (_, i) =>
        sitemapPartPath(t, i + 1),
      ),
    ),
  ]
}

const document = (body: string[]): string =>
  ['<?xml version="1.0" encoding="UTF-8"?>', ...body, ''].join('\n')

/** The index: one <sitemap> per part. It changes only when a type gains or loses a part. */
export async function buildSitemap(
  env: Env,
  perspective: Perspective = 'published',
): Promise<BuiltPage> {
  const parts = await sitemapPartPaths(env, perspective)
  return {
    path: SITEMAP_PATH,
    status: 200,
    contentType: XML,
    body: document([
      '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ...parts.map(
        (p) => `<sitemap><loc>${escapeXml(absoluteUrl(env.SITE_URL, p))}</loc></sitemap>`,
      ),
      '</sitemapindex>',
    ]),
    // Only a document appearing or leaving changes how many parts there are.
    deps: TYPES.map((t) => MEMBERS_PREFIX + t),
  }
}

type Entry = { path: string; lastmod: string | undefined }

function urlset(siteUrl: string, entries: Entry[]): string {
  return document([
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...entries.map((e) => {
      const loc = `<loc>${escapeXml(absoluteUrl(siteUrl, e.path))}</loc>`
      return `<url>${loc}${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`
    }),
    '</urlset>',
  ])
}

const pagesResult = z.object({
  settings: z.object({ _id: text, _updatedAt: optDateTime }).nullable().catch(null),
  latest: z.record(z.string(), optDateTime).catch({}),
})
type _PagesChecked = Expect<Fits<z.output<typeof pagesResult>, SitemapPagesQueryResult>>

/** The home page and the listings, each dated by the newest edit of what it lists. */
export async function buildSitemapPages(
  env: Env,
  perspective: Perspective = 'published',
): Promise<BuiltPage> {
  const data = pagesResult.parse(await fetchContent(env, sitemapPagesQuery, {}, perspective))
  // lastmod means "the content changed" (search engines ignore it when it moves on every
  // navigation tweak), so the site settings date only a listing that has nothing else.
  const entries = LISTING_PAGES.map(([path, types]) => ({
    path,
    lastmod: latest(types.map((t) => data.latest[t])) ?? latest([data.settings?._updatedAt]),
  }))
  return {
    path: SITEMAP_PAGES_PATH,
    status: 200,
    contentType: XML,
    body: urlset(env.SITE_URL, entries),
    deps: feedDeps([data.settings?._id], LISTED_TYPES),
  }
}

const partResult = z.object({ documents: z.array(z.unknown()).catch([]) })
type _PartChecked = Expect<Fits<z.output<typeof partResult>, SitemapPartQueryResult>>

/** Part `n` of a type's documents; null past the last part (the router answers 404). */
export async function buildSitemapPart(
  env: Env,
  type: string,
  n: number,
  perspective: Perspective = 'published',
  size = SITEMAP_PART_SIZE,
): Promise<BuiltPage | null> {
  const pageType = TYPES.find((t) => t === type)
  if (!pageType) return null
  const raw = await fetchContent(
    env,
    sitemapPartQuery,
    { type, partStart: (n - 1) * size, partEnd: n * size },
    perspective,
  )
  const listed = partResult.parse(raw).documents.flatMap((v): SitemapDocument[] => {
    const r = sitemapDocument.safeParse(v)
    return r.success && r.data._type === type ? [r.data] : []
  })
  if (listed.length === 0 && n > 1) return null
  const entries = listed
    .filter((d) => !d.noIndex)
    .map((d) => ({ path: pagePath(pageType, d.slug), lastmod: latest([d._updatedAt]) }))
  return {
    path: sitemapPartPath(type, n),
    status: 200,
    contentType: XML,
    body: urlset(env.SITE_URL, entries),
    // Its own documents (an edit), and the type's membership (a document created or removed can
    // move entries between parts); never the whole type, which every edit would change.
    deps: [...feedDeps(listed.map((d) => d._id)), MEMBERS_PREFIX + type],
  }
}
