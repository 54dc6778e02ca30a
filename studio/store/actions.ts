// The actions API (`data/actions`) as Sanity Studio 5 sends it: document create, edit (patch a
// draft, copying the published document first), publish, unpublish, discard, delete,
// replaceDraft and the release-version actions, all staged and committed together.
import { applyPatch, mutationError } from './patch'
import { checkDocument, checkId, type Staging } from './mutations'
import { isRecord, StoreError, type SanityDoc } from './types'

function str(action: Record<string, unknown>, key: string): string {
  return checkId(action[key])
}

function conflict(description: string): StoreError {
  return new StoreError(409, { description, type: 'conflictError' })
}

function checkRev(doc: SanityDoc, expected: unknown): void {
  if (typeof expected === 'string' && expected !== doc._rev) {
    throw conflict(`Document "${doc._id}" has revision "${doc._rev ?? ''}", expected "${expected}"`)
  }
}

/**
 * A copy of `doc` under another id. Its `_rev` stays until commit re-stamps it, so a patch's
 * ifRevisionID on a draft made from the published document checks the published revision.
 */
function copyAs(doc: SanityDoc, id: string): SanityDoc {
  const { _originalId: _orig, ...rest } = doc
  return { ...rest, _id: id }
}

export function applyActions(staging: Staging, actions: unknown): void {
  if (!Array.isArray(actions) || actions.length === 0) {
    throw new StoreError(400, {
      description: 'Body must have a non-empty "actions" array',
      type: 'validationError',
    })
  }
  for (const action of actions) {
    if (!isRecord(action) || typeof action.actionType !== 'string') {
      throw new StoreError(400, {
        description: 'Each action needs an actionType',
        type: 'validationError',
      })
    }
    applyAction(staging, action.actionType, action)
  }
}

function applyAction(staging: Staging, type: string, action: Record<string, unknown>): void {
  switch (type) {
    case 'sanity.action.document.create': {
      const publishedId = str(action, 'publishedId')
      const attributes = isRecord(action.attributes) ? action.attributes : {}
      const doc = checkDocument({ _id: `drafts.${publishedId}`, ...attributes }, true)
      if (staging.get(doc._id)) {
        if (action.ifExists === 'ignore') return
        throw conflict(`Document "${doc._id}" already exists`)
      }
      staging.put(doc._id, doc)
      return
    }
    case 'sanity.action.document.edit': {
      const draftId = str(action, 'draftId')
      const publishedId = str(action, 'publishedId')
      const base = staging.get(draftId) ?? copyFrom(staging.get(publishedId), draftId)
      if (!base) throw mutationError(409, `Cannot edit "${draftId}": the document does not exist`)
      staging.put(draftId, applyPatch(base, action.patch))
      return
    }
    case 'sanity.action.document.publish': {
      const draftId = str(action, 'draftId')
      const publishedId = str(action, 'publishedId')
      const draft = staging.get(draftId)
      if (!draft) throw conflict(`Cannot publish: draft "${draftId}" does not exist`)
      checkRev(draft, action.ifDraftRevisionId)
      const published = staging.get(publishedId)
      if (published) checkRev(published, action.ifPublishedRevisionId)
      else if (typeof action.ifPublishedRevisionId === 'string') {
        throw conflict(`Cannot publish: "${publishedId}" no longer exists`)
      }
      const next = copyAs(draft, publishedId)
      if (published?._createdAt) next._createdAt = published._createdAt
      staging.put(publishedId, next)
      staging.put(draftId, null)
      return
    }
    case 'sanity.action.document.unpublish': {
      const draftId = str(action, 'draftId')
      const publishedId = str(action, 'publishedId')
      const published = staging.get(publishedId)
      if (!published) throw conflict(`Cannot unpublish: "${publishedId}" is not published`)
      if (!staging.get(draftId)) staging.put(draftId, copyAs(published, draftId))
      staging.put(publishedId, null)
      return
    }
    case 'sanity.action.document.discard': {
      const draftId = str(action, 'draftId')
      if (!staging.get(draftId)) throw conflict(`Cannot discard: "${draftId}" does not exist`)
      staging.put(draftId, null)
      return
    }
    case 'sanity.action.document.delete': {
      const publishedId = str(action, 'publishedId')
      const drafts = Array.isArray(action.includeDrafts) ? action.includeDrafts.map(checkId) : []
      const draftId = `drafts.${publishedId}`
      if (staging.get(draftId) && !drafts.includes(draftId)) {
        throw conflict(`Cannot delete "${publishedId}": its draft "${draftId}" is not included`)
      }
      for (const id of [publishedId, ...drafts]) staging.put(id, null)
      return
    }
    case 'sanity.action.document.replaceDraft': {
      str(action, 'publishedId')
      const doc = checkDocument(action.attributes, true)
      staging.put(doc._id, doc)
      return
    }
    case 'sanity.action.document.version.create': {
      const publishedId = str(action, 'publishedId')
      if (isRecord(action.document)) {
        const doc = checkDocument(action.document, true)
        if (staging.get(doc._id)) throw conflict(`Document "${doc._id}" already exists`)
        staging.put(doc._id, doc)
        return
      }
      const baseId = str(action, 'baseId')
      const versionId = str(action, 'versionId')
      const base = staging.get(baseId)
      if (!base)
        throw conflict(`Cannot create version: "${baseId}" does not exist (${publishedId})`)
      checkRev(base, action.ifBaseRevisionId)
      staging.put(versionId, copyAs(base, versionId))
      return
    }
    case 'sanity.action.document.version.discard': {
      const versionId = str(action, 'versionId')
      if (!staging.get(versionId)) throw conflict(`Cannot discard: "${versionId}" does not exist`)
      staging.put(versionId, null)
      return
    }
    case 'sanity.action.document.version.replace': {
      const doc = checkDocument(action.document, true)
      staging.put(doc._id, doc)
      return
    }
    case 'sanity.action.document.version.unpublish': {
      const versionId = str(action, 'versionId')
      const publishedId = str(action, 'publishedId')
      const source = staging.get(versionId) ?? staging.get(publishedId)
      if (!source) throw conflict(`Cannot unpublish: "${publishedId}" does not exist`)
      // Sanity marks the version so publishing its release deletes the published document.
      staging.put(versionId, { ...copyAs(source, versionId), _system: { delete: true } })
      return
    }
    default:
      throw new StoreError(400, {
        description: `Unknown action type "${type}"`,
        type: 'validationError',
      })
  }
}

function copyFrom(doc: SanityDoc | null, id: string): SanityDoc | null {
  return doc ? copyAs(doc, id) : null
}
