// Query threads answer exactly what the main thread's engine answers: over generated content of
// every type, after writes that land while the documents are still being copied into the threads,
// for a query sent straight after a write, and for a query that fails. Through the store's HTTP
// API as well, with the client the worker uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QueryThreads } from '../../../studio/store/query-threads'
import { StoreError, type SanityDoc } from '../../../studio/store/types'
import {
  courseListUpcomingQuery,
  organisationQuery,
  revisionsQuery,
} from '../../../worker/content/queries'
import { generateDataset } from '../../bench/lib/dataset'
import { engineOver, PERSPECTIVES, perspectiveOf } from './engine'
import { startTestStore, type TestStore } from './helpers'

const SANITY = { projectId: 'safeguard', dataset: 'production' }
const NOW = '2026-12-07T10:00:00.000Z'

function generated(): Map<string, SanityDoc> {
  const { docs } = generateDataset(1_600, 11, Date.parse(NOW))
  return new Map(docs.map((doc) => [doc._id, doc as SanityDoc]))
}

/** Queries the site runs, and a few that read drafts, references and deleted documents. */
function queriesOver(docs: Map<string, SanityDoc>) {
  const orgSlug = [...docs.values()].find((d) => d._type === 'organisation' && d.slug)?.slug
  const slug = (orgSlug as { current?: string } | undefined)?.current ?? 'none'
  return [
    {
      query: courseListUpcomingQuery,
      params: {
        audience: null,
        topic: null,
        format: null,
        organisation: null,
        now: NOW,
        pageStart: 0,
        pageEnd: 12,
      },
    },
    { query: organisationQuery, params: { slug, now: NOW } },
    {
      query: revisionsQuery,
      params: { ids: [...docs.keys()].slice(0, 40), types: [{ type: 'course' }], members: [] },
    },
    { query: `*[_id in path("drafts.**")]{_id, title} | order(_id)`, params: {} },
    { query: `count(*[references(*[_type == "organisation"][0..4]._id)])`, params: {} },
    {
      query: `*[_type == "news" || _type == "newsPost"] | order(_id desc)[0...20]{_id}`,
      params: {},
    },
  ]
}

describe('query threads', () => {
  it('answer as the main thread does after writes made while they load', async () => {
    const docs = generated()
    let revision = 1
    const source = () => ({ docs, revision })
    const threads = new QueryThreads(2, source, SANITY)
    try {
      // Writes interleaved with the copy: edits, removals (some of documents others reference)
      // and new documents, each sent to the threads as the store sends a commit.
      const ids = [...docs.keys()]
      for (let i = 0; i < 30; i++) {
        const changes: [string, SanityDoc | null][] = []
        const edited = ids[(i * 53) % ids.length]
        const removed = ids[(i * 97 + 7) % ids.length]
        const edit = edited === undefined ? undefined : docs.get(edited)
        if (edit) changes.push([edit._id, { ...edit, title: `Edited ${i} — ăîșț 越南 ✨` }])
        if (removed !== undefined && removed !== edited) changes.push([removed, null])
        changes.push([`added-${i}`, { _id: `added-${i}`, _type: 'newsPost', title: `New ${i}` }])
        for (const [id, doc] of changes) {
          if (doc) docs.set(id, doc)
          else docs.delete(id)
        }
        revision++
        threads.changed(revision, changes)
        await new Promise((resolve) => setImmediate(resolve))
      }
      await threads.loaded

      const main = engineOver(source)
      for (const input of queriesOver(docs)) {
        for (const perspective of PERSPECTIVES) {
          const asked = { ...input, perspective }
          const answered = threads.run(asked)
          expect(answered).not.toBeNull()
          expect(JSON.parse((await answered) ?? 'null')).toEqual(JSON.parse(await main.run(asked)))
        }
      }
    } finally {
      await threads.close()
    }
  }, 60_000)

  it('answer a query sent straight after a write with the write in it', async () => {
    const docs = generated()
    let revision = 1
    const threads = new QueryThreads(2, () => ({ docs, revision }), SANITY)
    try {
      await threads.loaded
      const perspective = perspectiveOf('published')
      // The same query every time: a thread must not answer from its cache of an earlier revision.
      const written = Array.from({ length: 10 }, (_, i) => `written-${i}`)
      const input = {
        query: `*[_id in $ids] | order(_id).title`,
        params: { ids: written },
        perspective,
      }
      for (let i = 0; i < written.length; i++) {
        const doc: SanityDoc = { _id: `written-${i}`, _type: 'report', title: `Report ${i}` }
        docs.set(doc._id, doc)
        revision++
        threads.changed(revision, [[doc._id, doc]])
        // Both threads are asked, one query each, with no wait after the write.
        const answers = await Promise.all([threads.run(input), threads.run(input)])
        const titles = written.slice(0, i + 1).map((_, n) => `Report ${n}`)
        expect(answers.map((a) => JSON.parse(a ?? 'null'))).toEqual([titles, titles])
      }
    } finally {
      await threads.close()
    }
  }, 60_000)

  it('fail a query with the error the main thread gives', async () => {
    const docs = generated()
    const source = () => ({ docs, revision: 1 })
    const threads = new QueryThreads(1, source, SANITY)
    try {
      await threads.loaded
      const input = {
        query: `*[_type == "course"]{title} | order(`,
        params: {},
        perspective: perspectiveOf('published'),
      }
      const fromThread = await threads.run(input)?.catch((error: unknown) => error)
      const fromMain = await engineOver(source)
        .run(input)
        .catch((error: unknown) => error)
      expect(fromThread).toBeInstanceOf(StoreError)
      expect(fromMain).toBeInstanceOf(StoreError)
      expect((fromThread as StoreError).status).toBe(400)
      expect((fromThread as StoreError).body).toEqual((fromMain as StoreError).body)
    } finally {
      await threads.close()
    }
  }, 60_000)
})

describe('a store with query threads', () => {
  let t: TestStore
  beforeAll(async () => {
    t = await startTestStore({ queryThreads: 2 })
  }, 60_000)
  afterAll(async () => {
    await t.cleanup()
  })

  it('shows a created document to the next query, in every perspective', async () => {
    for (let i = 0; i < 5; i++) {
      await t.client.create({ _id: `course.t${i}`, _type: 'course', title: `Threaded ${i}` })
      await t.client.create({ _id: `drafts.course.t${i}`, _type: 'course', title: `Draft ${i}` })
      const query = `*[_id == $id][0].title`
      expect(await t.client.fetch(query, { id: `course.t${i}` })).toBe(`Threaded ${i}`)
      expect(await t.client.fetch(query, { id: `course.t${i}` }, { perspective: 'drafts' })).toBe(
        `Draft ${i}`,
      )
    }
  })

  it('answers a broken query with a 400 naming the problem', async () => {
    await expect(t.client.fetch(`*[_type == "course"`)).rejects.toMatchObject({
      statusCode: 400,
    })
  })
})
