// 404, 410, 301 and 503 pages for paths outside the page routes, used by the notFound handler
// and by the cache layer (which decides 301/410 for renamed or removed documents, and 503 when a
// page was never built and cannot be). Every one has the site layout and the quick-exit control.
// Settings are best effort: when the content store is down these still render, with the default
// site settings.
import { settingsQuery } from '../content/queries'
import {
  buildContext,
  deps,
  htmlPage,
  notFoundPage,
  type BuildContext,
  type BuiltPage,
} from './kit'
import { parseSettings } from '../content/settings'
import { ErrorView, GoneView, MovedView } from './views/status'

export type StatusPage<S extends number = number> = {
  status: S
  contentType: string
  body: string
  deps: string[]
}
export type GonePage = StatusPage<410>

async function bestEffortSettings(ctx: BuildContext): Promise<unknown> {
  return ctx.fetch(settingsQuery).catch(() => null)
}

export async function buildGonePage(env: Env, url: URL): Promise<GonePage> {
  const ctx = buildContext(env, url, 'published')
  const rawSettings = await bestEffortSettings(ctx)
  const page = await htmlPage({
    path: url.pathname,
    title: 'Page removed',
    deps: deps([rawSettings]),
    element: <GoneView env={env} settings={parseSettings(rawSettings)} path={url.pathname} />,
  })
  return { status: 410, contentType: page.contentType, body: page.body, deps: page.deps }
}

/** The body of a 301 from `url` to `to` (site-relative), for the few clients that show it. */
export async function buildMovedPage(env: Env, url: URL, to: string): Promise<StatusPage<301>> {
  const ctx = buildContext(env, url, 'published')
  const rawSettings = await bestEffortSettings(ctx)
  const page = await htmlPage({
    path: url.pathname,
    title: 'Page moved',
    deps: deps([rawSettings]),
    element: (
      <MovedView env={env} settings={parseSettings(rawSettings)} path={url.pathname} to={to} />
    ),
  })
  return { status: 301, contentType: page.contentType, body: page.body, deps: page.deps }
}

/** A page that was never built and cannot be now (the content store is usually down). */
export async function buildUnavailablePage(env: Env, url: URL): Promise<StatusPage<503>> {
  const ctx = buildContext(env, url, 'published')
  const rawSettings = await bestEffortSettings(ctx)
  const page = await htmlPage({
    path: url.pathname,
    title: 'Page temporarily unavailable',
    deps: deps([rawSettings]),
    element: (
      <ErrorView env={env} settings={parseSettings(rawSettings)} path={url.pathname} status={503} />
    ),
  })
  return { status: 503, contentType: page.contentType, body: page.body, deps: page.deps }
}

export async function buildNotFoundPage(env: Env, url: URL): Promise<BuiltPage> {
  const ctx = buildContext(env, url, 'published')
  const rawSettings = await bestEffortSettings(ctx)
  return notFoundPage(ctx, parseSettings(rawSettings), deps([rawSettings]))
}
