// /search?q=: one form (words, and optionally one kind of result), then either an overview (how
// many courses, campaigns, reports, news posts and organisations match, with the first few of
// each and a link to all of them) or one kind's results a page at a time. Matching is simple
// word-prefix matching on titles and summaries.
import { pagePath } from '../../../schemas/content-types'
import { SEARCH_KINDS, type SearchKind } from '../../../schemas/content-types'
import type {
  CampaignCard,
  CourseCard,
  NewsCard,
  OrgSummary,
  ReportCard,
  Settings,
} from '../../content/models'
import { plural } from '../../render/format'
import {
  CampaignCardView,
  CardGrid,
  CourseCardView,
  NewsCardView,
  Pagination,
  ReportCardView,
  SelectField,
  truncate,
} from './components'
import { Layout, type Crumb } from './layout'

export type SearchItems = {
  course: CourseCard
  campaign: CampaignCard
  report: ReportCard
  news: NewsCard
  organisation: OrgSummary & { summary?: string }
}
export type Found<T> = { total: number; items: T[] }
export type SearchResults = { [K in SearchKind]: Found<SearchItems[K]> }

const NAMES: Record<SearchKind, { heading: string; one: string; many: string }> = {
  course: { heading: 'Courses', one: 'course', many: 'courses' },
  campaign: { heading: 'Campaigns', one: 'campaign', many: 'campaigns' },
  report: { heading: 'Reports', one: 'report', many: 'reports' },
  news: { heading: 'News', one: 'news post', many: 'news posts' },
  organisation: { heading: 'Organisations', one: 'organisation', many: 'organisations' },
}

/** The cards of one kind of result. */
function Results(props: { env: Env; now: Date; results: SearchResults; kind: SearchKind }) {
  const r = props.results
  switch (props.kind) {
    case 'course':
      return (
        <CardGrid>
          {r.course.items.map((c) => (
            <CourseCardView course={c} now={props.now} />
          ))}
        </CardGrid>
      )
    case 'campaign':
      return (
        <CardGrid>
          {r.campaign.items.map((c) => (
            <CampaignCardView campaign={c} />
          ))}
        </CardGrid>
      )
    case 'report':
      return (
        <CardGrid>
          {r.report.items.map((x) => (
            <ReportCardView report={x} />
          ))}
        </CardGrid>
      )
    case 'news':
      return (
        <CardGrid>
          {r.news.items.map((n) => (
            <NewsCardView env={props.env} post={n} />
          ))}
        </CardGrid>
      )
    case 'organisation':
      return (
        <ul>
          {r.organisation.items.map((o) => (
            <li>
              {o.slug ? <a href={pagePath('organisation', o.slug)}>{o.name}</a> : o.name}
              {o.summary ? `: ${truncate(o.summary, 160)}` : ''}
            </li>
          ))}
        </ul>
      )
  }
}

export function SearchView(props: {
  env: Env
  settings: Settings
  path: string
  q: string
  /** null before anything was searched for. */
  results: SearchResults | null
  /** Set when the visitor asked for one kind of result: which, and the page of it shown. */
  only?: { kind: SearchKind; page: number; pages: number }
  /** The path of the results of one kind (a page of it), or of the overview (no kind). */
  href?: (kind: SearchKind | undefined, page: number) => string
  now: Date
}) {
  const { results: r, only, q } = props
  const href = props.href ?? (() => '/search')
  const total = r ? SEARCH_KINDS.reduce((sum, k) => sum + r[k].total, 0) : 0
  const crumbs: Crumb[] = only
    ? [{ label: 'Search', href: href(undefined, 1) }, { label: NAMES[only.kind].heading }]
    : [{ label: 'Search' }]
  return (
    <Layout
      env={props.env}
      settings={props.settings}
      meta={{
        title: q ? `Search results for “${q}”` : 'Search',
        path: props.path,
        noIndex: true,
      }}
      breadcrumbs={crumbs}
    >
      <h1>Search</h1>
      <form role="search" aria-label="Search page" method="get" action="/search" class="filters">
        <div class="field">
          <label for="search-q">Search courses, campaigns, reports, news and organisations</label>
          <input id="search-q" type="search" name="q" value={q} maxlength={100} />
        </div>
        <SelectField
          id="search-type"
          name="type"
          label="Show"
          value={only?.kind}
          anyLabel="All kinds of result"
          options={SEARCH_KINDS.map((k) => ({ value: k, title: NAMES[k].heading }))}
        />
        <button type="submit">Search</button>
      </form>
      {r && only ? (
        <section aria-labelledby="results-heading" class="section">
          <h2 id="results-heading">
            {NAMES[only.kind].heading} ({r[only.kind].total})
          </h2>
          <p class="lede">
            {r[only.kind].total === 0
              ? `No ${NAMES[only.kind].many} match “${q}”`
              : `${plural(r[only.kind].total, NAMES[only.kind].one, NAMES[only.kind].many)} ` +
                `for “${q}”` +
                (only.pages > 1 ? `, page ${only.page} of ${only.pages}` : '')}
          </p>
          <Results env={props.env} now={props.now} results={r} kind={only.kind} />
          <Pagination page={only.page} pages={only.pages} href={(p) => href(only.kind, p)} />
          <p>
            <a href={href(undefined, 1)}>All results for “{q}”</a>
          </p>
        </section>
      ) : r ? (
        <>
          <p class="lede">
            {total === 0 ? `No results for “${q}”` : `${plural(total, 'result')} for “${q}”`}
          </p>
          {total === 0 ? <p>Check the spelling or try fewer or different words.</p> : null}
          {SEARCH_KINDS.filter((k) => r[k].total > 0).map((k) => (
            <section aria-labelledby={`results-${k}`} class="section">
              <h2 id={`results-${k}`}>
                {NAMES[k].heading} ({r[k].total})
              </h2>
              <Results env={props.env} now={props.now} results={r} kind={k} />
              {r[k].total > r[k].items.length ? (
                <p>
                  <a href={href(k, 1)}>
                    All {plural(r[k].total, NAMES[k].one, NAMES[k].many)} for “{q}”
                  </a>
                </p>
              ) : null}
            </section>
          ))}
        </>
      ) : null}
    </Layout>
  )
}
