// /sitemap.xml: every canonical page of the site with the time its content last changed, for
// search engines. Documents marked noIndex are left out, as their pages ask robots to skip them.
import { z } from 'zod'
import { fetchContent, type Perspective } from '../../content/client'
import { optDateTime, text } from '../../content/fields'
import { sitemapDocument, type SitemapDocument } from '../../content/models'
import { sitemapQuery } from '../../content/queries'
import { absoluteUrl } from '../../render/urls'
import type { BuiltPage } from '../build'
import { feedDeps } from './deps'
import { escapeXml, latest } from './xml'

export const SITEMAP_PATH = '/sitemap.xml'

/** Where each document type has its own page. */
const DETAIL_PREFIX: Record<string, string> = {
  course: '/courses/',
  campaign: '/campaigns/',
  report: '/reports/',
  newsPost: '/news/',
  organisation: '/organisations/',
}
/** Listing pages and the document types each one shows. */
const LISTINGS: [path: string, types: string[]][] = [
  ['/', ['course', 'campaign', 'report', 'newsPost', 'contact']],
  ['/courses', ['course']],
  ['/campaigns', ['campaign']],
  ['/reports', ['report']],
  ['/news', ['newsPost']],
  ['/organisations', ['organisation']],
  ['/contacts', ['contact']],
]

const stamped = z.object({ _id: text, _updatedAt: optDateTime })
const sitemapResult = z.object({
  settings: stamped.nullable().catch(null),
  documents: z.array(z.unknown()).catch([]),
  contacts: z.array(stamped.catch({ _id: '', _updatedAt: undefined })).catch([]),
})

type Entry = { path: string; lastmod: string | undefined }

function urlElement(siteUrl: string, entry: Entry): string {
  const loc = `<loc>${escapeXml(absoluteUrl(siteUrl, entry.path))}</loc>`
  return `<url>${loc}${entry.lastmod ? `<lastmod>${entry.lastmod}</lastmod>` : ''}</url>`
}

export async function buildSitemap(
  env: Env,
  perspective: Perspective = 'published',
): Promise<BuiltPage> {
  const data = sitemapResult.parse(await fetchContent(env, sitemapQuery, {}, perspective))
  const documents = data.documents.flatMap((v): SitemapDocument[] => {
    const r = sitemapDocument.safeParse(v)
    return r.success && DETAIL_PREFIX[r.data._type] !== undefined ? [r.data] : []
  })
  const contacts = data.contacts.filter((c) => c._id !== '')
  // lastmod means "the content changed" (search engines ignore it when it moves on every
  // navigation tweak), so the site settings date only a listing that has nothing else.
  const settingsUpdated = data.settings?._updatedAt
  const stampsByType = new Map<string, (string | undefined)[]>([
    ['contact', contacts.map((c) => c._updatedAt)],
  ])
  for (const d of documents)
    stampsByType.set(d._type, [...(stampsByType.get(d._type) ?? []), d._updatedAt])

  const entries: Entry[] = LISTINGS.map(([path, types]) => ({
    path,
    lastmod: latest(types.flatMap((t) => stampsByType.get(t) ?? [])) ?? latest([settingsUpdated]),
  }))
  const details = documents
    .filter((d) => !d.noIndex)
    .map((d) => ({
      path: `${DETAIL_PREFIX[d._type] ?? '/'}${d.slug}`,
      lastmod: latest([d._updatedAt]),
    }))
    .sort((a, b) => a.path.localeCompare(b.path))
  entries.push(...details)

  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...entries.map((e) => urlElement(env.SITE_URL, e)),
    '</urlset>',
    '',
  ].join('\n')
  return {
    path: SITEMAP_PATH,
    status: 200,
    contentType: 'application/xml; charset=utf-8',
    body,
    deps: feedDeps(
      [data.settings?._id, ...documents.map((d) => d._id), ...contacts.map((c) => c._id)],
      [...Object.keys(DETAIL_PREFIX), 'contact'],
    ),
  }
}
