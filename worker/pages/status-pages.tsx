// 404 and 410 pages for paths outside the page routes, used by the notFound handler and by the
// cache layer (which decides 410 for unpublished documents). Settings are best effort: when the
// content store is down these still render, with the default site settings.
import { settingsQuery } from '../content/queries'
import { buildContext, deps, htmlPage, notFoundPage, parseSettings, type BuiltPage } from './kit'
import { GoneView } from './views/status'

export type GonePage = { status: 410; contentType: string; body: string; deps: string[] }

export async function buildGonePage(env: Env, url: URL): Promise<GonePage> {
  const ctx = buildContext(env, url, 'published')
  const rawSettings = await ctx.fetch(settingsQuery).catch(() => null)
  const page = await htmlPage({
    path: url.pathname,
    title: 'Page removed',
    deps: deps([rawSettings]),
    element: <GoneView env={env} settings={parseSettings(rawSettings)} path={url.pathname} />,
  })
  return { status: 410, contentType: page.contentType, body: page.body, deps: page.deps }
}

export async function buildNotFoundPage(env: Env, url: URL): Promise<BuiltPage> {
  const ctx = buildContext(env, url, 'published')
  const rawSettings = await ctx.fetch(settingsQuery).catch(() => null)
  return notFoundPage(ctx, parseSettings(rawSettings), deps([rawSettings]))
}
