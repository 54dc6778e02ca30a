// Builder for /search?q=. The words are folded (case and accents ignored) and matched against the
// search index in D1 (worker/search), ranked, 12 results a page, optionally narrowed to one kind,
// one topic and one organisation. Cards and site settings come from the index, so a search asks
// the content store nothing (unless the index has never been written). An empty query shows just
// the form; a query with no letters or digits (only emoji or punctuation) matches nothing.
import type * as z from 'zod'
import { TOPICS } from '../../../schemas/choices'
import {
  campaignCard,
  contact,
  courseCard,
  newsCard,
  orgSummary,
  reportCard,
} from '../../content/models'
import { optText } from '../../content/fields'
import { settingsQuery } from '../../content/queries'
import { KIND_OF_TYPE } from '../../search/index-writer'
import { CANDIDATES, searchIndex, type Hit } from '../../search/index-reader'
import { searchTerms } from '../../search/text'
import {
  deps,
  htmlPage,
  listPath,
  notFoundPage,
  PAGE_SIZE,
  pageParam,
  slugParam,
  type BuildContext,
  type BuiltPage,
} from '../kit'
import { parseSettings } from '../../content/settings'
import {
  SEARCH_KINDS,
  SearchView,
  type Result,
  type SearchAnswer,
  type SearchFiltersShown,
  type SearchKind,
} from '../views/search'

const orgResult = orgSummary.extend({ summary: optText })

const SCHEMA: { [K in SearchKind]: z.ZodType<Extract<Result, { kind: K }>['item']> } = {
  course: courseCard,
  campaign: campaignCard,
  report: reportCard,
  news: newsCard,
  organisation: orgResult,
  contact,
}

/** Normalised query text (what the page shows and its path carries). */
function normaliseQuery(q: string | null): string {
  return (q ?? '').replace(/\s+/g, ' ').trim().slice(0, 100)
}

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  values.find((x) => x === v)

/** The canonical path of a search: the words, then each filter that applies, then the page. */
function searchHref(q: string, f: SearchFiltersShown, page = 1): string {
  if (!q) return '/search'
  return listPath(
    '/search',
    [
      ['q', q],
      ['type', f.kind],
      ['topic', f.topic],
      ['organisation', f.organisation?.slug],
    ],
    page,
  )
}

// Every searchable type: a publish of any of them may change any search's results, so search
// pages list them all (a purge by any of these tags clears cached searches).
const SEARCH_TYPES = Object.keys(KIND_OF_TYPE)

function toResult(hit: Hit): Result | null {
  const kind = hit.type
  const parsed = SCHEMA[kind].safeParse(hit.card)
  return parsed.success ? ({ kind, item: parsed.data } as Result) : null
}

export async function buildSearch(ctx: BuildContext): Promise<BuiltPage> {
  const params = ctx.url.searchParams
  const q = normaliseQuery(params.get('q'))
  const terms = searchTerms(q)
  const page = pageParam(ctx.url)
  const kind = oneOf(SEARCH_KINDS, params.get('type'))
  const topic = oneOf(TOPICS, params.get('topic'))
  const {
    settings: stored,
    orgs,
    org,
    found,
  } = await searchIndex(
    ctx.env.DB,
    terms,
    { kind, topic, orgSlug: slugParam(params.get('organisation')) },
    { offset: ((page ?? 1) - 1) * PAGE_SIZE, limit: PAGE_SIZE },
  )
  // Before the index was first written the settings come from the content store, once.
  const rawSettings = stored ?? (await ctx.fetch(settingsQuery))
  const settings = parseSettings(rawSettings)
  // Unknown filter values are ignored, as the listings ignore them; the path leaves them out.
  const filters: SearchFiltersShown = {
    kind,
    topic,
    organisation: org ? { slug: org.slug, name: org.name } : undefined,
  }
  const options = { orgs: orgs.map((o) => ({ slug: o.slug, name: o.name })) }
  const searchPage = (
    path: string,
    title: string,
    pageDeps: string[],
    answer: SearchAnswer | null,
  ) =>
    htmlPage({
      path,
      title,
      deps: pageDeps,
      element: (
        <SearchView
          env={ctx.env}
          settings={settings}
          path={path}
          q={q}
          filters={filters}
          options={options}
          answer={answer}
          href={(f, p) => searchHref(q, f, p)}
          now={ctx.now}
        />
      ),
    })

  if (found === null) {
    return searchPage(
      searchHref(q, filters),
      'Search',
      deps([rawSettings], SEARCH_TYPES),
      q
        ? {
            total: 0,
            counts: {},
            ranked: CANDIDATES,
            results: [],
            page: 1,
            pages: 1,
            noWords: true,
          }
        : null,
    )
  }

  const counts: Partial<Record<SearchKind, number>> = Object.fromEntries(found.counts)
  const total = filters.kind
    ? (counts[filters.kind] ?? 0)
    : [...found.counts.values()].reduce((a, b) => a + b, 0)
  // Pages reach as far as the ranked matches do.
  const pages = Math.max(1, Math.ceil(Math.min(total, CANDIDATES) / PAGE_SIZE))
  const results = found.hits.flatMap((h) => toResult(h) ?? [])
  const pageDeps = deps([rawSettings, ...results.map((r) => ({ _id: r.item._id }))], SEARCH_TYPES)
  if (page === null || page > pages) return notFoundPage(ctx, settings, pageDeps)
  return searchPage(searchHref(q, filters, page), `Search results for “${q}”`, pageDeps, {
    total,
    counts,
    ranked: CANDIDATES,
    results,
    page,
    pages,
    noWords: false,
  })
}
