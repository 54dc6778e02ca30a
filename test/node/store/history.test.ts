// Document history as the Studio's history and review-changes panes read it: transactions with
// mendoza effects that replay revisions, documents at a revision or a time, and the document
// group's events (create, publish, discard, delete), kept through log compaction and restarts.
import { applyPatch } from 'mendoza'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { api, startTestStore, type TestStore } from './helpers'

const V = '/v2025-02-19/data'
let t: TestStore | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

type Tx = {
  id: string
  timestamp: string
  author: string
  documentIDs: string[]
  effects?: Record<string, { apply: unknown[]; revert: unknown[] }>
  mutations?: Record<string, unknown>[]
}
type Doc = { _id: string; _rev: string; title?: string }

async function transactions(store: TestStore, ids: string, query = ''): Promise<Tx[]> {
  const res = await fetch(
    `${store.store.httpUrl}${V}/history/production/transactions/${ids}?${query}`,
  )
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('application/x-ndjson')
  const text = await res.text()
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Tx)
}

async function documentsAt(store: TestStore, ids: string, query: string): Promise<Doc[]> {
  const res = await api(store, `${V}/history/production/documents/${ids}?${query}`)
  expect(res.status).toBe(200)
  return (res.body as { documents: Doc[] }).documents
}

async function events(store: TestStore, id: string, query = '') {
  const res = await api(store, `${V}/history/production/events/documents/${id}?${query}`)
  expect(res.status).toBe(200)
  const body = res.body as { events: Record<string, Record<string, unknown>[]>; nextCursor: string }
  return { list: body.events[id] ?? [], nextCursor: body.nextCursor }
}

async function act(store: TestStore, ...actions: Record<string, unknown>[]): Promise<string> {
  const res = await api(store, `${V}/actions/production`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ actions }),
  })
  expect(res.status).toBe(200)
  return (res.body as { transactionId: string }).transactionId
}

const edit = (title: string) => ({
  actionType: 'sanity.action.document.edit',
  draftId: 'drafts.course.county',
  publishedId: 'course.county',
  patch: { set: { title } },
})
const publish = {
  actionType: 'sanity.action.document.publish',
  draftId: 'drafts.course.county',
  publishedId: 'course.county',
}

/** Seeded course, then: edit (creates the draft), edit, publish, as an editor does. */
async function editAndPublish(store: TestStore) {
  const seeded = (await store.client.getDocument('course.county')) as Doc
  const created = await act(store, edit('County lines, take 2'))
  const edited = await act(store, edit('County lines, take 3'))
  const published = await act(store, publish)
  return { seeded, created, edited, published }
}

