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

export function benchRoutes(ds: GeneratedDataset): Route[] {
  const routes: Route[] = [
    { name: 'list', kind: 'listing', path: '/courses', what: '/courses listing' },
    {
      name: 'courses-page',
      kind: 'listing',
      path: '/courses?page=50',
      what: '/courses listing, page 50',
    },
    { name: 'news', kind: 'listing', path: '/news', what: '/news listing' },
    { name: 'news-page', kind: 'listing', path: '/news?page=50', what: '/news listing, page 50' },
    { name: 'reports', kind: 'listing', path: '/reports', what: '/reports listing' },
    { name: 'campaigns', kind: 'listing', path: '/campaigns', what: '/campaigns listing' },
    { name: 'contacts', kind: 'listing', path: '/contacts', what: '/contacts directory' },
    { name: 'home', kind: 'home', path: '/', what: 'home page' },
    { name: 'detail', kind: 'detail', path: FIXTURES.detailPath, what: 'course page (seed)' },
    {
      name: 'organisation',
      kind: 'detail',
      path: '/organisations/ecpat-uk',
      what: 'organisation page (provider of much generated content)',
    },
    {
      name: 'report',
      kind: 'detail',
      path: '/reports/ohchr-covid-19-trafficking-2020',
      what: 'report page',
    },
    {
      name: 'news-post',
      kind: 'detail',
      path: '/news/ecpat-uk-launches-free-learning-webinars',
      what: 'news post',
    },
    {
      name: 'campaign',
      kind: 'detail',
      path: '/campaigns/specialist-support-petition',
      what: 'campaign page',
    },
    { name: 'feed', kind: 'feed', path: '/feed.xml', what: 'Atom feed' },
    {
      name: 'calendar',
      kind: 'calendar',
      path: '/sessions.ics',
      what: 'all-sessions calendar',
    },
    { name: 'sitemap', kind: 'sitemap', path: '/sitemap.xml', what: 'sitemap (index)' },
    {
      name: 'search',
      kind: 'search',
      path: '/search?q=children+trafficking',
      what: 'search results (overview)',
    },
    {
      name: 'search-kind',
      kind: 'search',
      path: '/search?q=children+trafficking&type=report&page=2',
      what: 'search results, one kind, page 2',
    },
    {
      name: 'search-accents',
      kind: 'search',
      path: `/search?q=${encodeURIComponent('protecția copilului')}`,
      what: 'search with diacritics (Romanian)',
    },
    {
      name: 'search-emoji',
      kind: 'search',
      path: `/search?q=${encodeURIComponent('🛡️ trafficking')}`,
      what: 'search with an emoji',
    },
  ]
  const busy = busiestCourse(ds)
  if (busy) {
    routes.push(
      {
        name: 'course-sessions',
        kind: 'detail',
        path: `/courses/${busy.slug}`,
        what: 'generated course page with the most sessions',
      },
      {
        name: 'session-ics',
        kind: 'calendar',
        path: `/courses/${busy.slug}/sessions/${busy.key}.ics`,
        what: "one session's calendar file",
      },
    )
  }
  const org = slugOf(ds, ds.byType.organisation?.[0])
  if (org) {
    routes.push({
      name: 'organisation-gen',
      kind: 'detail',
      path: `/organisations/${org}`,
      what: 'generated organisation page',
    })
  }
  const report = slugOf(
    ds,
    ds.byType.report?.find((id) => id.endsWith('1')),
  )
  if (report) {
    routes.push({
      name: 'report-gen',
      kind: 'detail',
      path: `/reports/${report}`,
      what: 'generated report page',
    })
  }
  return routes
}
