// Generated search-index documents for the search tests: each with a word of its own, written
// into the index as the rebuild consumer writes them, so no test depends on another's content.
import { env } from 'cloudflare:test'
import { upsertStatements, type IndexDoc } from '../../../worker/search/index-writer'

export const uid = () => crypto.randomUUID().replace(/-/g, '').slice(0, 8)
/** A word of letters only that nothing else in the index contains. */
export const uniqueWord = (stem: string) =>
  `${stem}${uid()
    .replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)] ?? 'q')
    .slice(0, 6)}`

export function report(id: string, fields: Partial<IndexDoc> = {}): IndexDoc {
  const slug = `search-${id}`
  return {
    _id: `report.${id}`,
    _type: 'report',
    _rev: 'r1',
    slug,
    title: `Report ${id}`,
    summary: null,
    body: null,
    topics: [],
    date: '2025-01-01',
    orgs: [],
    card: {
      _id: `report.${id}`,
      title: fields.title ?? `Report ${id}`,
      slug,
      publishedAt: fields.date ?? '2025-01-01',
      summary: fields.summary ?? undefined,
      publishers: [],
    },
    ...fields,
  }
}

export async function index(docs: IndexDoc[]): Promise<void> {
  await env.DB.batch(docs.flatMap((d) => upsertStatements(env.DB, d)))
}

/** An ISO date `n` days after 1 January 2010. */
export const day = (n: number) => new Date(Date.UTC(2010, 0, 1) + n * 86_400_000).toISOString()
