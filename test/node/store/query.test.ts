// Queries through @sanity/client against the embedded store: parameters, perspectives,
// references, the doc endpoint, and Sanity-style errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, startTestStore, type TestStore } from './helpers'

let t: TestStore
beforeAll(async () => {
  t = await startTestStore()
})
afterAll(async () => {
  await t.cleanup()
})

describe('query', () => {
  it('answers GROQ with parameters, the published perspective by default', async () => {
    const titles = await t.client.fetch<string[]>('*[_type == $type] | order(title asc).title', {
      type: 'course',
    })
    expect(titles).toEqual(['County lines', 'NRM basics'])
  })

  it('follows references with ->', async () => {
    const course = await t.client.fetch<{ trainers: { name: string; org: string }[] }>(
      '*[_id == $id][0]{ "trainers": trainers[]->{ name, "org": organisation->name } }',
      { id: 'course.nrm' },
    )
    expect(course.trainers).toEqual([{ name: 'Jo Trainer', org: 'Acme Trust' }])
  })

  it('overlays drafts on published documents in the drafts perspective', async () => {
    const docs = await t.client.fetch<{ _id: string; title: string }[]>(
      '*[_type == "course"] | order(_id asc){ _id, title }',
      {},
      { perspective: 'drafts' },
    )
    expect(docs).toEqual([
      { _id: 'course.county', title: 'County lines' },
      { _id: 'course.new', title: 'Only a draft' },
      { _id: 'course.nrm', title: 'NRM basics (draft)' },
    ])
  })

  it('returns every document, drafts included, in the raw perspective', async () => {
    const ids = await t.client.fetch<string[]>(
      '*[_type == "course"] | order(_id asc)._id',
      {},
      { perspective: 'raw' },
    )
    expect(ids).toEqual(['course.county', 'course.nrm', 'drafts.course.new', 'drafts.course.nrm'])
  })

  it('layers a release version over drafts and published in a release perspective', async () => {
    await t.client.createOrReplace({
      _id: 'versions.rSpring.course.county',
      _type: 'course',
      title: 'County lines (spring release)',
    })
    const titles = await t.client.fetch<string[]>(
      '*[_type == "course" && _id in ["course.county", "course.nrm"]] | order(_id asc).title',
      {},
      { perspective: ['rSpring', 'drafts'] },
    )
    expect(titles).toEqual(['County lines (spring release)', 'NRM basics (draft)'])
    expect(await t.client.fetch('count(*[_id in path("versions.**")])')).toBe(0)
    await t.client.delete('versions.rSpring.course.county')
  })

  it('accepts long queries sent as POST with a JSON body', async () => {
    const padding = ' '.repeat(12_000)
    const count = await t.client.fetch<number>(`count(*[_type == $type])${padding}`, {
      type: 'course',
    })
    expect(count).toBe(2)
    const res = await api(t, '/v2025-02-19/data/query/production', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '*[_id == $id][0].title', params: { id: 'course.nrm' } }),
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ result: 'NRM basics', query: '*[_id == $id][0].title' })
    expect(res.body).toHaveProperty('ms')
  })

  it('answers malformed GROQ with 400 and the position of the error', async () => {
    const res = await api(
      t,
      `/v2025-02-19/data/query/production?query=${encodeURIComponent('*[_type == ]')}`,
    )
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      error: { type: 'queryParseError', start: 10, end: 11, query: '*[_type == ]' },
    })
    await expect(t.client.fetch('*[_type ==')).rejects.toMatchObject({ statusCode: 400 })
  })

  it('rejects a referenced parameter that was not provided', async () => {
    await expect(t.client.fetch('*[_id == $id]')).rejects.toThrow(/param \$id referenced/)
  })

  it('answers an unknown dataset with 404', async () => {
    const other = t.client.withConfig({ dataset: 'staging' })
    await expect(other.fetch('*')).rejects.toMatchObject({ statusCode: 404 })
  })

  it('returns documents by id from the doc endpoint, listing missing ones', async () => {
    const res = await api(t, '/v2025-02-19/data/doc/production/course.nrm,nope')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      documents: [{ _id: 'course.nrm', title: 'NRM basics' }],
      omitted: [{ id: 'nope', reason: 'existence' }],
    })
    expect(await t.client.getDocument('drafts.course.new')).toMatchObject({ title: 'Only a draft' })
  })

  it('sees a write immediately (no stale cached result)', async () => {
    const query = 'count(*[_type == "report"])'
    expect(await t.client.fetch(query)).toBe(0)
    await t.client.create({ _id: 'report.one', _type: 'report', title: 'One' })
    expect(await t.client.fetch(query)).toBe(1)
  })
})
