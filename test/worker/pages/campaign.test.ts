// A campaign page with a petition: the confirmed count from D1 plus signatures gathered offline
// (only when the campaign shows its count), progress to the goal, milestones reached, and the
// signing form while the petition is open.
import { env } from 'cloudflare:test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { built, createDrafts, inspect, uniqueSlug } from './helpers'

const open = uniqueSlug('petition')
const closed = uniqueSlug('closed-petition')
const hidden = uniqueSlug('hidden-count')
let cleanup: () => Promise<void>

function campaign(
  slug: string,
  petition: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    _id: `campaign.${slug}`,
    _type: 'campaign',
    title: `Petition ${slug}`,
    slug: { _type: 'slug', current: slug },
    kind: 'petition',
    status: 'live',
    summary: 'Ask for a guardian for every child.',
    petition: { target: 'Home Secretary', ...petition },
    organisations: [{ _type: 'reference', _ref: 'organisation.ecpat-uk', _key: 'o' }],
    relatedReports: [{ _type: 'reference', _ref: 'report.nrm-statistics-q1-2020', _key: 'r' }],
    callToAction: { label: 'Share the campaign', url: 'javascript:alert(1)' },
    ...extra,
  }
}

async function sign(slug: string, status: 'confirmed' | 'pending', n: number) {
  for (let i = 0; i < n; i++) {
    await env.DB.prepare(
      `INSERT INTO signatures (id, campaign_id, campaign_slug, name, email, email_norm, status, consent_text,
         consent_version, source, created_at) VALUES (?1, ?2, ?3, 'Signer', ?4, ?4, ?5, 'c', 'v1', 'form', ?6)`,
    )
      .bind(
        crypto.randomUUID(),
        `campaign.${slug}`,
        slug,
        `${status}-${i}@example.org`,
        status,
        Date.now(),
      )
      .run()
  }
}

beforeAll(async () => {
  cleanup = await createDrafts([
    campaign(open, {
      goal: 10,
      milestones: [2, 5, 8],
      offlineCount: 3,
      showCount: true,
      closingDate: new Date(Date.now() + 9e8).toISOString(),
    }),
    campaign(closed, { goal: 10, showCount: true, closingDate: '2020-01-01T00:00:00Z' }),
    campaign(hidden, { goal: 10, showCount: false, offlineCount: 1234 }),
  ])
  await sign(open, 'confirmed', 2)
  await sign(open, 'pending', 4)
})

afterAll(async () => {
  await cleanup()
})

describe('campaign page', () => {
  it('shows confirmed plus offline signatures, progress and milestones reached', async () => {
    const page = await built(`/campaigns/${open}`, 'drafts')
    expect(page.status).toBe(200)
    const f = await inspect(page.body)
    expect(f.text).toContain('5 people have signed of a goal of 10')
    expect(page.body).toMatch(/<progress id="petition-progress" max="10" value="5">/)
    expect(f.text).toContain('2 (reached)')
    expect(f.text).toContain('5 (reached)')
    expect(f.text).not.toContain('8 (reached)')
    expect(f.text).toContain('To: Home Secretary')
    expect(page.body).toContain(`action="/campaigns/${open}/sign"`)
    expect(f.text).toContain('ECPAT UK')
    expect(f.text).toContain('National Referral Mechanism Statistics UK')
  })

  it('drops a call to action with an unsafe link', async () => {
    const page = await built(`/campaigns/${open}`, 'drafts')
    expect(page.body).not.toContain('javascript:')
    expect(page.body).not.toContain('Share the campaign')
  })

  it('closes the petition after its closing date', async () => {
    const page = await built(`/campaigns/${closed}`, 'drafts')
    const f = await inspect(page.body)
    expect(f.text).toContain('This petition is closed')
    expect(page.body).not.toContain('/sign"')
  })

  it('keeps the count private when the campaign does not show it', async () => {
    const page = await built(`/campaigns/${hidden}`, 'drafts')
    const f = await inspect(page.body)
    expect(f.text).not.toContain('1,234')
    expect(f.text).not.toContain('have signed')
    expect(page.body).toContain(`action="/campaigns/${hidden}/sign"`)
  })
})
