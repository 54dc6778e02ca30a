// The data API (`/v<date>/data/...`): query, doc, mutate, actions, listen and history,
// dispatched to the dataset named in the path. Unknown datasets answer 404 as Sanity does.
import { readJson, sendJson, sendRawJson, type Ctx } from './http'
import type { Dataset } from './dataset'
import { handleHistory } from './history-api'
import { handleLiveEvents } from './live'
import { isRecord, StoreError } from './types'
import { parsePerspective } from './views'

export type DataHooks = {
  mutate(ctx: Ctx, dataset: Dataset, body: unknown): Promise<void> | void
  actions(ctx: Ctx, dataset: Dataset, body: unknown): Promise<void> | void
  listen(ctx: Ctx, dataset: Dataset, apiVersion: string): void
}

export type DataApiOptions = {
  datasets: Map<string, Dataset>
  projectId: string
  maxBodyBytes: number
  hooks: DataHooks
}

export async function handleData(
  ctx: Ctx,
  apiVersion: string,
  segments: string[],
  opts: DataApiOptions,
): Promise<void> {
  // `live/events/<dataset>` names the dataset one segment later than the other endpoints.
  const live = segments[0] === 'live' && segments[1] === 'events'
  const [kind, datasetName, ...rest] = live ? ['live', ...segments.slice(2)] : segments
  if (!kind || !datasetName) throw notFound('Unknown data endpoint')
  const dataset = opts.datasets.get(datasetName)
  if (!dataset) {
    throw new StoreError(404, {
      description: `Dataset "${datasetName}" not found for project ID "${opts.projectId}"`,
      type: 'datasetNotFoundError',
    })
  }
  const { method } = ctx
  if (kind === 'query' && (method === 'GET' || method === 'POST')) {
    await query(ctx, dataset, apiVersion, opts.maxBodyBytes)
    return
  }
  if (kind === 'doc' && method === 'GET') {
    getDocuments(ctx, dataset, rest.join('/'))
    return
  }
  if (kind === 'mutate' && method === 'POST') {
    await opts.hooks.mutate(ctx, dataset, await readJson(ctx.req, opts.maxBodyBytes))
    return
  }
  if (kind === 'actions' && method === 'POST') {
    await opts.hooks.actions(ctx, dataset, await readJson(ctx.req, opts.maxBodyBytes))
    return
  }
  if (kind === 'listen' && method === 'GET') {
    opts.hooks.listen(ctx, dataset, apiVersion)
    return
  }
  if (live && method === 'GET') {
    handleLiveEvents(ctx, dataset)
    return
  }
  if (kind === 'history' && method === 'GET') {
    handleHistory(ctx, dataset, rest)
    return
  }
  throw notFound(`Unknown data endpoint: ${method} ${kind}`)
}

export function notFound(description: string): StoreError {
  return new StoreError(404, { description, type: 'httpNotFound' })
}

/** `$name=<JSON>` query-string parameters, as @sanity/client sends them on GET. */
export function paramsFromSearch(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue
    try {
      params[key.slice(1)] = JSON.parse(value)
    } catch {
      throw new StoreError(400, {
        description: `Unable to parse value of "${key}=${value}". Please quote string values.`,
        type: 'queryParseError',
      })
    }
  }
  return params
}

async function query(ctx: Ctx, dataset: Dataset, apiVersion: string, limit: number): Promise<void> {
  const started = performance.now()
  const search = ctx.url.searchParams
  let text = search.get('query')
  let params = paramsFromSearch(search)
  let perspectiveParam = search.get('perspective')
  if (ctx.method === 'POST') {
    const body = await readJson(ctx.req, limit)
    if (!isRecord(body)) throw new StoreError(400, { description: 'Body must be a JSON object' })
    if (typeof body.query === 'string') text = body.query
    if (isRecord(body.params)) params = { ...params, ...body.params }
    if (typeof body.perspective === 'string') perspectiveParam = body.perspective
    if (Array.isArray(body.perspective)) perspectiveParam = body.perspective.join(',')
  }
  if (!text) {
    throw new StoreError(400, { description: 'Missing query', type: 'queryParseError' })
  }
  const perspective = parsePerspective(perspectiveParam, apiVersion)
  const result = await dataset.query({ query: text, params, perspective })
  const ms = Math.round(performance.now() - started)
  const returnQuery = search.get('returnQuery') !== 'false'
  const head = returnQuery ? `{"query":${JSON.stringify(text)},"result":` : '{"result":'
  sendRawJson(ctx.res, 200, `${head}${result},"ms":${ms}}`)
}

function getDocuments(ctx: Ctx, dataset: Dataset, idList: string): void {
  const ids = idList
    .split(',')
    .map((id) => decodeURIComponent(id).trim())
    .filter(Boolean)
  if (ids.length === 0) throw new StoreError(400, { description: 'No document ids given' })
  const documents = []
  const omitted = []
  for (const id of ids) {
    const doc = dataset.get(id)
    if (doc) documents.push(doc)
    else omitted.push({ id, reason: 'existence' })
  }
  sendJson(ctx.res, 200, { documents, omitted })
}
