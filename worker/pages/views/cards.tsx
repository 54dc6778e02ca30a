// Cards and their small parts, shared by the page views: a card for each content type, tags,
// badges and the grids and sections they stand in. Every card links by a real <a> around its title.
import { pagePath } from '../../../schemas/content-types'
import type { Child } from 'hono/jsx'
import {
  CAMPAIGN_KINDS_TITLES,
  CAMPAIGN_STATUSES_TITLES,
  COURSE_FORMATS_TITLES,
  REPORT_KINDS_TITLES,
  TOPICS_TITLES,
  type CampaignStatus,
  type Topic,
} from '../../../schemas/choices'
import type {
  CampaignCard,
  CourseCard,
  NewsCard,
  OrgSummary,
  ReportCard,
} from '../../content/models'
import { formatDate, formatPublished, formatSessionWhen } from '../../render/dates'
import { formatPrice } from '../../render/format'
import { ResponsiveImage } from '../../render/image'
import { isOnDemand, nextSession } from '../course-logic'

type H = 'h2' | 'h3'

function Heading(props: { level?: H; children: Child }) {
  return props.level === 'h2' ? <h2>{props.children}</h2> : <h3>{props.children}</h3>
}

export function ExampleBadge() {
  return <span class="badge badge--example">Example content</span>
}

/** A campaign's status, marked out while it is live. */
export function CampaignStatusBadge(props: { status: CampaignStatus }) {
  return (
    <span class={props.status === 'live' ? 'badge badge--live' : 'badge'}>
      {CAMPAIGN_STATUSES_TITLES[props.status]}
    </span>
  )
}

/** A card's example label, on content added to show how the site works. */
export function ExampleNote(props: { example: boolean }) {
  return props.example ? (
    <p>
      <ExampleBadge />
    </p>
  ) : null
}

export function TopicTags(props: { topics: readonly Topic[]; label?: string }) {
  if (props.topics.length === 0) return null
  return (
    <ul class="tags" aria-label={props.label ?? 'Topics'}>
      {props.topics.map((t) => (
        <li class="tag">{TOPICS_TITLES[t]}</li>
      ))}
    </ul>
  )
}

export function OrgLinks(props: { orgs: OrgSummary[] }) {
  return (
    <>
      {props.orgs.map((o, i) => (
        <>
          {i > 0 ? ', ' : ''}
          {o.slug ? <a href={pagePath('organisation', o.slug)}>{o.name}</a> : o.name}
        </>
      ))}
    </>
  )
}

export function CourseCardView(props: { course: CourseCard; now: Date; level?: H }) {
  const c = props.course
  const next = nextSession(c, props.now)
  return (
    <article class="card">
      <Heading level={props.level}>
        <a href={pagePath('course', c.slug)}>{c.title}</a>
      </Heading>
      <p class="card__meta">
        {c.format ? COURSE_FORMATS_TITLES[c.format] : 'Course'} · {formatPrice(c.price)}
      </p>
      {next ? (
        <p>
          <strong>Next:</strong>{' '}
          <time datetime={next.start}>
            {formatSessionWhen(new Date(next.start), next.durationMinutes, next.timezone)}
          </time>
          {next.status === 'postponed' ? (
            <>
              {' '}
              <span class="badge badge--postponed">Postponed</span>
            </>
          ) : null}
        </p>
      ) : isOnDemand(c) ? (
        <p>{c.format === 'e-learning' ? 'Available any time' : 'Dates to be announced'}</p>
      ) : null}
      {c.summary ? <p>{c.summary}</p> : null}
      <ExampleNote example={c.isExample} />
    </article>
  )
}

export function ReportCardView(props: { report: ReportCard; level?: H }) {
  const r = props.report
  return (
    <article class="card">
      <Heading level={props.level}>
        <a href={pagePath('report', r.slug)}>{r.title}</a>
      </Heading>
      <p class="card__meta">
        {r.kind ? REPORT_KINDS_TITLES[r.kind] : 'Report'}
        {r.publishedAt ? (
          <>
            {' · '}
            <time datetime={r.publishedAt}>{formatDate(r.publishedAt)}</time>
          </>
        ) : null}
        {r.publishers.length > 0 ? (
          <>
            {' · '}
            {r.publishers.map((p) => p.name).join(', ')}
          </>
        ) : null}
      </p>
      {r.summary ? <p>{truncate(r.summary, 220)}</p> : null}
    </article>
  )
}

export function CampaignCardView(props: { campaign: CampaignCard; level?: H }) {
  const c = props.campaign
  return (
    <article class="card">
      <Heading level={props.level}>
        <a href={pagePath('campaign', c.slug)}>{c.title}</a>
      </Heading>
      <p class="card__meta">
        {c.kind ? CAMPAIGN_KINDS_TITLES[c.kind] : 'Campaign'}
        {c.status ? (
          <>
            {' · '}
            <CampaignStatusBadge status={c.status} />
          </>
        ) : null}
        {c.startDate ? (
          <>
            {' · '}
            <time datetime={c.startDate}>{formatDate(c.startDate)}</time>
          </>
        ) : null}
      </p>
      {c.summary ? <p>{truncate(c.summary, 220)}</p> : null}
    </article>
  )
}

export function NewsCardView(props: { env: Env; post: NewsCard; level?: H; withImage?: boolean }) {
  const p = props.post
  return (
    <article class="card">
      {props.withImage && p.mainImage ? (
        <ResponsiveImage
          env={props.env}
          image={p.mainImage}
          aspect={16 / 9}
          maxWidth={800}
          sizes="(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw"
        />
      ) : null}
      <Heading level={props.level}>
        <a href={pagePath('newsPost', p.slug)}>{p.title}</a>
      </Heading>
      {p.publishedAt ? (
        <p class="card__meta">
          <time datetime={p.publishedAt}>{formatPublished(p.publishedAt)}</time>
        </p>
      ) : null}
      {p.excerpt ? <p>{truncate(p.excerpt, 220)}</p> : null}
    </article>
  )
}

/**
 * A link to a subscription calendar (an .ics feed a calendar app refreshes on its own), for a
 * page that lists dates. `text` names what the calendar holds when the page is not about one set.
 */
export function SubscribeLink(props: { href: string; text?: string }) {
  return (
    <p class="subscribe">
      <a href={props.href} type="text/calendar">
        {props.text ?? 'Subscribe to these dates'}
      </a>{' '}
      (a calendar feed: add its address to your calendar app to keep these dates up to date)
    </p>
  )
}

export function CardGrid(props: { columns?: 2 | 3; children?: Child }) {
  const items: Child[] = Array.isArray(props.children) ? props.children.flat() : [props.children]
  return (
    <ul class={`card-list grid grid--${props.columns ?? 3}`} role="list">
      {items.map((child) => (
        <li>{child}</li>
      ))}
    </ul>
  )
}

/**
 * A titled section of cards, with a link to the full list beside the title when given; left out
 * when there are none.
 */
export function CardsSection(props: {
  id: string
  title: string
  cards: Child[]
  link?: { href: string; text: string }
  children?: Child
}) {
  if (props.cards.length === 0) return null
  const heading = <h2 id={props.id}>{props.title}</h2>
  return (
    <section class="section" aria-labelledby={props.id}>
      {props.link ? (
        <div class="section__header">
          {heading}
          <a href={props.link.href}>{props.link.text}</a>
        </div>
      ) : (
        heading
      )}
      <CardGrid>{props.cards}</CardGrid>
      {props.children}
    </section>
  )
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text
}
