// /organisations/:slug: who they are, their partners, and what on this site names them: their
// next upcoming courses and latest reports (a few, with links to the full lists filtered to
// them), their campaigns and latest news.
import { ORGANISATION_KINDS_TITLES } from '../../../schemas/choices'
import type {
  CampaignCard,
  CourseCard,
  NewsCard,
  OrgSummary,
  Organisation,
  ReportCard,
  Settings,
} from '../../content/models'
import { plural } from '../../render/format'
import { imageUrls, ResponsiveImage } from '../../render/image'
import { organisationLd } from '../../render/jsonld'
import {
  CampaignCardView,
  CardGrid,
  CardsSection,
  CourseCardView,
  NewsCardView,
  OrgLinks,
  ReportCardView,
  SubscribeLink,
} from './cards'
import { DocumentLayout } from './layout'
import { organisationCalendarPath } from '../feeds/session-events'
import { editAttr } from '../../render/edit-attributes'

export type OrganisationViewProps = {
  env: Env
  settings: Settings
  org: Organisation
  partners: OrgSummary[]
  /** The next upcoming courses they provide (at most ORG_LISTED), of `upcomingTotal`. */
  courses: CourseCard[]
  upcomingTotal: number
  /** Every course they provide, upcoming or past. */
  coursesTotal: number
  /** Their latest reports (at most ORG_LISTED), of `reportsTotal`. */
  reports: ReportCard[]
  reportsTotal: number
  campaigns: CampaignCard[]
  /** The latest news posts naming this organisation; `moreNews` when there are older ones. */
  news: NewsCard[]
  moreNews: boolean
  path: string
  now: Date
}

export function OrganisationView(props: OrganisationViewProps) {
  const { org: o } = props
  const logo = o.logo ? imageUrls(props.env, o.logo, { maxWidth: 480 }).src : undefined
  return (
    <DocumentLayout
      page={props}
      doc={{ title: o.name, summary: o.summary, seo: o.seo }}
      list={{ label: 'Organisations', href: '/organisations' }}
      meta={{ image: o.logo, jsonLd: organisationLd(props.env.SITE_URL, o, props.path, logo) }}
    >
      {o.logo ? (
        <ResponsiveImage
          env={props.env}
          image={o.logo}
          sizes="12rem"
          maxWidth={480}
          class="org-logo"
          eager
        />
      ) : null}
      <h1 data-sanity={editAttr(o, 'organisation', 'name')}>{o.name}</h1>
      <dl class="meta-list">
        {o.kind ? (
          <>
            <dt>Type</dt>
            <dd>{ORGANISATION_KINDS_TITLES[o.kind]}</dd>
          </>
        ) : null}
        {o.country ? (
          <>
            <dt>Country</dt>
            <dd>{o.country}</dd>
          </>
        ) : null}
        {o.website ? (
          <>
            <dt>Website</dt>
            <dd>
              <a href={o.website} rel="noopener">
                {o.website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      {o.summary ? <p class="lede">{o.summary}</p> : null}
      {props.partners.length > 0 ? (
        <section class="section" aria-labelledby="partners">
          <h2 id="partners">Partners</h2>
          <p>
            <OrgLinks orgs={props.partners} />
          </p>
        </section>
      ) : null}
      {props.coursesTotal > 0 ? (
        <section class="section" aria-labelledby="org-courses">
          <h2 id="org-courses">Courses</h2>
          {props.courses.length > 0 ? (
            <>
              <p>
                {props.upcomingTotal > props.courses.length
                  ? `The next ${props.courses.length} of ${plural(props.upcomingTotal, 'upcoming course')}.`
                  : `${plural(props.upcomingTotal, 'upcoming course')}.`}
              </p>
              <CardGrid>
                {props.courses.map((c) => (
                  <CourseCardView course={c} now={props.now} />
                ))}
              </CardGrid>
            </>
          ) : (
            <p>No upcoming courses at the moment.</p>
          )}
          <SubscribeLink href={organisationCalendarPath(o.slug)} />
          {props.upcomingTotal > props.courses.length ||
          props.coursesTotal > props.upcomingTotal ? (
            <ul>
              {props.upcomingTotal > props.courses.length ? (
                <li>
                  <a href={`/courses?organisation=${o.slug}`}>
                    See all {plural(props.upcomingTotal, 'upcoming course')} from {o.name}
                  </a>
                </li>
              ) : null}
              {props.coursesTotal > props.upcomingTotal ? (
                <li>
                  <a href={`/courses?when=past&organisation=${o.slug}`}>
                    Past courses from {o.name}
                  </a>
                </li>
              ) : null}
            </ul>
          ) : null}
        </section>
      ) : null}
      <CardsSection
        id="org-reports"
        title="Reports"
        cards={props.reports.map((r) => (
          <ReportCardView report={r} />
        ))}
      >
        {props.reportsTotal > props.reports.length ? (
          <p>
            <a href={`/reports?organisation=${o.slug}`}>
              See all {plural(props.reportsTotal, 'report')} from {o.name}
            </a>
          </p>
        ) : null}
      </CardsSection>
      <CardsSection
        id="org-campaigns"
        title="Campaigns"
        cards={props.campaigns.map((c) => (
          <CampaignCardView campaign={c} />
        ))}
      />
      {props.news.length > 0 ? (
        <section class="section" aria-labelledby="org-news">
          <div class="section__header">
            <h2 id="org-news">News</h2>
            {props.moreNews ? <a href="/news">All news</a> : null}
          </div>
          <CardGrid>
            {props.news.map((n) => (
              <NewsCardView env={props.env} post={n} />
            ))}
          </CardGrid>
        </section>
      ) : null}
    </DocumentLayout>
  )
}
