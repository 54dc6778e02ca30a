// The write endpoints: `data/mutate` (scripts, import, live-edit documents) and `data/actions`
// (every Studio write). Each request is one all-or-nothing transaction.
import { applyActions } from './actions'
import { randomId, type Dataset } from './dataset'
import { sendJson, type Ctx } from './http'
import { applyMutations, Staging } from './mutations'
import { isRecord, LOCAL_IDENTITY, StoreError } from './types'

export { LOCAL_IDENTITY }

function transactionIdFrom(body: Record<string, unknown>): string | undefined {
  const id = body.transactionId
  if (id === undefined || id === null) return undefined
  if (typeof id !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(id)) {
    throw new StoreError(400, { description: 'Invalid transactionId', type: 'validationError' })
  }
  return id
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) {
    throw new StoreError(400, {
      description: 'Body must be a JSON object',
      type: 'validationError',
    })
  }
  return body
}

export function handleMutate(ctx: Ctx, dataset: Dataset, rawBody: unknown): void {
  const body = bodyObject(rawBody)
  const search = ctx.url.searchParams
  const staging = new Staging(dataset)
  const results = applyMutations(staging, body.mutations, {
    autoGenerateArrayKeys: search.get('autoGenerateArrayKeys') === 'true',
  })
  const requestedId = transactionIdFrom(body)
  const changes = staging.changes()
  let transactionId = requestedId ?? randomId()
  const committed = new Map<string, unknown>()
  if (search.get('dryRun') !== 'true' && changes.length > 0) {
    const tx = dataset.commit(changes, { transactionId, identity: LOCAL_IDENTITY })
    transactionId = tx.transactionId
    for (const change of tx.changes) committed.set(change.id, change.after)
  } else {
    for (const change of changes) committed.set(change.id, change.after)
  }
  const returnDocuments = search.get('returnDocuments') === 'true'
  const response: Record<string, unknown> = {
    transactionId,
    results: results.map((r) => {
      const document = committed.get(r.id) ?? staging.get(r.id)
      return returnDocuments && document ? { ...r, document } : r
    }),
  }
  if (search.get('returnIds') === 'true') response.documentIds = results.map((r) => r.id)
  sendJson(ctx.res, 200, response)
}

export function handleActions(ctx: Ctx, dataset: Dataset, rawBody: unknown): void {
  const body = bodyObject(rawBody)
  const staging = new Staging(dataset)
  applyActions(staging, body.actions)
  let transactionId = transactionIdFrom(body) ?? randomId()
  const changes = staging.changes()
  if (body.dryRun !== true && changes.length > 0) {
    transactionId = dataset.commit(changes, {
      transactionId,
      identity: LOCAL_IDENTITY,
    }).transactionId
  }
  sendJson(ctx.res, 200, { transactionId })
}
