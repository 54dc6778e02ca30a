// `data/listen`: server-sent events as Sanity sends them — `welcome`, then one `mutation` event
// per changed document matching the listen query (before or after the change), with mendoza
// effects the Studio applies and `mutations` its buffered documents replay.
import { evaluateSync, toJS, type ExprNode } from 'groq-js'
import { paramsFromSearch } from './api'
import { randomId, type Dataset } from './dataset'
import type { Ctx } from './http'
import { parseQuery } from './query'
import {
  isVersionId,
  StoreError,
  type CommittedTransaction,
  type DocChange,
  type SanityDoc,
} from './types'

const HEARTBEAT_MS = 25_000

type ListenOptions = {
  includeResult: boolean
  includePreviousRevision: boolean
  includeMutations: boolean
  includeAllVersions: boolean
  mendoza: boolean
  events: Set<string> | null
}

function flag(search: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = search.get(name)
  return value === null ? fallback : value === 'true' || value === '1'
}

/** Whether the document is in the listen query's result when evaluated on it alone. */
function matches(tree: ExprNode, params: Record<string, unknown>, doc: SanityDoc | null): boolean {
  if (!doc) return false
  try {
    const result: unknown = toJS(evaluateSync(tree, { dataset: [doc], params }))
    return Array.isArray(result) ? result.length > 0 : result !== null && result !== false
  } catch {
    return false
  }
}

function withoutRev(doc: SanityDoc | null): Omit<SanityDoc, '_rev'> | null {
  if (!doc) return null
  const { _rev: _ignored, ...rest } = doc
  return rest
}

/** Mendoza effects: `[0, value]` replaces the whole document (value null = absent). */
function effects(change: DocChange): { apply: unknown[]; revert: unknown[] } {
  return { apply: [0, withoutRev(change.after)], revert: [0, withoutRev(change.before)] }
}

function mutationEvent(
  tx: CommittedTransaction,
  change: DocChange,
  index: number,
  total: number,
  transition: 'appear' | 'disappear' | 'update',
  opts: ListenOptions,
): Record<string, unknown> {
  const event: Record<string, unknown> = {
    eventId: `${tx.transactionId}#${change.id}`,
    documentId: change.id,
    transactionId: tx.transactionId,
    transition,
    identity: tx.identity,
    previousRev: change.before?._rev,
    // Sanity sets resultRev on deletes too; the Studio chains events on previousRev → resultRev.
    resultRev: tx.transactionId,
    timestamp: tx.timestamp,
    visibility: 'query',
    // Counted per listener: the Studio buffers a transaction until it has seen all its events.
    transactionTotalEvents: total,
    transactionCurrentEvent: index + 1,
  }
  // A replace (or delete) reproduces the server's result exactly when a client replays it.
  if (opts.includeMutations) {
    event.mutations = change.after
      ? [{ createOrReplace: change.after }]
      : [{ delete: { id: change.id } }]
  }
  if (opts.includeResult && change.after) event.result = change.after
  if (opts.includePreviousRevision && change.before) event.previous = change.before
  if (opts.mendoza) event.effects = effects(change)
  return event
}

export function handleListen(ctx: Ctx, dataset: Dataset): void {
  const search = ctx.url.searchParams
  const query = search.get('query')
  if (!query) throw new StoreError(400, { description: 'Missing query', type: 'queryParseError' })
  const params = paramsFromSearch(search)
  const tree = parseQuery(query, params)
  const eventsParam = search.get('events')
  const opts: ListenOptions = {
    includeResult: flag(search, 'includeResult', true),
    includePreviousRevision: flag(search, 'includePreviousRevision', false),
    includeMutations: flag(search, 'includeMutations', true),
    includeAllVersions: flag(search, 'includeAllVersions', false),
    mendoza: search.get('effectFormat') === 'mendoza',
    events: eventsParam ? new Set(eventsParam.split(',').map((s) => s.trim())) : null,
  }
  const wants = (type: string) => opts.events === null || opts.events.has(type)
  const { res } = ctx
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  })
  const send = (event: string, data: unknown, id?: string) => {
    res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }
  if (wants('welcome')) send('welcome', { listenerName: randomId(16) })
  else res.write(': connected\n\n')

  const unsubscribe = dataset.subscribe((tx) => {
    if (!wants('mutation')) return
    const matched = tx.changes.flatMap((change) => {
      if (isVersionId(change.id) && !opts.includeAllVersions) return []
      const before = matches(tree, params, change.before)
      const after = matches(tree, params, change.after)
      if (!before && !after) return []
      const transition = !before ? 'appear' : !after ? 'disappear' : 'update'
      return [{ change, transition } as const]
    })
    matched.forEach(({ change, transition }, index) => {
      const event = mutationEvent(tx, change, index, matched.length, transition, opts)
      send('mutation', event, String(event.eventId))
    })
  })
  // A comment line keeps proxies and the browser from timing out an idle stream.
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  ctx.req.on('close', () => {
    clearInterval(heartbeat)
    unsubscribe()
  })
}
