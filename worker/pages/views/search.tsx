// /search?q=: one form, results grouped by type (courses, campaigns, reports, news,
// organisations). Matching is simple word-prefix matching on titles and summaries.
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
  ReportCardView,
  truncate,
} from './components'
import { Layout } from './layout'

export type SearchResults = {
  courses: CourseCard[]
  campaigns: CampaignCard[]
  reports: ReportCard[]
  news: NewsCard[]
  organisations: (OrgSummary & { summary?: string })[]
}

export function SearchView(props: {
  env: Env
  settings: Settings
  path: string
  q: string
  results: SearchResults | null
  now: Date
}) {
  const r = props.results
  const total = r
    ? r.courses.length +
      r.campaigns.length +
      r.reports.length +
      r.news.length +
      r.organisations.length
    : 0
  return (
    <Layout
      env={props.env}
      settings={props.settings}
      meta={{
        title: props.q ? `Search results for “${props.q}”` : 'Search',
        path: props.path,
        noIndex: true,
      }}
      breadcrumbs={[{ label: 'Search' }]}
    >
      <h1>Search</h1>
      <form role="search" aria-label="Search page" method="get" action="/search" class="filters">
        <div class="field">
          <label for="search-q">Search courses, campaigns, reports, news and organisations</label>
          <input id="search-q" type="search" name="q" value={props.q} maxlength={100} />
        </div>
        <button type="submit">Search</button>
      </form>
      {r ? (
        <>
          <p class="lede">
            {total === 0
              ? `No results for “${props.q}”`
              : `${plural(total, 'result')} for “${props.q}”`}
          </p>
          {total === 0 ? <p>Check the spelling or try fewer or different words.</p> : null}
          {r.courses.length > 0 ? (
            <section aria-labelledby="results-courses" class="section">
              <h2 id="results-courses">Courses ({r.courses.length})</h2>
              <CardGrid>
                {r.courses.map((c) => (
                  <CourseCardView course={c} now={props.now} />
                ))}
              </CardGrid>
            </section>
          ) : null}
          {r.campaigns.length > 0 ? (
            <section aria-labelledby="results-campaigns" class="section">
              <h2 id="results-campaigns">Campaigns ({r.campaigns.length})</h2>
              <CardGrid>
                {r.campaigns.map((c) => (
                  <CampaignCardView campaign={c} />
                ))}
              </CardGrid>
            </section>
          ) : null}
          {r.reports.length > 0 ? (
            <section aria-labelledby="results-reports" class="section">
              <h2 id="results-reports">Reports ({r.reports.length})</h2>
              <CardGrid>
                {r.reports.map((x) => (
                  <ReportCardView report={x} />
                ))}
              </CardGrid>
            </section>
          ) : null}
          {r.news.length > 0 ? (
            <section aria-labelledby="results-news" class="section">
              <h2 id="results-news">News ({r.news.length})</h2>
              <CardGrid>
                {r.news.map((n) => (
                  <NewsCardView env={props.env} post={n} />
                ))}
              </CardGrid>
            </section>
          ) : null}
          {r.organisations.length > 0 ? (
            <section aria-labelledby="results-organisations" class="section">
              <h2 id="results-organisations">Organisations ({r.organisations.length})</h2>
              <ul>
                {r.organisations.map((o) => (
                  <li>
                    {o.slug ? <a href={`/organisations/${o.slug}`}>{o.name}</a> : o.name}
                    {o.summary ? `: ${truncate(o.summary, 160)}` : ''}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </Layout>
  )
}
