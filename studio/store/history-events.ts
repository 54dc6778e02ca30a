// Document events (`data/history/<ds>/events/documents/<id>`), which Studio 5 lists in a
// document's history pane: create, publish, unpublish, discard and delete of the document group
// (published document and its draft), newest first, derived from the transaction log. Edits are
// not events: the Studio derives them from the transactions between events. Computed from the
// history index alone (no document bodies are read), as every document the Studio opens asks.
import type { HistoryEntry, HistoryLog } from './history-log'
import { publishedId, StoreError } from './types'

export const MAX_LIMIT = 10_000

export function badParam(name: string, what: string): StoreError {
  return new StoreError(400, {
    description: `Query parameter "${name}" must be ${what}`,
    type: 'validationError',
  })
}

export function limitParam(search: URLSearchParams, fallback: number): number {
  const raw = search.get('limit')
  if (raw === null || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw badParam('limit', `a whole number from 1 to ${MAX_LIMIT}`)
  }
  return n
}

export type DocumentEvent = Record<string, unknown> & { type: string; timestamp: string }

/** The document's revision before and after `entry` (null: absent), or null if not written. */
function changeIn(
  log: HistoryLog,
  entry: HistoryEntry,
  id: string,
): { before: string | null; after: string | null } | null {
  if (!entry.ids.includes(id)) return null
  return {
    before: log.revisionAsOf(id, entry.index - 1),
    after: log.revisionAsOf(id, entry.index),
  }
}

/** What one transaction did to the group, as Sanity's events API names it (or null: an edit). */
function eventFor(
  log: HistoryLog,
  entry: HistoryEntry,
  pid: string,
  draftId: string,
): DocumentEvent | null {
  const published = changeIn(log, entry, pid)
  const draft = changeIn(log, entry, draftId)
  const common = { documentId: pid, timestamp: entry.time, author: entry.author }
  if (published?.after) {
    return {
      ...common,
      type: 'publishDocumentVersion',
      revisionId: published.after,
      versionId: draftId,
      // Present when a draft was published; absent when the document was written directly.
      ...(draft?.before && !draft.after ? { versionRevisionId: draft.before } : {}),
      publishCause: 'document.publish',
      contributors: [entry.author],
    }
  }
  if (published?.before) {
    const draftAfter = log.revisionAsOf(draftId, entry.index)
    if (draftAfter) {
      return {
        ...common,
        type: 'unpublishDocument',
        versionId: draftId,
        versionRevisionId: draftAfter,
      }
    }
    return { ...common, type: 'deleteDocumentGroup' }
  }
  if (draft?.before && !draft.after) {
    return {
      ...common,
      type: 'deleteDocumentVersion',
      versionId: draftId,
      versionRevisionId: draft.before,
    }
  }
  if (draft && !draft.before && draft.after) {
    return {
      ...common,
      type: 'createDocumentVersion',
      versionId: draftId,
      versionRevisionId: draft.after,
    }
  }
  return null
}

/** The group's events, newest first, one page at a time (`limit`, opaque `nextCursor`). */
export function documentEvents(
  log: HistoryLog,
  documentId: string,
  search: URLSearchParams,
): { events: DocumentEvent[]; nextCursor: string } {
  const limit = limitParam(search, 100)
  const cursor = search.get('nextCursor') ?? ''
  const start = cursor === '' ? 0 : Number(cursor)
  if (!Number.isInteger(start) || start < 0) {
    throw new StoreError(400, {
      description: 'Query parameter "nextCursor" must be a cursor this endpoint returned',
      type: 'validationError',
    })
  }
  const pid = publishedId(documentId)
  const draftId = `drafts.${pid}`
  const all = log
    .entriesFor([pid, draftId])
    .reverse()
    .flatMap((entry) => eventFor(log, entry, pid, draftId) ?? [])
  const page = all.slice(start, start + limit)
  const next = start + limit < all.length ? String(start + limit) : ''
  return { events: page, nextCursor: next }
}
