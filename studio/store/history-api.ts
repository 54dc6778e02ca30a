// The history API the Studio's history and review-changes panes read (`data/history/<ds>/...`):
// `transactions/<ids>` (NDJSON, with mendoza effects and mutations), `documents/<ids>` at a
// revision or a time, and `events/documents/<id>` (history-events.ts), all from the store's
// transaction log. Effects replace the whole document (`[0, doc]`): valid mendoza, and what the
// Studio needs to replay revisions, though it attributes a whole revision to its transaction.
import type { Dataset } from './dataset'
import type { HistoryEntry, HistoryLog } from './history-log'
import { badParam, documentEvents, limitParam, MAX_LIMIT } from './history-events'
import { sendJson, type Ctx } from './http'
import { isDraftId, isVersionId, publishedId, StoreError, type SanityDoc } from './types'

export function handleHistory(ctx: Ctx, dataset: Dataset, rest: string[]): void {
  const [what, first, second] = rest
  const log = dataset.history
  if (what === 'transactions') {
    transactions(ctx, log, idList(first))
    return
  }
  if (what === 'documents') {
    documents(ctx, log, idList(first), (id) => dataset.get(id) ?? null)
    return
  }
  if (what === 'events' && first === 'documents' && second) {
    const [documentId] = idList(second)
    const { events, nextCursor } = documentEvents(log, documentId ?? '', ctx.url.searchParams)
    sendJson(ctx.res, 200, { events: { [documentId ?? '']: events }, nextCursor })
    return
  }
  if (what === 'events') {
    // Release activity is only asked for when `beta.eventsAPI.releases` is on.
    sendJson(ctx.res, 200, { events: {}, nextCursor: '' })
    return
  }
  throw new StoreError(404, { description: 'Unknown history endpoint', type: 'httpNotFound' })
}

function idList(value: string | undefined): string[] {
  let ids: string[]
  try {
    ids = (value ?? '')
      .split(',')
      .map((id) => decodeURIComponent(id).trim())
      .filter(Boolean)
  } catch {
    ids = []
  }
  if (ids.length === 0) {
    throw new StoreError(400, {
      description: 'Give one or more comma-separated document ids in the path',
      type: 'validationError',
    })
  }
  return ids
}

function timeParam(search: URLSearchParams, name: string): number | undefined {
  const raw = search.get(name)
  if (raw === null || raw === '') return undefined
  const ms = Date.parse(raw)
  if (Number.isNaN(ms)) throw badParam(name, 'an ISO 8601 date-time')
  return ms
}

function withoutRev(doc: SanityDoc | null): Omit<SanityDoc, '_rev'> | null {
  if (!doc) return null
  const { _rev: _ignored, ...rest } = doc
  return rest
}

function transactions(ctx: Ctx, log: HistoryLog, ids: string[]): void {
  const search = ctx.url.searchParams
  const flag = (name: string) => search.get(name) === 'true'
  const limit = limitParam(search, MAX_LIMIT)
  const fromTime = timeParam(search, 'fromTime')
  const toTime = timeParam(search, 'toTime')
  const authors = new Set((search.get('authors') ?? '').split(',').filter(Boolean))
  // Transaction bounds are inclusive; an unknown bound matches nothing (as an empty range).
  const bound = (name: string) => {
    const id = search.get(name)
    if (!id) return undefined
    return log.transaction(id)?.index ?? Number.NaN
  }
  const from = bound('fromTransaction') ?? -Infinity
  const to = bound('toTransaction') ?? Infinity
  let list = log
    .entriesFor(ids)
    .filter((e) => e.index >= from && e.index <= to)
    .filter((e) => fromTime === undefined || Date.parse(e.time) >= fromTime)
    .filter((e) => toTime === undefined || Date.parse(e.time) <= toTime)
    .filter((e) => authors.size === 0 || authors.has(e.author))
  if (flag('reverse')) list = list.reverse()
  list = list.slice(0, limit)
  const only = flag('includeIdentifiedDocumentsOnly') ? new Set(ids) : null
  const mendoza = search.get('effectFormat') === 'mendoza'
  const mutations = !flag('excludeMutations')
  const body = list
    .map((entry) => {
      const documentIDs = only ? entry.ids.filter((id) => only.has(id)) : entry.ids
      const line: Record<string, unknown> = {
        id: entry.id,
        timestamp: entry.time,
        author: entry.author,
        documentIDs,
      }
      if (mendoza) line.effects = effectsOf(log, entry, documentIDs)
      if (mutations) line.mutations = mutationsOf(log, entry, documentIDs)
      return `${JSON.stringify(line)}\n`
    })
    .join('')
  ctx.res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' })
  ctx.res.end(body)
}

function effectsOf(log: HistoryLog, entry: HistoryEntry, ids: string[]): Record<string, unknown> {
  const effects: Record<string, unknown> = {}
  for (const id of ids) {
    const before = entry.base ? null : log.stateBefore(entry, id)
    const after = log.stateAfter(entry, id)
    effects[id] = { apply: [0, withoutRev(after)], revert: [0, withoutRev(before)] }
  }
  return effects
}

/** The log keeps states, not requests: each write reads back as the replace it amounts to. */
function mutationsOf(log: HistoryLog, entry: HistoryEntry, ids: string[]): unknown[] {
  return ids.map((id) => {
    const after = log.stateAfter(entry, id)
    if (!after) return { delete: { id } }
    if (!entry.base) return { createOrReplace: after }
    // Documents from before history began read as Sanity's squashed history does.
    return {
      createSquashed: {
        authors: [entry.author],
        createdBy: entry.author,
        createdAt: after._createdAt ?? entry.time,
        document: after,
      },
    }
  })
}

function documents(
  ctx: Ctx,
  log: HistoryLog,
  ids: string[],
  current: (id: string) => SanityDoc | null,
): void {
  const search = ctx.url.searchParams
  const revision = search.get('revision')
  const time = search.get('time')
  if (revision && time) {
    throw new StoreError(400, {
      description: 'Give either "revision" or "time", not both',
      type: 'validationError',
    })
  }
  let stateOf: (id: string) => SanityDoc | null
  if (search.get('lastRevision') === 'true') {
    stateOf = (id) => current(id) ?? log.lastRevision(id)
  } else if (revision) {
    const entry = log.transaction(revision)
    stateOf = (id) => (entry ? log.stateAsOf(id, entry.index) : null)
  } else if (time) {
    const ms = timeParam(search, 'time') ?? Date.now()
    const index = log.indexAtTime(new Date(ms).toISOString())
    stateOf = (id) => log.stateAsOf(id, index)
  } else {
    stateOf = current
  }
  const documents = ids.flatMap((id) => {
    // A draft that did not exist yet reads as the published document it would start from.
    const doc = stateOf(id) ?? (isDraftId(id) || isVersionId(id) ? stateOf(publishedId(id)) : null)
    return doc ? [doc] : []
  })
  const unique = [...new Map(documents.map((d) => [`${d._id}@${d._rev ?? ''}`, d])).values()]
  sendJson(ctx.res, 200, { documents: unique })
}
