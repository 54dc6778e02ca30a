// /campaigns (paginated) and /campaigns/:slug. A petition shows its confirmed count (plus
// signatures gathered offline) when the campaign chooses to, progress to its goal and milestones,
// and the signing form while it is open. A dated day of action is also an Event for search engines.
import { CAMPAIGN_KINDS_TITLES } from '../../../schemas/choices'
import type { Campaign, CampaignCard, Petition, Settings } from '../../content/models'
import { formatDate, formatPublished } from '../../render/dates'
import { formatCount } from '../../render/format'
import { ResponsiveImage } from '../../render/image'
import { campaignEventLd } from '../../render/jsonld'
import { PetitionForm } from '../../signups/forms'
import {
  CampaignCardView,
  CampaignStatusBadge,
  CardGrid,
  CardsSection,
  CourseCardView,
  OrgLinks,
  ReportCardView,
} from './cards'
import { DocumentLayout, ListLayout } from './layout'
import { editAttr } from '../../render/edit-attributes'

export function CampaignsView(props: {
  env: Env
  settings: Settings
  path: string
  live: CampaignCard[]
  other: CampaignCard[]
  page: number
  pages: number
}) {
  return (
    <ListLayout
      list={props}
      pageHref={(p) => (p > 1 ? `/campaigns?page=${p}` : '/campaigns')}
      title="Campaigns"
      description="Our campaigns, petitions and days of action."
      crumb="Campaigns"
      lede="How we campaign for children at risk of trafficking and exploitation, and how you can help."
    >
      {props.live.length > 0 || props.page === 1 ? (
        <section class="section" aria-labelledby="live-campaigns">
          <h2 id="live-campaigns">Live and upcoming campaigns</h2>
          {props.live.length > 0 ? (
            <CardGrid>
              {props.live.map((c) => (
                <CampaignCardView campaign={c} />
              ))}
            </CardGrid>
          ) : (
            <p>There are no live campaigns at the moment.</p>
          )}
        </section>
      ) : null}
      <CardsSection
        id="past-campaigns"
        title="Past campaigns"
        cards={props.other.map((c) => (
          <CampaignCardView campaign={c} />
        ))}
      />
    </ListLayout>
  )
}

function PetitionBlock(props: {
  campaign: Campaign
  petition: Petition
  confirmed: number | undefined
  now: Date
  turnstile?: string
}) {
  const { campaign: c, petition: p } = props
  const open =
    c.status !== 'closed' && (!p.closingDate || Date.parse(p.closingDate) > props.now.getTime())
  const total = props.confirmed === undefined ? undefined : props.confirmed + p.offlineCount
  return (
    <section class="section" aria-labelledby="petition">
      <h2 id="petition">The petition</h2>
      {p.target ? (
        <p>
          <strong>To:</strong> {p.target}
        </p>
      ) : null}
      {p.showCount && total !== undefined ? (
        <div class="progress">
          <p>
            <span class="big-number">{formatCount(total)}</span>{' '}
            {total === 1 ? 'person has' : 'people have'} signed
            {p.goal ? ` of a goal of ${formatCount(p.goal)}` : ''}.
          </p>
          {p.goal ? (
            <>
              <label for="petition-progress" class="visually-hidden">
                Progress to the goal
              </label>
              <progress id="petition-progress" max={p.goal} value={Math.min(total, p.goal)}>
                {Math.round((Math.min(total, p.goal) / p.goal) * 100)}%
              </progress>
            </>
          ) : null}
          {p.milestones.length > 0 ? (
            <>
              <h3>Milestones</h3>
              <ul class="milestones">
                {p.milestones.map((m) => (
                  <li class={total >= m ? 'reached tag' : 'tag'}>
                    {formatCount(m)}
                    {total >= m ? ' (reached)' : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      {p.closingDate ? (
        <p>
          {open ? 'Closes' : 'Closed'} on{' '}
          <time datetime={p.closingDate}>{formatPublished(p.closingDate)}</time>.
        </p>
      ) : null}
      {open ? (
        <PetitionForm campaignSlug={c.slug} turnstileSiteKey={props.turnstile} />
      ) : (
        <p class="notice">This petition is closed. Thank you to everyone who signed.</p>
      )}
    </section>
  )
}

export function CampaignView(props: {
  env: Env
  settings: Settings
  campaign: Campaign
  bodyHtml: string
  path: string
  now: Date
  confirmed: number | undefined
}) {
  const { campaign: c } = props
  const lead = c.media.find((m) => m.image)
  return (
    <DocumentLayout
      page={props}
      doc={c}
      list={{ label: 'Campaigns', href: '/campaigns' }}
      meta={{ image: lead?.image, jsonLd: campaignEventLd(props.env.SITE_URL, c, props.path) }}
    >
      <h1 data-sanity={editAttr(c, 'campaign', 'title')}>{c.title}</h1>
      <p class="card__meta">
        {c.kind ? CAMPAIGN_KINDS_TITLES[c.kind] : 'Campaign'}
        {c.status ? (
          <>
            {' '}
            · <CampaignStatusBadge status={c.status} />
          </>
        ) : null}
        {c.startDate ? (
          <>
            {' '}
            · <time datetime={c.startDate}>{formatDate(c.startDate)}</time>
          </>
        ) : null}
        {c.endDate ? (
          <>
            {' '}
            to <time datetime={c.endDate}>{formatDate(c.endDate)}</time>
          </>
        ) : null}
      </p>
      {c.summary ? <p class="lede">{c.summary}</p> : null}
      {c.callToAction ? (
        <p>
          <a class="button" href={c.callToAction.url}>
            {c.callToAction.label}
          </a>
        </p>
      ) : null}
      {props.bodyHtml ? (
        <div class="prose" dangerouslySetInnerHTML={{ __html: props.bodyHtml }} />
      ) : null}
      {c.petition ? (
        <PetitionBlock
          campaign={c}
          petition={c.petition}
          confirmed={props.confirmed}
          now={props.now}
          turnstile={props.env.TURNSTILE_SITE_KEY || undefined}
        />
      ) : null}
      {c.media.length > 0 ? (
        <section class="section" aria-labelledby="media">
          <h2 id="media">Films and pictures</h2>
          <ul class="card-list grid grid--2">
            {c.media.map((m) => (
              <li>
                <figure>
                  {m.image ? (
                    <ResponsiveImage
                      env={props.env}
                      image={m.image}
                      sizes="(min-width: 40rem) 45vw, 100vw"
                    />
                  ) : null}
                  {m.caption || m.videoUrl ? (
                    <figcaption>
                      {m.caption}
                      {m.videoUrl ? (
                        <>
                          {' '}
                          <a href={m.videoUrl} rel="noopener">
                            Watch the video
                            {m.caption ? <span class="visually-hidden">: {m.caption}</span> : null}
                          </a>
                        </>
                      ) : null}
                    </figcaption>
                  ) : null}
                </figure>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.organisations.length > 0 ? (
        <p>
          <strong>With:</strong> <OrgLinks orgs={c.organisations} />
        </p>
      ) : null}
      <CardsSection
        id="related-reports"
        title="Related reports"
        cards={c.relatedReports.map((r) => (
          <ReportCardView report={r} />
        ))}
      />
      <CardsSection
        id="related-courses"
        title="Related training"
        cards={c.relatedCourses.map((rc) => (
          <CourseCardView course={rc} now={props.now} />
        ))}
      />
    </DocumentLayout>
  )
}