describe('history', () => {
  it('lists a seeded document as created by its seed revision', async () => {
    t = await startTestStore()
    const doc = (await t.client.getDocument('course.county')) as Doc
    const [tx, ...more] = await transactions(t, 'course.county', 'effectFormat=mendoza')
    expect(more).toHaveLength(0)
    expect(tx).toMatchObject({
      id: doc._rev,
      author: 'pLocalEditor',
      documentIDs: ['course.county'],
    })
    const { _rev, ...content } = doc
    expect(tx?.effects?.['course.county']).toEqual({ apply: [0, content], revert: [0, null] })
    expect(tx?.mutations?.[0]).toHaveProperty('createSquashed.document.title', 'County lines')
  })

  it('answers the transactions the Studio asks for, with effects that replay revisions', async () => {
    t = await startTestStore()
    const { seeded, created, edited, published } = await editAndPublish(t)
    const ids = 'course.county,drafts.course.county'
    const all = await transactions(t, ids, 'effectFormat=mendoza&excludeMutations=true')
    expect(all.map((tx) => tx.id)).toEqual([seeded._rev, created, edited, published])
    expect(all[3]?.documentIDs.sort()).toEqual(['course.county', 'drafts.course.county'])
    expect(all[3]).not.toHaveProperty('mutations')

    // The Studio's timeline: newest first, from a transaction it knows (inclusive), a page at a time.
    const page = await transactions(
      t,
      ids,
      `effectFormat=mendoza&excludeContent=true&excludeMutations=true&includeIdentifiedDocumentsOnly=true&reverse=true&limit=2&toTransaction=${edited}`,
    )
    expect(page.map((tx) => tx.id)).toEqual([edited, created])

    // Reverting every effect from the current state gives back the seeded document.
    let current: unknown = await t.client.getDocument('course.county')
    const { _rev: _currentRev, ...currentContent } = current as Doc
    current = currentContent
    for (const tx of [...all].reverse()) {
      const effect = tx.effects?.['course.county']
      if (effect) current = applyPatch(current, effect.revert)
    }
    expect(current).toBeNull()
    const beforePublish = applyPatch(
      currentContent,
      all[3]?.effects?.['course.county']?.revert ?? [],
    )
    expect(beforePublish).toMatchObject({ title: 'County lines' })

    const since = await transactions(
      t,
      'drafts.course.county',
      `fromTransaction=${edited}&includeIdentifiedDocumentsOnly=true`,
    )
    expect(since.map((tx) => tx.id)).toEqual([edited, published])
    expect(since[1]?.mutations).toEqual([{ delete: { id: 'drafts.course.county' } }])
    const unknown = await transactions(t, ids, 'fromTransaction=no-such-transaction')
    expect(unknown).toEqual([])
  })

  it('returns documents at a revision, at a time, and their last revision', async () => {
    t = await startTestStore()
    const { seeded, created, published } = await editAndPublish(t)
    const [atSeed] = await documentsAt(t, 'course.county', `revision=${seeded._rev}`)
    expect(atSeed).toMatchObject({ _rev: seeded._rev, title: 'County lines' })
    const [atPublish] = await documentsAt(t, 'course.county', `revision=${published}`)
    expect(atPublish).toMatchObject({ _rev: published, title: 'County lines, take 3' })
    const [draft] = await documentsAt(t, 'drafts.course.county', `revision=${created}`)
    expect(draft).toMatchObject({ _id: 'drafts.course.county', title: 'County lines, take 2' })
    // Before the draft existed, the draft reads as the published document it started from.
    const [early] = await documentsAt(t, 'drafts.course.county', `revision=${seeded._rev}`)
    expect(early).toMatchObject({ _id: 'course.county', title: 'County lines' })
    const [now] = await documentsAt(t, 'course.county', `time=${new Date().toISOString()}`)
    expect(now).toMatchObject({ _rev: published })
    expect(await documentsAt(t, 'course.county', 'time=2000-01-01T00:00:00Z')).toEqual([])
    expect(await documentsAt(t, 'course.county', 'revision=no-such-revision')).toEqual([])

    await t.client.delete('course.county')
    const [last] = await documentsAt(t, 'course.county', 'lastRevision=true')
    expect(last).toMatchObject({ _rev: published, title: 'County lines, take 3' })
  })

  it('lists the document group events newest first, for the draft and the published id', async () => {
    t = await startTestStore()
    const { seeded, created, edited, published } = await editAndPublish(t)
    const common = { documentId: 'course.county', author: 'pLocalEditor' }
    const expected = [
      {
        ...common,
        type: 'publishDocumentVersion',
        revisionId: published,
        versionId: 'drafts.course.county',
        versionRevisionId: edited,
      },
      {
        ...common,
        type: 'createDocumentVersion',
        versionId: 'drafts.course.county',
        versionRevisionId: created,
      },
      { ...common, type: 'publishDocumentVersion', revisionId: seeded._rev },
    ]
    const forDraft = await events(t, 'drafts.course.county')
    expect(forDraft.list).toMatchObject(expected)
    expect(forDraft.nextCursor).toBe('')
    expect((await events(t, 'course.county')).list).toMatchObject(expected)

    const first = await events(t, 'course.county', 'limit=2')
    expect(first.list).toHaveLength(2)
    const rest = await events(t, 'course.county', `limit=2&nextCursor=${first.nextCursor}`)
    expect(rest.list).toMatchObject([{ revisionId: seeded._rev }])

    await act(t, edit('Discard me'))
    await act(t, { actionType: 'sanity.action.document.discard', draftId: 'drafts.course.county' })
    await act(t, { actionType: 'sanity.action.document.delete', publishedId: 'course.county' })
    const after = await events(t, 'course.county', 'limit=3')
    expect(after.list.map((e) => e.type)).toEqual([
      'deleteDocumentGroup',
      'deleteDocumentVersion',
      'createDocumentVersion',
    ])
  })

  it('keeps history through log compaction and a restart', async () => {
    t = await startTestStore({ snapshotEvery: 2 })
    const { seeded, created, edited, published } = await editAndPublish(t)
    expect(readdirSync(join(t.dataDir, 'history')).some((f) => f.startsWith('log-'))).toBe(true)
    await t.restart()
    const ids = 'course.county,drafts.course.county'
    const all = await transactions(t, ids)
    expect(all.map((tx) => tx.id)).toEqual([seeded._rev, created, edited, published])
    const [draft] = await documentsAt(t, 'drafts.course.county', `revision=${edited}`)
    expect(draft).toMatchObject({ title: 'County lines, take 3' })
    const later = await act(t, edit('After the restart'))
    expect((await transactions(t, ids)).map((tx) => tx.id).at(-1)).toBe(later)
  })

  it('says what to fix in a bad request', async () => {
    t = await startTestStore()
    const noIds = await api(t, `${V}/history/production/transactions/`)
    expect(noIds.status).toBe(400)
    expect(JSON.stringify(noIds.body)).toContain('document ids')
    const badLimit = await api(t, `${V}/history/production/transactions/course.nrm?limit=0`)
    expect(badLimit.status).toBe(400)
    expect(JSON.stringify(badLimit.body)).toContain('limit')
    const badTime = await api(t, `${V}/history/production/documents/course.nrm?time=yesterday`)
    expect(badTime.status).toBe(400)
    expect((await api(t, `${V}/history/nope/transactions/course.nrm`)).status).toBe(404)
    expect((await api(t, `${V}/history/production/nothing/course.nrm`)).status).toBe(404)
  })
})
