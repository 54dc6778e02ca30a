// Builders for /news (paginated: the store orders and counts the posts and sends the page's
// cards) and /news/:slug.
import { pagePath } from '../../../schemas/content-types'
import { newsCard, newsPost } from '../../content/models'
import { newsListQuery, newsPostQuery } from '../../content/queries'
import { portableTextToHtml } from '../../render/portable-text'
import { cardBoundaries } from '../course-logic'
import {
  deps,
  documentSource,
  htmlPage,
  listParams,
  listWindow,
  loadDocument,
  notFoundPage,
  pageParam,
  staleAfter,
  type BuildContext,
  type BuiltPage,
} from '../kit'
import { parseSettings } from '../../content/settings'
import { field } from '../../content/raw-results'
import { NewsListView, NewsPostView } from '../views/news'

// The news post page's document, as loadDocument (kit.tsx) reads it.
const NEWS_POST = documentSource('newsPost', newsPostQuery, 'post', newsPost)

export async function buildNewsList(ctx: BuildContext): Promise<BuiltPage> {
  const raw = await ctx.fetch(newsListQuery, listParams(ctx.url))
  const settings = parseSettings(field(raw, 'settings'))
  const page = pageParam(ctx.url)
  const { pages, slice } = listWindow(raw, page, newsCard)
  const pageDeps = deps([field(raw, 'settings'), ...slice.map((n) => n.raw)], ['newsPost'])
  if (page === null || page > pages) return notFoundPage(ctx, settings, pageDeps)
  const path = page > 1 ? `/news?page=${page}` : '/news'
  return htmlPage({
    path,
    title: 'News',
    deps: pageDeps,
    element: (
      <NewsListView
        env={ctx.env}
        settings={settings}
        path={path}
        posts={slice.map((n) => n.item)}
        page={page}
        pages={pages}
      />
    ),
  })
}

export async function buildNewsPost(ctx: BuildContext, slug: string): Promise<BuiltPage> {
  const found = await loadDocument(ctx, NEWS_POST, slug)
  if ('notFound' in found) return found.notFound
  const { doc: p, settings } = found
  const path = pagePath('newsPost', p.slug)
  return htmlPage({
    path,
    title: p.title,
    deps: found.deps,
    staleAt: staleAfter(ctx.now, cardBoundaries(p.relatedCourses)),
    element: (
      <NewsPostView
        env={ctx.env}
        settings={settings}
        post={p}
        bodyHtml={portableTextToHtml(ctx.env, p.body)}
        path={path}
        now={ctx.now}
      />
    ),
  })
}
