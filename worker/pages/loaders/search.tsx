// Builder for /search?q=. The visitor's words become GROQ prefix patterns passed as a
// parameter (never spliced into the query); an empty query shows just the form.
import { z } from 'zod'
import { campaignCard, courseCard, newsCard, orgSummary, reportCard } from '../../content/models'
import { optText } from '../../content/fields'
import { searchQuery, settingsQuery } from '../../content/queries'
import {
  deps,
  field,
  htmlPage,
  parseItems,
  parseSettings,
  type BuildContext,
  type BuiltPage,
} from '../kit'
import { SearchView } from '../views/search'

const orgResult = orgSummary.extend({ summary: optText })

/** Normalised query text (what the page shows and its path carries). */
export function normaliseQuery(q: string | null): string {
  return (q ?? '').replace(/\s+/g, ' ').trim().slice(0, 100)
}

/** 'Child  trafficking!' → ['child*', 'trafficking*'] (letters and digits only, at most 6 words). */
export function searchTerms(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 6).map((w) => `${w}*`)
}

export async function buildSearch(ctx: BuildContext): Promise<BuiltPage> {
  const q = normaliseQuery(ctx.url.searchParams.get('q'))
  const terms = searchTerms(q)
  const path = q ? `/search?${new URLSearchParams({ q }).toString()}` : '/search'
  if (terms.length === 0) {
    const rawSettings = await ctx.fetch(settingsQuery)
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
          results={q ? emptyResults() : null}
          now={ctx.now}
        />
      ),
    })
  }
  const raw = await ctx.fetch(searchQuery, { terms })
  const pick = <T,>(schema: z.ZodType<T>, key: string) => parseItems(schema, field(raw, key))
  const courses = pick(courseCard, 'courses')
  const campaigns = pick(campaignCard, 'campaigns')
  const reports = pick(reportCard, 'reports')
  const news = pick(newsCard, 'news')
  const organisations = pick(orgResult, 'organisations')
  const used = [courses, campaigns, reports, news, organisations].flatMap((l) =>
    l.map((x) => x.raw),
  )
  return htmlPage({
    path,
    title: `Search results for “${q}”`,
    deps: deps(
      [field(raw, 'settings'), ...used],
      ['course', 'campaign', 'report', 'newsPost', 'organisation'],
    ),
    element: (
      <SearchView
        env={ctx.env}
        settings={parseSettings(field(raw, 'settings'))}
        path={path}
        q={q}
        results={{
          courses: courses.map((x) => x.item),
          campaigns: campaigns.map((x) => x.item),
          reports: reports.map((x) => x.item),
          news: news.map((x) => x.item),
          organisations: organisations.map((x) => x.item),
        }}
        now={ctx.now}
      />
    ),
  })
}

function emptyResults() {
  return { courses: [], campaigns: [], reports: [], news: [], organisations: [] }
}
