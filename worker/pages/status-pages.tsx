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
import type { Settings } from '../content/models'
import type { JSX } from 'hono/jsx/jsx-runtime'
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

/** A page with the site layout for a status other than 200 or 404, built at `url`. */
async function statusPage<S extends number>(
  env: Env,
  url: URL,
  page: { status: S; title: string; view: (settings: Settings) => JSX.Element },
): Promise<StatusPage<S>> {
  const ctx = buildContext(env, url, 'published')
  const rawSettings = await bestEffortSettings(ctx)
  const built = await htmlPage({
    path: url.pathname,
    title: page.title,
    deps: deps([rawSettings]),
    element: page.view(parseSettings(rawSettings)),
  })
  return { status: page.status, contentType: built.contentType, body: built.body, deps: built.deps }
}

export async function buildGonePage(env: Env, url: URL): Promise<GonePage> {
  return statusPage(env, url, {
    status: 410,
    title: 'Page removed',
    view: (settings) => <GoneView env={env} settings={settings} path={url.pathname} />,
  })
}

/** The body of a 301 from `url` to `to` (site-relative), for the few clients that show it. */
export async function buildMovedPage(env: Env, url: URL, to: string): Promise<StatusPage<301>> {
  return statusPage(env, url, {
    status: 301,
    title: 'Page moved',
    view: (settings) => <MovedView env={env} settings={settings} path={url.pathname} to={to} />,
  })
}

/** A page that was never built and cannot be now (the content store is usually down). */
export async function buildUnavailablePage(env: Env, url: URL): Promise<StatusPage<503>> {
  return statusPage(env, url, {
    status: 503,
    title: 'Page temporarily unavailable',
    view: (settings) => (
      <ErrorView env={env} settings={settings} path={url.pathname} status={503} />
    ),
  })
}

export async function buildNotFoundPage(env: Env, url: URL): Promise<BuiltPage> {
  const ctx = buildContext(env, url, 'published')
  const rawSettings = await bestEffortSettings(ctx)
  return notFoundPage(ctx, parseSettings(rawSettings), deps([rawSettings]))
}
