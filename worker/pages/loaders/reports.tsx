// Builders for /reports (year/kind/topic filters, paginated: the store filters and orders and
// sends the matching ids with the first page's cards; a later page fetches its own) and
// /reports/:slug.
import { pagePath } from '../../../schemas/content-types'
import { REPORT_KINDS, TOPICS } from '../../../schemas/choices'
import { report, reportCard } from '../../content/models'
import { reportListQuery, reportQuery } from '../../content/queries'
import { portableTextToHtml } from '../../render/portable-text'
import {
  deps,
  documentSource,
  htmlPage,
  listPath,
  listOrganisation,
  listParams,
  listWindow,
  loadDocument,
  notFoundPage,
  pageParam,
  slugParam,
  stringList,
  type BuildContext,
  type BuiltPage,
} from '../kit'
import { parseSettings } from '../../content/settings'
import { field } from '../../content/raw-results'
import { ReportsView, ReportView, type ReportFilters } from '../views/reports'

// The report page's document, as loadDocument (kit.tsx) reads it.
const REPORT = documentSource('report', reportQuery, 'report', report)

function reportsHref(f: ReportFilters, page: number): string {
  return listPath(
    '/reports',
    [
      ['year', f.year],
      ['kind', f.kind],
      ['topic', f.topic],
      ['organisation', f.organisation?.slug],
    ],
    page,
  )
}

export async function buildReportList(ctx: BuildContext): Promise<BuiltPage> {
  const q = ctx.url.searchParams
  const year = q.get('year')
  const kind = REPORT_KINDS.find((k) => k === q.get('kind'))
  const topic = TOPICS.find((t) => t === q.get('topic'))
  const raw = await ctx.fetch(reportListQuery, {
    // The store ignores a year no report has; anything but four digits cannot be one.
    year: year !== null && /^\d{4}$/.test(year) ? year : null,
    kind: kind ?? null,
    topic: topic ?? null,
    organisation: slugParam(q.get('organisation')),
    ...listParams(ctx.url),
  })
  const settings = parseSettings(field(raw, 'settings'))
  const years = stringList(field(raw, 'years'))
    .filter((y) => /^\d{4}$/.test(y))
    .sort()
    .reverse()
  const filters: ReportFilters = {
    year: years.find((y) => y === year),
    kind,
    topic,
    organisation: listOrganisation(field(raw, 'org')),
  }
  const page = pageParam(ctx.url)
  const { total, pages, slice } = listWindow(raw, page, reportCard)
  const pageDeps = deps([field(raw, 'settings'), ...slice.map((r) => r.raw)], ['report'])
  if (page === null || page > pages) return notFoundPage(ctx, settings, pageDeps)
  const path = reportsHref(filters, page)
  return htmlPage({
    path,
    title: 'Reports and resources',
    deps: pageDeps,
    element: (
      <ReportsView
        env={ctx.env}
        settings={settings}
        path={path}
        filters={filters}
        years={years}
        reports={slice.map((r) => r.item)}
        total={total}
        page={page}
        pages={pages}
        href={reportsHref}
      />
    ),
  })
}

/** Sanity's CDN URL for a file asset reference 'file-<id>-<ext>' (when the asset is not expanded). */
function fileUrlFromRef(env: Env, ref: unknown): string | undefined {
  if (typeof ref !== 'string') return undefined
  const m = /^file-([A-Za-z0-9]+)-([a-z0-9]+)$/.exec(ref)
  if (!m) return undefined
  return `https://cdn.sanity.io/files/${env.SANITY_PROJECT_ID}/${env.SANITY_DATASET}/${m[1] ?? ''}.${m[2] ?? ''}`
}

export async function buildReport(ctx: BuildContext, slug: string): Promise<BuiltPage> {
  const found = await loadDocument(ctx, REPORT, slug)
  if ('notFound' in found) return found.notFound
  const { doc, settings } = found
  const r = { ...doc, fileUrl: doc.fileUrl ?? fileUrlFromRef(ctx.env, field(found.raw, 'fileRef')) }
  const path = pagePath('report', r.slug)
  return htmlPage({
    path,
    title: r.title,
    deps: found.deps,
    element: (
      <ReportView
        env={ctx.env}
        settings={settings}
        report={r}
        bodyHtml={portableTextToHtml(ctx.env, r.body)}
        path={path}
      />
    ),
  })
}
