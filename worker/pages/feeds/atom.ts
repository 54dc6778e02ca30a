// /feed.xml: an Atom 1.0 feed (RFC 4287) of news posts and reports, newest first, for feed
// readers and partner sites. Entry ids come from document ids, so renaming a slug does not make
// readers show an old post again.
import { pagePath } from '../../../schemas/content-types'
import * as z from 'zod'
import type { Expect, Fits } from '../../content/query-types'
import type { AtomFeedQueryResult } from '../../sanity.types'
import { REPORT_KINDS_TITLES, TOPICS_TITLES, type Topic } from '../../../schemas/choices'
import { fetchContent, type Perspective } from '../../content/client'
import { optDateTime, optText, text } from '../../content/fields'
import { feedNews, feedReport, type FeedNews, type FeedReport } from '../../content/models'
import { atomFeedQuery } from '../../content/queries'
import { absoluteUrl } from '../../lib/urls'
import type { BuiltPage } from '../kit'
import { feedDeps } from './deps'
import { element, escapeXml, isoDateTime, latest } from './xml'

export const ATOM_PATH = '/feed.xml'
const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8'
const MAX_ENTRIES = 50

const atomResult = z.object({
  settings: z
    .object({
      _id: text,
      _updatedAt: optDateTime,
      title: optText,
      tagline: optText,
      organisation: z.object({ _id: text, name: text }).nullable().catch(null),
    })
    .nullable()
    .catch(null),
  news: z.array(z.unknown()).catch([]),
  reports: z.array(z.unknown()).catch([]),
})
type _Checked = Expect<Fits<z.output<typeof atomResult>, AtomFeedQueryResult>>

type Entry = {
  id: string
  path: string
  title: string
  published: string | undefined
  updated: string | undefined
  summary: string | undefined
  authors: string[]
  categories: { term: string; label: string }[]
}

function valid<T>(schema: z.ZodType<T>, values: unknown[]): T[] {
  return values.flatMap((v) => {
    const r = schema.safeParse(v)
    return r.success ? [r.data] : []
  })
}

const topicCategories = (topics: Topic[]) =>
  topics.map((t) => ({ term: t, label: TOPICS_TITLES[t] }))

function newsEntry(n: FeedNews): Entry {
  return {
    id: n._id,
    path: pagePath('newsPost', n.slug),
    title: n.title,
    published: n.publishedAt,
    updated: n._updatedAt,
    summary: n.excerpt,
    authors: [],
    categories: [{ term: 'news', label: 'News' }, ...topicCategories(n.topics)],
  }
}

function reportEntry(r: FeedReport): Entry {
  const kind = r.kind ? [{ term: r.kind, label: REPORT_KINDS_TITLES[r.kind] }] : []
  return {
    id: r._id,
    path: pagePath('report', r.slug),
    title: r.title,
    published: r.publishedAt,
    updated: r._updatedAt,
    summary: r.summary,
    authors: r.authors,
    categories: [{ term: 'report', label: 'Report' }, ...kind, ...topicCategories(r.topics)],
  }
}

function entryXml(siteUrl: string, host: string, e: Entry, fallbackUpdated: string): string {
  const href = escapeXml(absoluteUrl(siteUrl, e.path))
  const published = e.published === undefined ? undefined : isoDateTime(e.published)
  // Atom requires <updated>; it should never precede <published>.
  const updated = latest([e.updated, e.published]) ?? fallbackUpdated
  return [
    '<entry>',
    `<id>tag:${escapeXml(host)},2025:${escapeXml(e.id)}</id>`,
    element('title', e.title, ' type="text"'),
    `<link rel="alternate" type="text/html" href="${href}"/>`,
    published ? `<published>${published}</published>` : '',
    `<updated>${updated}</updated>`,
    ...e.authors.map((a) => `<author>${element('name', a)}</author>`),
    ...e.categories.map(
      (c) => `<category term="${escapeXml(c.term)}" label="${escapeXml(c.label)}"/>`,
    ),
    element('summary', e.summary, ' type="text"'),
    '</entry>',
  ].join('')
}

const byNewest = (a: Entry, b: Entry) =>
  (Date.parse(b.published ?? '') || 0) - (Date.parse(a.published ?? '') || 0) ||
  a.path.localeCompare(b.path)

export async function buildAtomFeed(
  env: Env,
  perspective: Perspective = 'published',
): Promise<BuiltPage> {
  const data = atomResult.parse(await fetchContent(env, atomFeedQuery, {}, perspective))
  const news = valid(feedNews, data.news)
  const reports = valid(feedReport, data.reports)
  const entries = [...news.map(newsEntry), ...reports.map(reportEntry)]
    .sort(byNewest)
    .slice(0, MAX_ENTRIES)
  const siteTitle = data.settings?.title ?? 'Safeguard'
  const author = data.settings?.organisation?.name ?? siteTitle
  const feedUrl = absoluteUrl(env.SITE_URL, ATOM_PATH)
  const host = new URL(feedUrl).hostname
  // Derived from content only (never "now"), so an unchanged feed rebuilds byte-identical.
  const updated =
    latest([...entries.map((e) => e.updated), ...entries.map((e) => e.published)]) ??
    latest([data.settings?._updatedAt]) ??
    '2025-01-01T00:00:00Z'
  const title = `${siteTitle}: news and reports`
  const body = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
    `<id>${escapeXml(feedUrl)}</id>`,
    element('title', title, ' type="text"'),
    element('subtitle', data.settings?.tagline, ' type="text"'),
    `<updated>${updated}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feedUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(absoluteUrl(env.SITE_URL, '/'))}"/>`,
    `<author>${element('name', author)}</author>`,
    ...entries.map((e) => entryXml(env.SITE_URL, host, e, updated)),
    '</feed>',
    '',
  ].join('\n')
  return {
    path: ATOM_PATH,
    status: 200,
    contentType: ATOM_CONTENT_TYPE,
    body,
    deps: feedDeps(
      [data.settings?._id, data.settings?.organisation?._id, ...entries.map((e) => e.id)],
      ['newsPost', 'report'],
    ),
    title,
  }
}
