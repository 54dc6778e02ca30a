// Builders for /reports (year/kind/topic filters, paginated) and /reports/:slug.
import { REPORT_KINDS, TOPICS } from '../../../schemas/choices'
import { report as reportSchema, reportCard } from '../../content/models'
import { reportListQuery, reportQuery } from '../../content/queries'
import { portableTextToHtml } from '../../render/portable-text'
import {
  deps,
  field,
  htmlPage,
  listPath,
  loadDocument,
  notFoundPage,
  pageParam,
  paginate,
  parseItems,
  parseSettings,
  type BuildContext,
  type BuiltPage,
} from '../kit'
import { ReportsView, ReportView, type ReportFilters } from '../views/reports'

function reportsHref(f: ReportFilters, page: number): string {
  return listPath(
    '/reports',
    [
      ['year', f.year],
      ['kind', f.kind],
      ['topic', f.topic],
    ],
    page,
  )
}

export async function buildReportList(ctx: BuildContext): Promise<BuiltPage> {
  const raw = await ctx.fetch(reportListQuery)
  const settings = parseSettings(field(raw, 'settings'))
  const all = parseItems(reportCard, field(raw, 'reports'))
  const years = [
    ...new Set(all.flatMap((r) => (r.item.publishedAt ? [r.item.publishedAt.slice(0, 4)] : []))),
  ]
    .sort()
    .reverse()
  const q = ctx.url.searchParams
  const filters: ReportFilters = {
    year: years.find((y) => y === q.get('year')),
    kind: REPORT_KINDS.find((k) => k === q.get('kind')),
    topic: TOPICS.find((t) => t === q.get('topic')),
  }
  const matching = all.filter(({ item: r }) => {
    if (filters.year && r.publishedAt?.slice(0, 4) !== filters.year) return false
    if (filters.kind && r.kind !== filters.kind) return false
    if (filters.topic && !r.topics.some((t) => t === filters.topic)) return false
    return true
  })
  const page = pageParam(ctx.url)
  const { pages, slice } = paginate(matching, page ?? 1)
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
        total={matching.length}
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
  const found = await loadDocument(ctx, {
    query: reportQuery,
    slug,
    key: 'report',
    schema: reportSchema,
    type: 'report',
  })
  if ('notFound' in found) return found.notFound
  const { doc, settings } = found
  const r = { ...doc, fileUrl: doc.fileUrl ?? fileUrlFromRef(ctx.env, field(found.raw, 'fileRef')) }
  const path = `/reports/${r.slug}`
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
