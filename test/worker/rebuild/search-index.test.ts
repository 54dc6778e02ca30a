// The search index follows the publish path: a published document becomes findable through the
// same webhook and rebuild that refresh its page, an unpublished or deleted one disappears, and
// neither a draft nor an internal contact (nor any contact's internal notes) is ever findable.
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildPage } from '../../../worker/pages/build'
import { indexDocuments, reindexAll } from '../../../worker/search/index-writer'
import { contentStore, publish, SITE, waitFor } from './helpers'

const uid = () =>
  crypto
    .randomUUID()
    .replace(/-/g, '')
    .replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)] ?? 'q')
    .slice(0, 8)

/** The result card titles a visitor sees for `q` (built fresh, as a cache miss would). */
async function found(q: string): Promise<string[]> {
  const page = await buildPage(env, new URL(`/search?q=${encodeURIComponent(q)}`, SITE))
  if (!page) throw new Error('/search is not a page')
  expect(page.status).toBe(200)
  return [...page.body.matchAll(/<h3[^>]*>(?:<a [^>]*>)?([^<]*)/g)].map((m) => m[1] ?? '')
}

/**
 * The titles for `q` once they equal `expected`: the consumer updates the index right after the
 * pages, so the publish receipt may be done a moment before the index is.
 */
async function foundEventually(q: string, expected: string[]): Promise<string[]> {
  return waitFor(`search “${q}” to show ${JSON.stringify(expected)}`, async () => {
    const titles = await found(q)
    return JSON.stringify(titles) === JSON.stringify(expected) ? titles : undefined
  })
}

describe('search index on the publish path', { timeout: 120_000 }, () => {
  it('makes a published document findable, and an unpublished one gone', async () => {
    const word = `pubword${uid()}`
    const slug = `search-pub-${uid()}`
    const doc = {
      _id: `report.${slug}`,
      _type: 'report',
      title: `Findings on ${word}`,
      slug: { _type: 'slug', current: slug },
      publishedAt: '2025-05-01',
    }
    expect(await found(word)).toEqual([])
    const client = contentStore()
    await publish(client.transaction().createOrReplace(doc), {
      _id: doc._id,
      _type: 'report',
      operation: 'create',
      slugAfter: slug,
    })
    await foundEventually(word, [`Findings on ${word}`])

    // Unpublished: the published document goes, its draft stays in the Studio.
    await publish(
      client
        .transaction()
        .createOrReplace({ ...doc, _id: `drafts.${doc._id}` })
        .delete(doc._id),
      { _id: doc._id, _type: 'report', operation: 'delete', slugBefore: slug, slugAfter: null },
    )
    await foundEventually(word, [])
    // A full rebuild does not bring it back from the draft.
    await reindexAll(env)
    expect(await found(word)).toEqual([])
    await client.delete(`drafts.${doc._id}`)
  })

  it('never indexes a draft, whichever id the indexer is handed', async () => {
    const word = `draftword${uid()}`
    const slug = `search-draft-${uid()}`
    const id = `report.${slug}`
    const client = contentStore()
    await client.createOrReplace(
      { _id: `drafts.${id}`, _type: 'report', title: `Draft on ${word}`, slug: { current: slug } },
      { visibility: 'sync' },
    )
    await indexDocuments(env, [id, `drafts.${id}`])
    await reindexAll(env)
    expect(await found(word)).toEqual([])
    await client.delete(`drafts.${id}`)
  })

  it('finds public contacts by name, never internal ones, never anyone’s notes', async () => {
    const contact = fc.record({
      internal: fc.boolean(),
      role: fc.constantFrom('Helpline adviser', 'Trainer', undefined),
      phone: fc.constantFrom('+44 20 7946 0000', undefined),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(contact, { minLength: 1, maxLength: 5 }), async (people) => {
        const docs = people.map((p) => ({
          _id: `contact.search-${uid()}`,
          _type: 'contact',
          name: `Sam ${uid()}`,
          notes: `Private ${uid()}`,
          visibility: p.internal ? 'internal' : 'public',
          ...(p.role ? { role: p.role } : {}),
          ...(p.phone ? { phone: p.phone } : {}),
        }))
        const tx = contentStore().transaction()
        for (const d of docs) tx.createOrReplace(d)
        await tx.commit({ visibility: 'sync' })
        await indexDocuments(
          env,
          docs.map((d) => d._id),
        )
        await reindexAll(env)
        for (const d of docs) {
          const surname = d.name.split(' ')[1] ?? ''
          expect(await found(surname)).toEqual(d.visibility === 'public' ? [d.name] : [])
          expect(await found(d.notes.split(' ')[1] ?? '')).toEqual([])
        }
        const rows = await env.DB.prepare(
          `SELECT count(*) AS n FROM search_docs WHERE doc_id IN (SELECT value FROM json_each(?1))`,
        )
          .bind(JSON.stringify(docs.filter((d) => d.visibility === 'internal').map((d) => d._id)))
          .first<{ n: number }>()
        expect(rows?.n).toBe(0)
      }),
      { numRuns: 4 },
    )
  })
})
