// /news (paginated, newest first) and /news/:slug (the article with its related content).
import type { NewsCard, NewsPost, Settings } from '../../content/models'
import { formatPublished } from '../../render/dates'
import { ResponsiveImage, imageUrls } from '../../render/image'
import { newsLd } from '../../render/jsonld'
import { firstParagraphText } from '../../render/portable-text'
import {
  CampaignCardView,
  CardGrid,
  CardsSection,
  CourseCardView,
  NewsCardView,
  OrgLinks,
  ReportCardView,
  TopicTags,
} from './cards'
import { DocumentLayout, ListLayout } from './layout'
import { editAttr } from '../../render/edit-attributes'

export function NewsListView(props: {
  env: Env
  settings: Settings
  path: string
  posts: NewsCard[]
  page: number
  pages: number
}) {
  return (
    <ListLayout
      list={props}
      pageHref={(p) => (p > 1 ? `/news?page=${p}` : '/news')}
      title="News"
      description="News and announcements."
      crumb="News"
    >
      {props.posts.length > 0 ? (
        <CardGrid>
          {props.posts.map((p) => (
            <NewsCardView env={props.env} post={p} level="h2" withImage />
          ))}
        </CardGrid>
      ) : (
        <p>There is no news yet.</p>
      )}
    </ListLayout>
  )
}

export function NewsPostView(props: {
  env: Env
  settings: Settings
  post: NewsPost
  bodyHtml: string
  path: string
  now: Date
}) {
  const p = props.post
  const image = p.mainImage ? imageUrls(props.env, p.mainImage, { maxWidth: 1200 }).src : undefined
  // Editors often paste the opening paragraph as the excerpt: show it once, in the body.
  const lede =
    p.excerpt && p.excerpt.replace(/\s+/g, ' ').trim() !== firstParagraphText(p.body)
      ? p.excerpt
      : undefined
  return (
    <DocumentLayout
      page={props}
      doc={{ title: p.title, summary: p.excerpt, seo: p.seo }}
      list={{ label: 'News', href: '/news' }}
      meta={{
        image: p.mainImage,
        type: 'article',
        jsonLd: newsLd(props.env.SITE_URL, p, props.path, props.settings.organisation, image),
      }}
    >
      <article>
        <h1 data-sanity={editAttr(p, 'newsPost', 'title')}>{p.title}</h1>
        {p.publishedAt ? (
          <p class="card__meta">
            Published <time datetime={p.publishedAt}>{formatPublished(p.publishedAt)}</time>
          </p>
        ) : null}
        {lede ? <p class="lede">{lede}</p> : null}
        {p.mainImage ? (
          <figure class="prose">
            <ResponsiveImage
              env={props.env}
              image={p.mainImage}
              sizes="(min-width: 48rem) 42rem, 100vw"
              eager
            />
          </figure>
        ) : null}
        {props.bodyHtml ? (
          <div class="prose" dangerouslySetInnerHTML={{ __html: props.bodyHtml }} />
        ) : null}
        <div class="stack">
          <TopicTags topics={p.topics} />
          {p.organisations.length > 0 ? (
            <p>
              <strong>Organisations:</strong> <OrgLinks orgs={p.organisations} />
            </p>
          ) : null}
        </div>
      </article>
      <CardsSection
        id="related"
        title="Related"
        cards={[
          ...p.relatedCampaigns.map((c) => <CampaignCardView campaign={c} />),
          ...p.relatedCourses.map((c) => <CourseCardView course={c} now={props.now} />),
          ...p.relatedReports.map((r) => <ReportCardView report={r} />),
        ]}
      />
    </DocumentLayout>
  )
}
