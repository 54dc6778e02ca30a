// The mutate API's operations (create, createOrReplace, createIfNotExists, delete, patch, by id
// or by query) applied to a staging area over the dataset, so a transaction that fails part
// way commits nothing.
import { randomId, type Dataset } from './dataset'
import { applyPatch, mutationError, validatePatch } from './patch'
import { isRecord, StoreError, type DocChange, type SanityDoc } from './types'

export type Operation = 'create' | 'update' | 'delete' | 'none'
export type MutationResult = { id: string; operation: Operation }

const ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/

/** Uncommitted document states layered over the dataset for one transaction. */
export class Staging {
  private readonly staged = new Map<string, SanityDoc | null>()

  constructor(readonly dataset: Dataset) {}

  get(id: string): SanityDoc | null {
    return this.staged.has(id) ? (this.staged.get(id) ?? null) : (this.dataset.get(id) ?? null)
  }

  put(id: string, doc: SanityDoc | null): void {
    this.staged.set(id, doc)
  }

  /** Net changes against the committed dataset (documents written then restored are kept). */
  changes(): DocChange[] {
    const out: DocChange[] = []
    for (const [id, after] of this.staged) {
      const before = this.dataset.get(id) ?? null
      if (before === null && after === null) continue
      out.push({ id, before, after })
    }
    return out
  }
}

export function checkId(id: unknown): string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw mutationError(400, `Invalid document ID "${String(id)}"`)
  }
  return id
}

export function checkDocument(doc: unknown, requireId: boolean): SanityDoc {
  if (!isRecord(doc)) throw mutationError(400, 'A document must be an object')
  if (typeof doc._type !== 'string' || doc._type === '') {
    throw mutationError(400, 'A document must have a _type')
  }
  const id = doc._id === undefined && !requireId ? randomId() : checkId(doc._id)
  return { ...doc, _id: id, _type: doc._type }
}

function missing(id: string): StoreError {
  return mutationError(404, `The mutation(s) failed: Document "${id}" not found`)
}

/** Adds `_key` to objects in arrays that lack one (the autoGenerateArrayKeys option). */
function withArrayKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => {
      const next = withArrayKeys(item)
      return isRecord(next) && typeof next._key !== 'string'
        ? { _key: randomId(12), ...next }
        : next
    })
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = withArrayKeys(v)
    return out
  }
  return value
}

type Options = { autoGenerateArrayKeys: boolean }

export function applyMutations(
  staging: Staging,
  mutations: unknown,
  opts: Options,
): MutationResult[] {
  if (!Array.isArray(mutations) || mutations.length === 0) {
    throw mutationError(400, 'Body must have a non-empty "mutations" array')
  }
  const results: MutationResult[] = []
  for (const raw of mutations) {
    const mutation = opts.autoGenerateArrayKeys ? withArrayKeys(raw) : raw
    if (!isRecord(mutation) || Object.keys(mutation).length !== 1) {
      throw mutationError(400, 'Each mutation must have exactly one operation')
    }
    const [kind, body] = Object.entries(mutation)[0] ?? []
    results.push(...applyOne(staging, String(kind), body))
  }
  return results
}

function applyOne(staging: Staging, kind: string, body: unknown): MutationResult[] {
  switch (kind) {
    case 'create': {
      const doc = checkDocument(body, false)
      if (staging.get(doc._id)) {
        throw mutationError(409, `Document by ID "${doc._id}" already exists`)
      }
      staging.put(doc._id, doc)
      return [{ id: doc._id, operation: 'create' }]
    }
    case 'createOrReplace': {
      const doc = checkDocument(body, true)
      const existed = staging.get(doc._id) !== null
      staging.put(doc._id, doc)
      return [{ id: doc._id, operation: existed ? 'update' : 'create' }]
    }
    case 'createIfNotExists': {
      const doc = checkDocument(body, true)
      if (staging.get(doc._id)) return [{ id: doc._id, operation: 'none' }]
      staging.put(doc._id, doc)
      return [{ id: doc._id, operation: 'create' }]
    }
    case 'delete': {
      return targets(staging, body).map((id) => {
        const existed = staging.get(id) !== null
        staging.put(id, null)
        return { id, operation: existed ? 'delete' : 'none' }
      })
    }
    case 'patch': {
      const patch = validatePatch(body)
      return targets(staging, patch).map((id) => {
        const doc = staging.get(id)
        if (!doc) throw missing(id)
        staging.put(id, applyPatch(doc, patch))
        return { id, operation: 'update' }
      })
    }
    default:
      throw mutationError(400, `Unknown mutation type "${kind}"`)
  }
}

/** The ids a delete or patch addresses: `id`, or every document a GROQ `query` returns. */
function targets(staging: Staging, body: unknown): string[] {
  if (!isRecord(body)) throw mutationError(400, 'Mutation body must be an object')
  if (typeof body.id === 'string') return [checkId(body.id)]
  if (typeof body.query === 'string') {
    const params = isRecord(body.params) ? body.params : {}
    return queryIds(staging.dataset, body.query, params)
  }
  throw mutationError(400, 'Mutation needs an "id" or a "query"')
}

function queryIds(dataset: Dataset, query: string, params: Record<string, unknown>): string[] {
  // Evaluated synchronously against the committed state: query-addressed writes in the same
  // transaction as other writes see the dataset as it was when the transaction began.
  const ids: string[] = []
  const json = dataset.engine.runSync({ query, params, perspective: 'raw' })
  const result: unknown = JSON.parse(json)
  const items = Array.isArray(result) ? result : [result]
  for (const item of items) if (isRecord(item) && typeof item._id === 'string') ids.push(item._id)
  return ids
}
