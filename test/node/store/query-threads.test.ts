// Query threads answer exactly what the main thread's engine answers: over generated content of
// every type, after writes that land while the documents are still being copied into the threads,
// for a query sent straight after a write, and for a query that fails; a query sent while a long
// one runs is answered on another thread, before the long one ends; a query known to be short is
// left to the caller. Through the store's HTTP API as well, with the client the worker uses.
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

/**
 * A query groq-js takes seconds over at this size (every document compared with every other),
 * and evaluates again each time (it reads the clock, so no result is reused).
 */
const LONG = {
  query: `{"n": count(*[]{"n": count(*[title == ^.title || name == ^.name])}[n > 1]), "at": now()}`,
  params: {},
  perspective: perspectiveOf('published'),
}

/**
 * Runs `asks` while the first thread evaluates LONG (known to be long from a run before), so that
 * they are answered on the second thread; says whether LONG was still running when they were.
 */
async function besideLong(threads: QueryThreads, asks: () => Promise<void>): Promise<boolean> {
  let longDone = false
  const long = threads.run(LONG)?.then(() => {
    longDone = true
  })
  await asks()
  const answeredFirst = !longDone
  await long
  return answeredFirst
}

describe('query threads', () => {
  it('answer as the main thread does after writes made while they load', async () => {
    const docs = generated()
    let revision = 1
    const source = () => ({ docs, revision })
    const threads = new QueryThreads(2, source, SANITY, 0)
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
      await threads.run(LONG)

      const main = engineOver(source)
      const asked = queriesOver(docs).flatMap((input) =>
        PERSPECTIVES.map((perspective) => ({ ...input, perspective })),
      )
      const expected: unknown[] = []
      for (const input of asked) expected.push(JSON.parse(await main.run(input)))
      const compare = async () => {
        for (const [i, input] of asked.entries()) {
          const answered = threads.run(input)
          expect(answered).not.toBeNull()
          expect(JSON.parse((await answered) ?? 'null')).toEqual(expected[i])
        }
      }
      // On the first thread, then on the second while the first is busy with a long query: each
      // answered beside it, not after it.
      await compare()
      expect(await besideLong(threads, compare)).toBe(true)
    } finally {
      await threads.close()
    }
  }, 60_000)

  it('answer a query sent straight after a write with the write in it', async () => {
    const docs = generated()
    let revision = 1
    const threads = new QueryThreads(2, () => ({ docs, revision }), SANITY, 0)
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
      const writeAndRead = async (from: number, to: number) => {
        for (let i = from; i < to; i++) {
          const doc: SanityDoc = { _id: `written-${i}`, _type: 'report', title: `Report ${i}` }
          docs.set(doc._id, doc)
          revision++
          threads.changed(revision, [[doc._id, doc]])
          // Asked with no wait after the write.
          const answer = await threads.run(input)
          const titles = written.slice(0, i + 1).map((_, n) => `Report ${n}`)
          expect(JSON.parse(answer ?? 'null')).toEqual(titles)
        }
      }
      await threads.run(LONG)
      // The first thread, then the second while the first is busy.
      await writeAndRead(0, 5)
      expect(await besideLong(threads, () => writeAndRead(5, 10))).toBe(true)
    } finally {
      await threads.close()
    }
  }, 60_000)

  it('fail a query with the error the main thread gives', async () => {
    const docs = generated()
    const source = () => ({ docs, revision: 1 })
    const threads = new QueryThreads(1, source, SANITY, 0)
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

describe('query routing', () => {
  it('leaves a query known to be short to the caller and sends a long one to a thread', async () => {
    const docs = generated()
    // Short here means under a second, so that a slow machine does not make the first run long.
    const threads = new QueryThreads(1, () => ({ docs, revision: 1 }), SANITY, 1_000)
    try {
      await threads.loaded
      const short = { query: `*[_id == $id][0]._id`, params: { id: 'none' } }
      const input = { ...short, perspective: perspectiveOf('published') }
      // Not yet known: a thread answers, and its time is remembered.
      expect(await threads.run(input)).not.toBeNull()
      expect(threads.run(input)).toBeNull()
      // The caller's own run turned out long: from then on a thread answers, even after a
      // quick run.
      threads.ran(input.query, 2_000)
      expect(await threads.run(input)).toBe('null')
      threads.ran(input.query, 0.1)
      expect(await threads.run(input)).toBe('null')
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
