// Builder for /search?q=. The visitor's words become GROQ prefix patterns passed as a
// parameter (never spliced into the query); an empty query shows just the form. Results come
// as an overview (how many of each type match, the first few of each) or, with &type=, one
// type's results a page at a time, so no page grows with the dataset.
import type { z } from 'zod'
import { SEARCH_KINDS, TYPE_FOR_SEARCH_KIND, type SearchKind } from '../../../schemas/content-types'
import { campaignCard, courseCard, newsCard, orgSummary, reportCard } from '../../content/models'
import { optText } from '../../content/fields'
import { searchQuery, searchTypeQuery, settingsQuery } from '../../content/queries'
import {
  deps,
  field,
  htmlPage,
  listParams,
  listWindow,
  notFoundPage,
  pageParam,
  parseItems,
  parseSettings,
  type BuildContext,
  type BuiltPage,
} from '../kit'
import { SearchView, type Found, type SearchItems, type SearchResults } from '../views/search'

const orgResult = orgSummary.extend({ summary: optText })

// Each kind of result's document type (from the registry), and the schema its cards must pass.
const DOC_TYPE = TYPE_FOR_SEARCH_KIND

type Item<K extends SearchKind> = SearchItems[K]
const SCHEMA: { [K in SearchKind]: z.ZodType<Item<K>> } = {
  course: courseCard,
  campaign: campaignCard,
  report: reportCard,
  news: newsCard,
  organisation: orgResult,
}

/** Normalised query text (what the page shows and its path carries). */
function normaliseQuery(q: string | null): string {
  return (q ?? '').replace(/\s+/g, ' ').trim().slice(0, 100)
}

/** 'Child  trafficking!' → ['child*', 'trafficking*'] (letters and digits only, at most 6 words). */
function searchTerms(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 6).map((w) => `${w}*`)
}

/** The canonical path of a search: the words, then the type and page when they matter. */
function searchHref(q: string, kind?: SearchKind, page = 1): string {
  if (!q) return '/search'
  const params = new URLSearchParams({ q })
  if (kind) params.set('type', kind)
  if (kind && page > 1) params.set('page', String(page))
  return `/search?${params.toString()}`
}

const noResults = (): SearchResults => ({
  course: { total: 0, items: [] },
  campaign: { total: 0, items: [] },
  report: { total: 0, items: [] },
  news: { total: 0, items: [] },
  organisation: { total: 0, items: [] },
})

export async function buildSearch(ctx: BuildContext): Promise<BuiltPage> {
  const q = normaliseQuery(ctx.url.searchParams.get('q'))
  const terms = searchTerms(q)
  // A type only narrows a search that has words; an unknown one is ignored.
  const kind = q ? SEARCH_KINDS.find((k) => k === ctx.url.searchParams.get('type')) : undefined
  if (terms.length === 0) {
    const rawSettings = await ctx.fetch(settingsQuery)
    const path = searchHref(q)
    return htmlPage({
      path,
      title: 'Search',
      deps: deps([rawSettings]),
      element: (
        <SearchView
          env={ctx.env}
          settings={parseSettings(rawSettings)}
          path={path}
          q={q}
          results={q ? noResults() : null}
          now={ctx.now}
        />
      ),
    })
  }
  return kind ? searchOneKind(ctx, q, terms, kind) : searchOverview(ctx, q, terms)
}

async function searchOverview(ctx: BuildContext, q: string, terms: string[]): Promise<BuiltPage> {
  const raw = await ctx.fetch(searchQuery, { terms })
  const totals = field(raw, 'totals')
  const used: unknown[] = [field(raw, 'settings')]
  const results = noResults()
  const take = <K extends SearchKind>(kind: K) => {
    const parsed = parseItems(SCHEMA[kind], field(raw, DOC_TYPE[kind]))
    const counted = field(totals, DOC_TYPE[kind])
    used.push(...parsed.map((p) => p.raw))
    const found: Found<Item<K>> = {
      total: typeof counted === 'number' ? counted : parsed.length,
      items: parsed.map((p) => p.item),
    }
    return found
  }
  results.course = take('course')
  results.campaign = take('campaign')
  results.report = take('report')
  results.news = take('news')
  results.organisation = take('organisation')
  const path = searchHref(q)
  return htmlPage({
    path,
    title: `Search results for “${q}”`,
    deps: deps(
      used,
      SEARCH_KINDS.map((k) => DOC_TYPE[k]),
    ),
    element: (
      <SearchView
        env={ctx.env}
        settings={parseSettings(field(raw, 'settings'))}
        path={path}
        q={q}
        results={results}
        href={(k, page) => searchHref(q, k, page)}
        now={ctx.now}
      />
    ),
  })
}

async function searchOneKind<K extends SearchKind>(
  ctx: BuildContext,
  q: string,
  terms: string[],
  kind: K,
): Promise<BuiltPage> {
  const type = DOC_TYPE[kind]
  const raw = await ctx.fetch(searchTypeQuery, { terms, type, ...listParams(ctx.url) })
  const settings = parseSettings(field(raw, 'settings'))
  const page = pageParam(ctx.url)
  const { total, pages, slice } = listWindow(raw, page, SCHEMA[kind])
  const pageDeps = deps([field(raw, 'settings'), ...slice.map((s) => s.raw)], [type])
  if (page === null || page > pages) return notFoundPage(ctx, settings, pageDeps)
  const found: Found<Item<K>> = { total, items: slice.map((s) => s.item) }
  const results: SearchResults = { ...noResults(), [kind]: found }
  const path = searchHref(q, kind, page)
  return htmlPage({
    path,
    title: `Search results for “${q}”`,
    deps: pageDeps,
    element: (
      <SearchView
        env={ctx.env}
        settings={settings}
        path={path}
        q={q}
        results={results}
        only={{ kind, page, pages }}
        href={(k, p) => searchHref(q, k, p)}
        now={ctx.now}
      />
    ),
  })
}
