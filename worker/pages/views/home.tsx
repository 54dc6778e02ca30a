// The home page: who we are, help for anyone who needs it now (helplines), the next training
// sessions, live campaigns, and the latest reports and news.
import { CONTENT_TYPES, pagePath } from '../../../schemas/content-types'
import type {
  CampaignCard,
  Contact,
  CourseCard,
  NewsCard,
  ReportCard,
  Session,
  Settings,
} from '../../content/models'
import { formatSessionWhen } from '../../render/dates'
import { websiteLd } from '../../render/jsonld'
import {
  CampaignCardView,
  CardGrid,
  CardsSection,
  ExampleNote,
  NewsCardView,
  ReportCardView,
} from './cards'
import { ContactCard } from './contacts'
import { Layout } from '../../ui/layout'

export type UpcomingSession = { course: CourseCard; session: Session }

export type HomeViewProps = {
  env: Env
  settings: Settings
  sessions: UpcomingSession[]
  campaigns: CampaignCard[]
  reports: ReportCard[]
  news: NewsCard[]
  helplines: Contact[]
}

function NeedHelp(props: { helplines: Contact[] }) {
  return (
    <section class="help-block" aria-labelledby="need-help">
      <h2 id="need-help">Need help now?</h2>
      <p>
        If a child is in immediate danger, call <a href="tel:999">999</a>. If you are worried about
        a child, these services can advise you.
      </p>
      {props.helplines.length > 0 ? (
        <ul class="card-list grid grid--2" role="list">
          {props.helplines.map((c) => (
            <li>
              <ContactCard c={c} />
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href="/contacts">All contacts and helplines</a>
      </p>
    </section>
  )
}

export function HomeView(props: HomeViewProps) {
  const { settings: s } = props
  // The latest of each type, each section linking to its type's listing.
  const latest = [
    ['campaign', 'Live campaigns', props.campaigns.map((c) => <CampaignCardView campaign={c} />)],
    ['report', 'Latest reports', props.reports.map((r) => <ReportCardView report={r} />)],
    ['newsPost', 'Latest news', props.news.map((n) => <NewsCardView env={props.env} post={n} />)],
  ] as const
  return (
    <Layout
      env={props.env}
      settings={s}
      meta={{
        path: '/',
        description: s.defaultSeo?.description ?? s.tagline,
        jsonLd: websiteLd(props.env.SITE_URL, s.title, s.organisation),
      }}
      hero={
        <div class="hero">
          <div class="container">
            <h1>{s.tagline ?? s.title}</h1>
            <p class="lede">
              Training for professionals, research and guidance, and campaigns for change.
            </p>
          </div>
        </div>
      }
    >
      <NeedHelp helplines={props.helplines} />
      <section class="section" aria-labelledby="home-sessions">
        <div class="section__header">
          <h2 id="home-sessions">Upcoming training</h2>
          <a href="/courses">All courses</a>
        </div>
        {props.sessions.length > 0 ? (
          <CardGrid>
            {props.sessions.map(({ course: c, session: x }) => (
              <article class="card">
                <h3>
                  <a href={pagePath('course', c.slug)}>{c.title}</a>
                </h3>
                <p>
                  <strong>Next:</strong>{' '}
                  <time datetime={x.start}>
                    {formatSessionWhen(new Date(x.start), x.durationMinutes, x.timezone)}
                  </time>
                </p>
                {x.status === 'postponed' ? (
                  <p>
                    <span class="badge badge--postponed">Postponed</span>
                  </p>
                ) : null}
                {c.summary ? <p class="card__meta">{c.summary}</p> : null}
                <ExampleNote example={c.isExample} />
              </article>
            ))}
          </CardGrid>
        ) : (
          <p>
            No sessions are scheduled right now. <a href="/courses">Sign up for course alerts</a>.
          </p>
        )}
      </section>
      {latest.map(([type, title, cards]) => {
        // '/campaigns' gives the section id home-campaigns and the link text "All campaigns".
        const listing = CONTENT_TYPES[type].listing
        const name = listing.slice(1)
        return (
          <CardsSection
            id={`home-${name}`}
            title={title}
            link={{ href: listing, text: `All ${name}` }}
            cards={cards}
          />
        )
      })}
    </Layout>
  )
}
