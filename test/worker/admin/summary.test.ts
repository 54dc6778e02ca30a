// The batched numbers the Studio views show: seats left per session, signatures, and the latest
// publish receipt of each document, plus the audit log listing.
import { env, SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createTestCampaign,
  createTestCourse,
  insertRegistration,
  insertSignature,
  staffFetch,
} from './helpers'
import { storeClient } from '../store-client'

let course: { id: string; slug: string }
let campaign: { id: string; slug: string }

async function insertReceipt(
  id: string,
  documentIds: string[],
  startedAt: string,
  pages: string[],
) {
  await env.DB.prepare(
    `INSERT INTO publish_receipts (id, transaction_id, reason, document_ids, pages_planned, pages, changed,
       failed, status, started_at, finished_at)
     VALUES (?1, ?2, 'webhook', ?3, ?4, ?5, ?5, '[]', 'done', ?6, ?6)`,
  )
    .bind(
      id,
      `tx-${id}`,
      JSON.stringify(documentIds),
      pages.length,
      JSON.stringify(pages),
      startedAt,
    )
    .run()
}

beforeAll(async () => {
  course = await createTestCourse('summary')
  campaign = await createTestCampaign('summary')
  await insertRegistration({ courseId: course.id, sessionKey: 'morning' })
  await insertRegistration({ courseId: course.id, sessionKey: 'morning', status: 'offered' })
  await insertRegistration({ courseId: course.id, sessionKey: 'evening', status: 'waitlisted' })
  await insertSignature({ campaignId: campaign.id })
  await insertReceipt(`old-${course.id}`, [course.id], '2027-01-01T10:00:00.000Z', ['/courses'])
  await insertReceipt(`new-${course.id}`, [course.id, 'siteSettings'], '2027-01-02T10:00:00.000Z', [
    `/courses/${course.slug}`,
    '/courses',
  ])
})

type Summary = {
  documents: Record<
    string,
    {
      type: string
      sessions?: { key: string; counts: Record<string, number | null> }[]
      counts?: Record<string, unknown>
      latestReceipt: { pages: string[]; finishedAt: string } | null
    }
  >
  missing: string[]
}

describe('GET /admin/summary', () => {
  it('batches counts for courses and campaigns with their latest publish receipt', async () => {
    const res = await staffFetch(
      `/admin/summary?ids=drafts.${course.id},${campaign.id},course.not-published`,
    )
    expect(res.status).toBe(200)
    const body = await res.json<Summary>()
    expect(body.missing).toEqual(['course.not-published'])
    const courseSummary = body.documents[course.id]
    expect(courseSummary?.type).toBe('course')
    expect(
      courseSummary?.sessions?.map((s) => [
        s.key,
        s.counts.confirmed,
        s.counts.offered,
        s.counts.waitlisted,
        s.counts.seatsLeft,
      ]),
    ).toEqual([
      ['morning', 1, 1, 0, 1],
      ['evening', 0, 0, 1, 10],
    ])
    expect(courseSummary?.latestReceipt?.pages).toEqual([`/courses/${course.slug}`, '/courses'])
    expect(courseSummary?.latestReceipt?.finishedAt).toBe('2027-01-02T10:00:00.000Z')
    const campaignSummary = body.documents[campaign.id]
    expect(campaignSummary).toMatchObject({
      type: 'campaign',
      counts: { confirmed: 1, pending: 0, total: 2 },
      latestReceipt: null,
    })
  })

  it('answers 400 without ids or with too many', async () => {
    const none = await staffFetch('/admin/summary')
    expect(none.status).toBe(400)
    expect(
      (await none.json<{ error: { fields: Record<string, string> } }>()).error.fields,
    ).toHaveProperty('ids')
    const many = Array.from({ length: 51 }, (_, i) => `course.n${i}`).join(',')
    expect((await staffFetch(`/admin/summary?ids=${many}`)).status).toBe(400)
  })

  it('answers 401 and 403 without the right credentials', async () => {
    expect((await SELF.fetch(`https://example.com/admin/summary?ids=${course.id}`)).status).toBe(
      401,
    )
    const wrong = await SELF.fetch(`https://example.com/admin/summary?ids=${course.id}`, {
      headers: { Authorization: 'Bearer nope' },
    })
    expect(wrong.status).toBe(403)
  })
})

// The seed course imported without a webhook, as `npm start` loads it: no receipt names it.
const SEED_COURSE = 'course.example-nrm-refresher'

type Publish = {
  state: string
  publishedAt: string | null
  receipt?: { id: string }
  earlier?: { id: string } | null
}

async function summaryOf(id: string) {
  const res = await staffFetch(`/admin/summary?ids=${id}`)
  expect(res.status).toBe(200)
  const body = await res.json<{
    documents: Record<string, { sessions?: { key: string; label: string }[]; publish: Publish }>
  }>()
  const doc = body.documents[id]
  if (!doc) throw new Error(`no summary for ${id}`)
  return doc
}

