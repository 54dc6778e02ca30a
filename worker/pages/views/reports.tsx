// /reports (the library: year, kind and topic filters, paginated) and /reports/:slug (summary,
// key findings, body, the PDF with its size, an external link, publishers and authors).
import { REPORT_KINDS_TITLES } from '../../../schemas/choices'
import type { Report, ReportCard, Settings } from '../../content/models'
import { formatDate } from '../../render/dates'
import { formatFileSize } from '../../render/format'
import { reportLd } from '../../render/jsonld'
import {
  CampaignCardView,
  CardGrid,
  CardsSection,
  OrgLinks,
  ReportCardView,
  TopicTags,
} from './cards'
import {
  ChoiceFilter,
  SelectField,
  DocumentLayout,
  type FilteredListProps,
  FilterForm,
  ListLayout,
  OrganisationFilter,
  ResultHeading,
} from './layout'
import { editAttr } from '../../render/edit-attributes'

export type ReportFilters = {
  year?: string
  kind?: string
  topic?: string
  /** Only the reports this organisation published (its slug and name). */
  organisation?: { slug: string; name: string }
}

export function ReportsView(
  props: FilteredListProps<ReportFilters> & { years: string[]; reports: ReportCard[] },
) {
  const f = props.filters
  const filtered = Boolean(f.year || f.kind || f.topic || f.organisation)
  return (
    <ListLayout
      list={props}
      pageHref={(p) => props.href(f, p)}
      title="Reports and resources"
      description="Research, statistics, guidance and briefings on child trafficking and exploitation."
      crumb="Reports"
      lede="Research, statistics, statutory guidance, evaluations and briefings."
    >
      <FilterForm
        heading="Filter reports"
        action="/reports"
        filtered={filtered}
        clearHref="/reports"
      >
        <OrganisationFilter organisation={f.organisation} lead="Published by" />
        <SelectField
          id="filter-year"
          name="year"
          label="Year"
          anyLabel="Any year"
          value={f.year}
          options={props.years.map((y) => ({ value: y, title: y }))}
        />
        <ChoiceFilter filter="reportKind" value={f.kind} />
        <ChoiceFilter filter="topic" value={f.topic} />
      </FilterForm>
      <ResultHeading heading="Reports" total={props.total} noun="report" filtered={filtered} />
      {props.reports.length > 0 ? (
        <CardGrid>
          {props.reports.map((r) => (
            <ReportCardView report={r} />
          ))}
        </CardGrid>
      ) : (
        <p>No reports match these filters. Try removing a filter.</p>
      )}
    </ListLayout>
  )
}

export function ReportView(props: {
  env: Env
  settings: Settings
  report: Report
  bodyHtml: string
  path: string
}) {
  const r = props.report
  return (
    <DocumentLayout
      page={props}
      doc={r}
      list={{ label: 'Reports', href: '/reports' }}
      meta={{ type: 'article', jsonLd: reportLd(props.env.SITE_URL, r, props.path) }}
    >
      <h1 data-sanity={editAttr(r, 'report', 'title')}>{r.title}</h1>
      <p class="card__meta">
        {r.kind ? REPORT_KINDS_TITLES[r.kind] : 'Report'}
        {r.publishedAt ? (
          <>
            {' '}
            · Published <time datetime={r.publishedAt}>{formatDate(r.publishedAt)}</time>
          </>
        ) : null}
      </p>
      {r.publishers.length > 0 || r.authors.length > 0 ? (
        <dl class="meta-list">
          {r.publishers.length > 0 ? (
            <>
              <dt>Published by</dt>
              <dd>
                <OrgLinks orgs={r.publishers} />
              </dd>
            </>
          ) : null}
          {r.authors.length > 0 ? (
            <>
              <dt>{r.authors.length === 1 ? 'Author' : 'Authors'}</dt>
              <dd>{r.authors.join(', ')}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {r.summary ? <p class="lede">{r.summary}</p> : null}
      {r.fileUrl || r.externalUrl ? (
        <div class="download">
          {r.fileUrl ? (
            <a class="button" href={r.fileUrl}>
              Download the report<span class="visually-hidden">: {r.title}</span> (PDF
              {r.fileSizeBytes ? `, ${formatFileSize(r.fileSizeBytes)}` : ''})
            </a>
          ) : null}
          {r.externalUrl ? (
            <a class={r.fileUrl ? '' : 'button'} href={r.externalUrl} rel="noopener">
              Read the full report on the publisher’s website
            </a>
          ) : null}
        </div>
      ) : null}
      {r.keyFindings.length > 0 ? (
        <section class="facts prose" aria-labelledby="key-findings">
          <h2 id="key-findings">Key findings</h2>
          <ul>
            {r.keyFindings.map((k) => (
              <li>{k}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.bodyHtml ? (
        <div class="prose section" dangerouslySetInnerHTML={{ __html: props.bodyHtml }} />
      ) : null}
      <TopicTags topics={r.topics} />
      <CardsSection
        id="related-campaigns"
        title="Related campaigns"
        cards={r.relatedCampaigns.map((c) => (
          <CampaignCardView campaign={c} />
        ))}
      />
    </DocumentLayout>
  )
}
