// /search?q=: one form (words, and optionally a kind of result, a topic and an organisation;
// plain GET, no script needed), then the results in rank order, 12 to a page, each card saying
// what kind of result it is, with how many results each kind has as links that narrow to it.
import { TOPICS, TOPICS_TITLES, type Topic } from '../../../schemas/choices'
import { pagePath } from '../../../schemas/content-types'
import type {
  CampaignCard,
  Contact,
  CourseCard,
  NewsCard,
  OrgSummary,
  ReportCard,
  Settings,
} from '../../content/models'
import { formatCount, plural } from '../../render/format'
import { KIND_OF_TYPE, type SearchKind } from '../../search/index-writer'
import { CampaignCardView, CourseCardView, NewsCardView, ReportCardView, truncate } from './cards'
import { choiceOptions, Pagination, SelectField } from './layout'
import { ContactCard } from './contacts'
import { Layout } from '../../ui/layout'

export type { SearchKind }
export const SEARCH_KINDS: readonly SearchKind[] = Object.values(KIND_OF_TYPE)

export type Result =
  | { kind: 'course'; item: CourseCard }
  | { kind: 'campaign'; item: CampaignCard }
  | { kind: 'report'; item: ReportCard }
  | { kind: 'news'; item: NewsCard }
  | { kind: 'organisation'; item: OrgSummary & { summary?: string } }
  | { kind: 'contact'; item: Contact }

export type SearchFiltersShown = {
  kind?: SearchKind
  topic?: Topic
  organisation?: { slug: string; name: string }
}

export type SearchAnswer = {
  total: number
  /** Results of each kind under the topic and organisation filters. */
  counts: Partial<Record<SearchKind, number>>
  /** Counts above this are shown as "more than" it: only the newest this many are ranked. */
  ranked: number
  results: Result[]
  page: number
  pages: number
  /** The query had no letters or digits (only emoji or punctuation, say). */
  noWords: boolean
}

const NAMES: Record<SearchKind, { heading: string; one: string; many: string }> = {
  course: { heading: 'Courses', one: 'course', many: 'courses' },
  campaign: { heading: 'Campaigns', one: 'campaign', many: 'campaigns' },
  report: { heading: 'Reports', one: 'report', many: 'reports' },
  news: { heading: 'News', one: 'news post', many: 'news posts' },
  organisation: { heading: 'Organisations', one: 'organisation', many: 'organisations' },
  contact: { heading: 'Contacts', one: 'contact', many: 'contacts' },
}
const KIND_LABEL: Record<SearchKind, string> = {
  course: 'Course',
  campaign: 'Campaign',
  report: 'Report',
  news: 'News',
  organisation: 'Organisation',
  contact: 'Contact',
}

function ResultCard(props: { env: Env; now: Date; result: Result }) {
  const r = props.result
  switch (r.kind) {
    case 'course':
      return <CourseCardView course={r.item} now={props.now} />
    case 'campaign':
      return <CampaignCardView campaign={r.item} />
    case 'report':
      return <ReportCardView report={r.item} />
    case 'news':
      return <NewsCardView env={props.env} post={r.item} />
    case 'organisation':
      return (
        <article class="card">
          <h3>
            {r.item.slug ? (
              <a href={pagePath('organisation', r.item.slug)}>{r.item.name}</a>
            ) : (
              r.item.name
            )}
          </h3>
          {r.item.summary ? <p>{truncate(r.item.summary, 220)}</p> : null}
        </article>
      )
    case 'contact':
      return <ContactCard c={r.item} />
  }
}

export function SearchView(props: {
  env: Env
  settings: Settings
  path: string
  q: string
  filters: SearchFiltersShown
  options: { orgs: { slug: string; name: string }[] }
  /** null before anything was searched for. */
  answer: SearchAnswer | null
  href: (filters: SearchFiltersShown, page: number) => string
  now: Date
}) {
  const { answer: a, filters: f, q } = props
  const what = f.kind ? NAMES[f.kind] : { one: 'result', many: 'results' }
  const count = (n: number) => (a && n > a.ranked ? `${formatCount(a.ranked)}+` : formatCount(n))
  return (
    <Layout
      env={props.env}
      settings={props.settings}
      meta={{
        title: q ? `Search results for “${q}”` : 'Search',
        path: props.path,
        noIndex: true,
      }}
      breadcrumbs={[{ label: 'Search' }]}
    >
      <h1>Search</h1>
      <form role="search" aria-label="Search page" method="get" action="/search" class="filters">
        <div class="field">
          <label for="search-q">
            Search courses, campaigns, reports, news, organisations and contacts
          </label>
          <input id="search-q" type="search" name="q" value={q} maxlength={100} />
        </div>
        <SelectField
          id="search-type"
          name="type"
          label="Show"
          value={f.kind}
          anyLabel="All kinds of result"
          options={SEARCH_KINDS.map((k) => ({ value: k, title: NAMES[k].heading }))}
        />
        <SelectField
          id="search-topic"
          name="topic"
          label="Topic"
          value={f.topic}
          anyLabel="Any topic"
          options={choiceOptions(TOPICS, TOPICS_TITLES)}
        />
        {props.options.orgs.length > 0 ? (
          <SelectField
            id="search-organisation"
            name="organisation"
            label="Organisation"
            value={f.organisation?.slug}
            anyLabel="Any organisation"
            options={props.options.orgs.map((o) => ({ value: o.slug, title: o.name }))}
          />
        ) : null}
        <button type="submit">Search</button>
      </form>
      {a ? (
        <section aria-labelledby="results-heading" class="section">
          <h2 id="results-heading">Results</h2>
          <p class="lede">
            {a.total === 0
              ? `No ${what.many} for “${q}”`
              : (a.total > a.ranked
                  ? `More than ${plural(a.ranked, what.one, what.many)}`
                  : plural(a.total, what.one, what.many)) +
                ` for “${q}”` +
                (a.pages > 1 ? `, page ${a.page} of ${a.pages}` : '')}
          </p>
          {a.noWords ? (
            <p>Search with words: letters or numbers (emoji and symbols are not searched).</p>
          ) : a.total === 0 ? (
            <p>Check the spelling, or try fewer or different words or filters.</p>
          ) : a.total > a.ranked ? (
            <p>
              These are the best of the newest {formatCount(a.ranked)}. Add words, or choose a kind,
              topic or organisation, to search older ones.
            </p>
          ) : null}
          {SEARCH_KINDS.some((k) => (a.counts[k] ?? 0) > 0) ? (
            <nav aria-label="Results by kind">
              <ul class="tags">
                {f.kind ? (
                  <li>
                    <a href={props.href({ ...f, kind: undefined }, 1)}>All kinds</a>
                  </li>
                ) : null}
                {SEARCH_KINDS.filter((k) => (a.counts[k] ?? 0) > 0).map((k) => (
                  <li>
                    {k === f.kind ? (
                      <span aria-current="true">
                        {NAMES[k].heading} ({count(a.counts[k] ?? 0)})
                      </span>
                    ) : (
                      <a href={props.href({ ...f, kind: k }, 1)}>
                        {NAMES[k].heading} ({count(a.counts[k] ?? 0)})
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {a.results.length > 0 ? (
            <ol class="card-list grid grid--3" role="list">
              {a.results.map((r) => (
                <li>
                  <p class="card__meta">{KIND_LABEL[r.kind]}</p>
                  <ResultCard env={props.env} now={props.now} result={r} />
                </li>
              ))}
            </ol>
          ) : null}
          <Pagination page={a.page} pages={a.pages} href={(p) => props.href(f, p)} />
        </section>
      ) : null}
    </Layout>
  )
}
