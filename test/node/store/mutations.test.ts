// Writes through @sanity/client (mutate) and the Studio's actions API: patches, transactions
// that apply all or nothing, revisions and timestamps, and Sanity-like error answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, startTestStore, type TestStore } from './helpers'

let t: TestStore
beforeAll(async () => {
  t = await startTestStore({ maxBodyBytes: 64 * 1024 })
})
afterAll(async () => {
  await t.cleanup()
})

async function actions(body: unknown) {
  return api(t, '/v2025-02-19/data/actions/production', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** Sends a single `sanity.action.document.<kind>` action with its fields. */
function act(kind: string, fields: Record<string, unknown>) {
  return actions({ actions: [{ actionType: `sanity.action.document.${kind}`, ...fields }] })
}

describe('mutate', () => {
  it('creates documents with a revision and timestamps', async () => {
    const doc = await t.client.create({ _id: 'campaign.a', _type: 'campaign', title: 'A' })
    expect(doc).toMatchObject({ _id: 'campaign.a', title: 'A' })
    expect(doc._rev).toMatch(/^\w+$/)
    expect(doc._createdAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(doc._updatedAt).toBe(doc._createdAt)
    await expect(
      t.client.create({ _id: 'campaign.a', _type: 'campaign', title: 'again' }),
    ).rejects.toMatchObject({ statusCode: 409 })
  })

  it('applies set, setIfMissing, inc, dec, unset and insert patches', async () => {
    await t.client.create({
      _id: 'campaign.p',
      _type: 'campaign',
      title: 'P',
      count: 1,
      tags: ['a'],
    })
    const after = await t.client
      .patch('campaign.p')
      .set({ title: 'P2', 'petition.goal': 100 })
      .setIfMissing({ title: 'ignored', status: 'live' })
      .inc({ count: 5 })
      .dec({ 'petition.goal': 10 })
      .unset(['tags[0]'])
      .insert('after', 'tags[-1]', ['b', 'c'])
      .commit()
    expect(after).toMatchObject({
      title: 'P2',
      status: 'live',
      count: 6,
      petition: { goal: 90 },
      tags: ['b', 'c'],
    })
  })

  it('applies diffMatchPatch to strings, as the Studio sends typing', async () => {
    await t.client.create({ _id: 'campaign.d', _type: 'campaign', title: 'Hello world' })
    const after = await t.client
      .patch('campaign.d')
      .diffMatchPatch({ title: '@@ -1,5 +1,5 @@\n-Hello\n+Howdy\n' })
      .commit()
    expect(after.title).toBe('Howdy world')
  })

  it('gives every write a new revision and rejects a stale ifRevisionID with 409', async () => {
    const before = await t.client.create({ _id: 'campaign.r', _type: 'campaign', title: 'R' })
    const after = await t.client
      .patch('campaign.r')
      .set({ title: 'R2' })
      .ifRevisionId(before._rev)
      .commit()
    expect(after._rev).not.toBe(before._rev)
    await expect(
      t.client.patch('campaign.r').set({ title: 'R3' }).ifRevisionId(before._rev).commit(),
    ).rejects.toMatchObject({ statusCode: 409 })
    expect((await t.client.getDocument('campaign.r'))?.title).toBe('R2')
  })

  it('applies a transaction all or nothing', async () => {
    await expect(
      t.client
        .transaction()
        .create({ _id: 'campaign.t1', _type: 'campaign', title: 'T1' })
        .patch('campaign.missing', (p) => p.set({ title: 'x' }))
        .commit(),
    ).rejects.toMatchObject({ statusCode: 404 })
    expect(await t.client.getDocument('campaign.t1')).toBeUndefined()

    const result = await t.client
      .transaction()
      .create({ _id: 'campaign.t1', _type: 'campaign', title: 'T1' })
      .createOrReplace({ _id: 'campaign.t2', _type: 'campaign', title: 'T2' })
      .createIfNotExists({ _id: 'campaign.t1', _type: 'campaign', title: 'not used' })
      .commit({ transactionId: 'tx-all-or-nothing' })
    expect(result.transactionId).toBe('tx-all-or-nothing')
    expect(result.documentIds).toEqual(['campaign.t1', 'campaign.t2', 'campaign.t1'])
    const docs = await t.client.getDocuments(['campaign.t1', 'campaign.t2'])
    expect(docs.map((d) => d?._rev)).toEqual(['tx-all-or-nothing', 'tx-all-or-nothing'])
  })

  it('deletes by id and by query', async () => {
    await t.client.create({ _id: 'newsPost.x', _type: 'newsPost', title: 'x' })
    await t.client.create({ _id: 'newsPost.y', _type: 'newsPost', title: 'y' })
    await t.client.delete('newsPost.x')
    await t.client.delete({ query: '*[_type == $type]', params: { type: 'newsPost' } })
    expect(await t.client.fetch('count(*[_type == "newsPost"])')).toBe(0)
  })

  it('rejects unknown mutation and patch types with 400', async () => {
    const res = await api(t, '/v2025-02-19/data/mutate/production', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mutations: [{ patch: { id: 'campaign.a', rename: { a: 'b' } } }] }),
    })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: { description: 'Unknown patch operation "rename"' } })
    const unknown = await api(t, '/v2025-02-19/data/mutate/production', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mutations: [{ upsert: { _id: 'a', _type: 'b' } }] }),
    })
    expect(unknown.status).toBe(400)
  })

  it('answers a body over the limit with 413 and writes nothing', async () => {
    const big = 'x'.repeat(70 * 1024)
    await expect(
      t.client.create({ _id: 'campaign.big', _type: 'campaign', title: big }),
    ).rejects.toMatchObject({ statusCode: 413 })
    expect(await t.client.getDocument('campaign.big')).toBeUndefined()
  })
})

