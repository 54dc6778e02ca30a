// The store's query engine over an in-memory dataset, as the narrowing tests drive it: no server,
// the same project settings the store runs with, and the perspectives a client can ask for.
import fc from 'fast-check'
import { evaluate, parse } from 'groq-js'
import { QueryEngine } from '../../../studio/store/query'
import type { SanityDoc } from '../../../studio/store/types'
import { parsePerspective } from '../../../studio/store/views'

/** published, drafts and raw, as the store parses them for the current API version. */
export const PERSPECTIVE_NAMES = ['published', 'drafts', 'raw'] as const
export const perspectiveOf = (name: string) => parsePerspective(name, '2025-02-19')
export const PERSPECTIVES = PERSPECTIVE_NAMES.map(perspectiveOf)

/** An engine reading `source` for its documents and revision, as the store's own does. */
export function engineOver(source: () => { docs: Map<string, SanityDoc>; revision: number }) {
  return new QueryEngine(source, { projectId: 'safeguard', dataset: 'production' })
}

/** Stored documents: for some of `ids` a published document, for some a draft of it. */
export function storeOf(ids: string[], docArb: (id: string) => fc.Arbitrary<SanityDoc>) {
  return fc
    .tuple(
      fc.tuple(...ids.map((id) => fc.option(docArb(id), { nil: null }))),
      fc.tuple(...ids.map((id) => fc.option(docArb(`drafts.${id}`), { nil: null }))),
    )
    .map(([published, drafts]) => {
      const docs = new Map<string, SanityDoc>()
      for (const doc of [...published, ...drafts]) if (doc) docs.set(doc._id, doc)
      return docs
    })
}

/** Up to six writes, each a document (or a removal) at one of `ids` or its draft. */
export function writesOf(ids: string[], docArb: (id: string) => fc.Arbitrary<SanityDoc>) {
  const write = fc.tuple(
    fc.constantFrom(...ids, ...ids.map((id) => `drafts.${id}`)),
    fc.option(docArb('x'), { nil: null }),
  )
  return fc.array(write, { maxLength: 6 })
}

/**
 * An engine over a copy of `initial` (fast-check replays generated values while shrinking, so
 * they must stay as made) whose live views were built by `query` first, so that `writes` then
 * go through their incremental updates, one commit each.
 */
export async function engineAfterWrites(
  initial: Map<string, SanityDoc>,
  writes: [string, SanityDoc | null][],
  query: string,
  params: Record<string, unknown>,
) {
  const docs = new Map(initial)
  let revision = 1
  const engine = engineOver(() => ({ docs, revision }))
  for (const perspective of PERSPECTIVES) await engine.run({ query, params, perspective })
  for (const [id, doc] of writes) {
    if (doc) docs.set(id, { ...doc, _id: id })
    else docs.delete(id)
    revision++
    engine.changed([id])
  }
  return { docs, engine }
}

/** What groq-js itself answers over `docs` (a whole view, unnarrowed), as JSON carries it. */
export async function fullScan(
  docs: SanityDoc[],
  query: string,
  params: Record<string, unknown>,
): Promise<unknown> {
  const result = await (await evaluate(parse(query, { params }), { dataset: docs, params })).get()
  return JSON.parse(JSON.stringify(result ?? null)) as unknown
}
