// Every kind of response a visitor (or a feed reader, calendar or crawler) can ask for, as the
// bench's uncached-render rows. One list, grouped by kind: a new route is one line here. Paths
// that need a generated document take it from the dataset, so they exist at every size.
import { FIXTURES, type GeneratedDataset } from './dataset'

export type Route = {
  /** Scenario name (`render-<name>` in the tables). */
  name: string
  kind: 'listing' | 'detail' | 'feed' | 'calendar' | 'sitemap' | 'search' | 'home'
  path: string
  what: string
}

const slugOf = (ds: GeneratedDataset, id: string | undefined): string | null => {
  if (!id) return null
  const doc = ds.docs.find((d) => d._id === id)
  const slug = doc?.slug as { current?: unknown } | undefined
  return typeof slug?.current === 'string' ? slug.current : null
}

/** A generated course with the most sessions (its page and calendar are the largest). */
function busiestCourse(ds: GeneratedDataset): { slug: string; key: string } | null {
  let best: { slug: string; key: string; n: number } | null = null
  for (const id of (ds.byType.course ?? []).slice(0, 500)) {
    const doc = ds.docs.find((d) => d._id === id)
    const sessions = (doc?.sessions ?? []) as { _key?: string; status?: string }[]
    const slug = slugOf(ds, id)
    const key = sessions.find((s) => s.status === 'scheduled')?._key
    if (slug && key && (!best || sessions.length > best.n)) best = { slug, key, n: sessions.length }
  }
  return best
}

/**
 * A route's name, path and description, as one row of a kind's table. A path that needs a
 * generated document is empty where the dataset has none, and leaves its row out.
 */
type Row = [name: string, path: string | null, what: string]

const ofKind = (kind: Route['kind'], rows: Row[]): Route[] =>
  rows.flatMap(([name, path, what]) => (path ? [{ name, kind, path, what }] : []))

export function benchRoutes(ds: GeneratedDataset): Route[] {
  const busy = busiestCourse(ds)
  const org = slugOf(ds, ds.byType.organisation?.[0])
  const report = slugOf(
    ds,
    ds.byType.report?.find((id) => id.endsWith('1')),
  )
  return [
    ...ofKind('listing', [
      ['list', '/courses', '/courses listing'],
      ['courses-page', '/courses?page=50', '/courses listing, page 50'],
      ['news', '/news', '/news listing'],
      ['news-page', '/news?page=50', '/news listing, page 50'],
      ['reports', '/reports', '/reports listing'],
      ['campaigns', '/campaigns', '/campaigns listing'],
      ['contacts', '/contacts', '/contacts directory'],
    ]),
    ...ofKind('home', [['home', '/', 'home page']]),
    ...ofKind('detail', [
      ['detail', FIXTURES.detailPath, 'course page (seed)'],
      [
        'organisation',
        '/organisations/ecpat-uk',
        'organisation page (provider of much generated content)',
      ],
      ['report', '/reports/ohchr-covid-19-trafficking-2020', 'report page'],
      ['news-post', '/news/ecpat-uk-launches-free-learning-webinars', 'news post'],
      ['campaign', '/campaigns/specialist-support-petition', 'campaign page'],
    ]),
    ...ofKind('feed', [['feed', '/feed.xml', 'Atom feed']]),
    ...ofKind('calendar', [['calendar', '/sessions.ics', 'all-sessions calendar']]),
    ...ofKind('sitemap', [['sitemap', '/sitemap.xml', 'sitemap (index)']]),
    ...ofKind('search', [
      ['search', '/search?q=children+trafficking', 'search results (overview)'],
      [
        'search-kind',
        '/search?q=children+trafficking&type=report&page=2',
        'search results, one kind, page 2',
      ],
      [
        'search-accents',
        `/search?q=${encodeURIComponent('protecția copilului')}`,
        'search with diacritics (Romanian)',
      ],
      ['search-emoji', `/search?q=${encodeURIComponent('🛡️ trafficking')}`, 'search with an emoji'],
    ]),
    // Pages of generated documents.
    ...ofKind('detail', [
      [
        'course-sessions',
        busy && `/courses/${busy.slug}`,
        'generated course page with the most sessions',
      ],
    ]),
    ...ofKind('calendar', [
      [
        'session-ics',
        busy && `/courses/${busy.slug}/sessions/${busy.key}.ics`,
        "one session's calendar file",
      ],
    ]),
    ...ofKind('detail', [
      ['organisation-gen', org && `/organisations/${org}`, 'generated organisation page'],
      ['report-gen', report && `/reports/${report}`, 'generated report page'],
    ]),
  ]
}