describe('actions (the Studio write path)', () => {
  it('creates a draft, edits it, publishes it, and the published perspective shows it', async () => {
    const create = await actions({
      actions: [
        {
          actionType: 'sanity.action.document.create',
          publishedId: 'course.fresh',
          attributes: { _id: 'drafts.course.fresh', _type: 'course', title: 'Fresh' },
          ifExists: 'fail',
        },
      ],
      transactionId: 'tx-create-fresh',
    })
    expect(create).toEqual({ status: 200, body: { transactionId: 'tx-create-fresh' } })
    await act('edit', {
      draftId: 'drafts.course.fresh',
      publishedId: 'course.fresh',
      patch: { set: { title: 'Fresh course' } },
    })
    expect(await t.client.fetch('*[_id == "course.fresh"][0].title')).toBeNull()
    const publish = await act('publish', {
      draftId: 'drafts.course.fresh',
      publishedId: 'course.fresh',
    })
    expect(publish.status).toBe(200)
    expect(await t.client.fetch('*[_id == "course.fresh"][0].title')).toBe('Fresh course')
    expect(await t.client.getDocument('drafts.course.fresh')).toBeUndefined()
  })

  it('edits a published document by creating its draft from the published version', async () => {
    await act('edit', {
      draftId: 'drafts.course.county',
      publishedId: 'course.county',
      patch: { set: { title: 'County lines (edited)' } },
    })
    const draft = await t.client.getDocument('drafts.course.county')
    expect(draft).toMatchObject({ title: 'County lines (edited)', format: 'in-person' })
  })

  it('discards a draft, unpublishes and deletes', async () => {
    await act('discard', { draftId: 'drafts.course.county' })
    expect(await t.client.getDocument('drafts.course.county')).toBeUndefined()
    await act('unpublish', { draftId: 'drafts.course.county', publishedId: 'course.county' })
    expect(await t.client.getDocument('course.county')).toBeUndefined()
    expect(await t.client.getDocument('drafts.course.county')).toMatchObject({
      title: 'County lines',
    })
    await act('delete', { publishedId: 'course.county', includeDrafts: ['drafts.course.county'] })
    expect(await t.client.getDocument('drafts.course.county')).toBeUndefined()
  })

  it('refuses a publish whose published revision moved on, changing nothing', async () => {
    await t.client.createOrReplace({ _id: 'drafts.course.nrm', _type: 'course', title: 'Draft' })
    const res = await act('publish', {
      draftId: 'drafts.course.nrm',
      publishedId: 'course.nrm',
      ifPublishedRevisionId: 'stale-revision',
    })
    expect(res.status).toBe(409)
    expect(await t.client.fetch('*[_id == "course.nrm"][0].title')).toBe('NRM basics')
  })

  it('creates and discards a release version of a document', async () => {
    const created = await act('version.create', {
      publishedId: 'course.nrm',
      baseId: 'course.nrm',
      versionId: 'versions.rAutumn.course.nrm',
    })
    expect(created.status).toBe(200)
    expect(await t.client.getDocument('versions.rAutumn.course.nrm')).toMatchObject({
      title: 'NRM basics',
    })
    await act('version.discard', { versionId: 'versions.rAutumn.course.nrm' })
    expect(await t.client.getDocument('versions.rAutumn.course.nrm')).toBeUndefined()
  })

  it('answers an unknown action type with 400', async () => {
    const res = await act('explode', {})
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      error: { description: expect.stringContaining('Unknown action') },
    })
  })

  it('accepts actions sent through @sanity/client', async () => {
    const result = await t.client.action({
      actionType: 'sanity.action.document.create',
      publishedId: 'report.via-client',
      attributes: { _id: 'drafts.report.via-client', _type: 'report', title: 'Via client' },
      ifExists: 'fail',
    })
    expect(result.transactionId).toEqual(expect.any(String))
    expect(await t.client.getDocument('drafts.report.via-client')).toMatchObject({
      title: 'Via client',
    })
  })
})