describe('GET /admin/summary: session times and the latest publish', () => {
  it('labels sessions in London time with the zone, as the course page shows them', async () => {
    const labels = Object.fromEntries(
      ((await summaryOf(SEED_COURSE)).sessions ?? []).map((s) => [s.key, s.label]),
    )
    // 10:00 UTC in March is 10:00 GMT; 09:00 UTC in June is 10:00 BST.
    expect(labels['nrm-2027-03-10']).toBe('Wednesday 10 March 2027, 10:00–11:30 GMT')
    expect(labels['nrm-2027-06-16']).toBe('Wednesday 16 June 2027, 10:00–11:30 BST')
    const own = Object.fromEntries(
      ((await summaryOf(course.id)).sessions ?? []).map((s) => [s.key, s.label]),
    )
    expect(own.morning).toBe('Morning — Wednesday 16 June 2027, 10:00–11:30 BST')
    for (const label of [...Object.values(labels), ...Object.values(own)])
      expect(label).not.toContain('UTC')
  })

  it('says a published version has no receipt, with when it was published, instead of "none"', async () => {
    const published = await storeClient().getDocument<{ _rev: string; _updatedAt: string }>(
      SEED_COURSE,
    )
    const publish = (await summaryOf(SEED_COURSE)).publish
    expect(publish).toEqual({
      state: 'unrecorded',
      publishedAt: published?._updatedAt,
      earlier: null,
    })
  })

  it('shows the last receipt as an earlier version when it predates the published one', async () => {
    await insertReceipt(`before-seed`, [SEED_COURSE], '2026-01-01T10:00:00.000Z', ['/courses'])
    const publish = (await summaryOf(SEED_COURSE)).publish
    expect(publish.state).toBe('unrecorded')
    expect(publish.earlier?.id).toBe('before-seed')
  })

  it('matches the receipt of the published revision by its transaction, whatever the clocks say', async () => {
    const published = await storeClient().getDocument<{ _rev: string }>(SEED_COURSE)
    // Started (by the worker's clock) a little before the revision's time (by the store's).
    await env.DB.prepare(
      `INSERT INTO publish_receipts (id, transaction_id, reason, document_ids, pages_planned, pages,
         changed, failed, status, started_at, finished_at)
       VALUES ('this-rev', ?1, 'webhook', ?2, 1, '["/courses"]', '["/courses"]', '[]', 'done', ?3, ?3)`,
    )
      .bind(published?._rev ?? '', JSON.stringify([SEED_COURSE]), '2026-11-16T09:59:59.000Z')
      .run()
    const publish = (await summaryOf(SEED_COURSE)).publish
    expect(publish.state).toBe('recorded')
    expect(publish.receipt?.id).toBe('this-rev')
  })

  it('gives the receipt of a later rebuild, and says a publish of moments ago is being rebuilt', async () => {
    const withReceipt = (await summaryOf(course.id)).publish
    expect(withReceipt.state).toBe('recorded')
    expect(withReceipt.receipt?.id).toBe(`new-${course.id}`)
    // The campaign was published when this suite started; no rebuild has reported yet.
    const fresh = (await summaryOf(campaign.id)).publish
    expect(fresh.state).toBe('awaiting')
    expect(Date.parse(fresh.publishedAt ?? '')).not.toBeNaN()
  })
})

describe('GET /admin/audit', () => {
  it('lists staff actions newest first with actor, action, target and time', async () => {
    await staffFetch(`/admin/sessions/${course.id}/morning`)
    const res = await staffFetch('/admin/audit?limit=2')
    expect(res.status).toBe(200)
    const body = await res.json<{
      entries: { actor: string; action: string; target: string; at: string }[]
      next: string | null
    }>()
    expect(body.entries).toHaveLength(2)
    expect(body.entries[0]).toMatchObject({
      actor: 'local-token',
      action: 'session.view',
      target: `${course.id}/morning`,
    })
    expect(Date.parse(body.entries[0]?.at ?? '')).not.toBeNaN()
    expect(body.next).toMatch(/^\?before=\d+&limit=2$/)
  })

  it('answers 400 for a bad limit and 401 without credentials', async () => {
    expect((await staffFetch('/admin/audit?limit=0')).status).toBe(400)
    expect((await SELF.fetch('https://example.com/admin/audit')).status).toBe(401)
  })
})

describe('the page store routes behind the staff guard', () => {
  it('lists publish receipts for staff only, and audits it', async () => {
    expect((await SELF.fetch('https://example.com/admin/receipts')).status).toBe(401)
    const wrong = await SELF.fetch('https://example.com/admin/receipts', {
      headers: { Authorization: 'Bearer nope' },
    })
    expect(wrong.status).toBe(403)
    const res = await staffFetch('/admin/receipts?limit=5')
    expect(res.status).toBe(200)
    const body = await res.json<{ receipts: { id: string }[] }>()
    expect(body.receipts.map((r) => r.id)).toContain(`new-${course.id}`)
    const entries = await (
      await staffFetch('/admin/audit?limit=1')
    ).json<{ entries: { action: string; actor: string }[] }>()
    expect(entries.entries[0]).toMatchObject({ action: 'receipts.view', actor: 'local-token' })
  })

  it('does not expose the rebuild outside /admin', async () => {
    expect((await SELF.fetch('https://example.com/rebuild', { method: 'POST' })).status).not.toBe(
      200,
    )
    expect((await SELF.fetch('https://example.com/admin/rebuild', { method: 'POST' })).status).toBe(
      401,
    )
  })
})
