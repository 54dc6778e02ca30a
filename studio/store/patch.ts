// Patch application with the same semantics the Studio applies locally (@sanity/mutator's
// patcher: set, setIfMissing, unset, inc, dec, insert, diffMatchPatch on JSONMatch paths), plus
// the server-side checks: ifRevisionID, unknown operations, immutable _id.
import { Mutation } from '@sanity/mutator'
import type { PatchMutationOperation } from '@sanity/types'
import { isRecord, StoreError, type SanityDoc } from './types'

const PATCH_KEYS = new Set([
  'id',
  'query',
  'params',
  'ifRevisionID',
  'set',
  'setIfMissing',
  'unset',
  'inc',
  'dec',
  'insert',
  'diffMatchPatch',
])

export function mutationError(status: number, description: string): StoreError {
  return new StoreError(status, { description, type: 'mutationError' })
}

/** Rejects anything that is not a known patch operation before any document is touched. */
export function validatePatch(patch: unknown): Record<string, unknown> {
  if (!isRecord(patch)) throw mutationError(400, 'A patch must be an object')
  for (const key of Object.keys(patch)) {
    if (!PATCH_KEYS.has(key)) throw mutationError(400, `Unknown patch operation "${key}"`)
  }
  for (const key of ['set', 'setIfMissing', 'inc', 'dec', 'diffMatchPatch']) {
    if (patch[key] !== undefined && !isRecord(patch[key])) {
      throw mutationError(400, `Patch operation "${key}" must map paths to values`)
    }
  }
  if (patch.unset !== undefined && !Array.isArray(patch.unset)) {
    throw mutationError(400, 'Patch operation "unset" must be an array of paths')
  }
  if (patch.insert !== undefined) {
    const insert = patch.insert
    const located =
      isRecord(insert) && ('before' in insert || 'after' in insert || 'replace' in insert)
    if (!located || !Array.isArray(insert.items)) {
      throw mutationError(400, 'Patch operation "insert" needs before/after/replace and items')
    }
  }
  return patch
}

/** Applies one patch to a document; throws a 409 when ifRevisionID does not match. */
export function applyPatch(doc: SanityDoc, rawPatch: unknown): SanityDoc {
  const patch = validatePatch(rawPatch)
  if (typeof patch.ifRevisionID === 'string' && patch.ifRevisionID !== doc._rev) {
    throw new StoreError(409, {
      description: `Document "${doc._id}" has unexpected revision ID ("${doc._rev ?? ''}"), expected "${patch.ifRevisionID}"`,
      type: 'conflictError',
    })
  }
  const { query: _query, params: _params, ifRevisionID: _rev, ...ops } = patch
  const operation = { ...ops, id: doc._id } as PatchMutationOperation
  let result: unknown
  try {
    result = new Mutation({ mutations: [{ patch: operation }] }).apply(structuredClone(doc))
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw mutationError(400, `Cannot apply patch to "${doc._id}": ${message}`)
  }
  if (!isRecord(result) || typeof result._type !== 'string') {
    throw mutationError(400, `Patch would remove _type from "${doc._id}"`)
  }
  return { ...result, _id: doc._id, _type: result._type }
}
