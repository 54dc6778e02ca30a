// Staff view of a petition: confirmed and pending counts, milestones reached (offline signatures
// included, as on the public page) and the signatories export.
import { SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestCampaign, insertSignature, staffFetch } from './helpers'

let campaign: { id: string; slug: string }

beforeAll(async () => {
  campaign = await createTestCampaign('campaigns')
  await insertSignature({
    campaignId: campaign.id,
    name: 'Sam Signer',
    email: 'sam@example.org',
    postcode: 'N1 9GU',
  })
  await insertSignature({
    campaignId: campaign.id,
    name: '@SUM(A1:A9)',
    email: 'formula@example.org',
  })
  await insertSignature({ campaignId: campaign.id, name: 'Pat Pending', status: 'pending' })
})

describe('GET /admin/campaigns/:campaignId', () => {
  it('answers confirmed and pending counts and the milestones reached', async () => {
    const res = await staffFetch(`/admin/campaigns/${campaign.id}`)
    expect(res.status).toBe(200)
    const body = await res.json<{ campaign: { title: string }; counts: Record<string, unknown> }>()
    expect(body.campaign.title).toBe('Staff test petition campaigns')
    expect(body.counts).toEqual({
      confirmed: 2,
      pending: 1,
      offline: 1,
      total: 3,
      goal: 50,
      milestones: [2, 5, 40],
      milestonesReached: [2],
    })
  })

  it('answers 404 for an unknown campaign, 400 for a malformed id, 401/403 without the right token', async () => {
    expect((await staffFetch('/admin/campaigns/campaign.nope')).status).toBe(404)
    expect((await staffFetch(`/admin/campaigns/${encodeURIComponent('x y')}`)).status).toBe(400)
    expect((await SELF.fetch(`https://example.com/admin/campaigns/${campaign.id}`)).status).toBe(
      401,
    )
    const wrong = await SELF.fetch(`https://example.com/admin/campaigns/${campaign.id}`, {
      headers: { Authorization: 'Bearer wrong' },
    })
    expect(wrong.status).toBe(403)
  })
})

describe('GET /admin/campaigns/:campaignId/export.csv', () => {
  it('exports signatories with the formula guard', async () => {
    const res = await staffFetch(`/admin/campaigns/${campaign.id}/export.csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Disposition')).toBe(
      `attachment; filename="${campaign.slug}-signatures.csv"`,
    )
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const text = await res.text()
    const lines = text.replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe('Status,Name,Email,Postcode,Country,Signed at (UTC),Confirmed at (UTC)')
    expect(lines[1]).toMatch(/^confirmed,Sam Signer,sam@example.org,N1 9GU,United Kingdom,2027-/)
    expect(lines[2]).toMatch(/^confirmed,'@SUM\(A1:A9\),formula@example.org,/)
    expect(lines[3]).toMatch(/^pending,Pat Pending,.*,$/)
  })

  it('answers 404 for an unknown campaign and 401 without credentials', async () => {
    expect((await staffFetch('/admin/campaigns/campaign.nope/export.csv')).status).toBe(404)
    expect(
      (await SELF.fetch(`https://example.com/admin/campaigns/${campaign.id}/export.csv`)).status,
    ).toBe(401)
  })
})
