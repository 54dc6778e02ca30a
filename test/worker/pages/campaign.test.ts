// A campaign page with a petition: the confirmed count from D1 plus signatures gathered offline
// (only when the campaign shows its count), progress to the goal, milestones reached, and the
// signing form while the petition is open (and when that changes by itself). A dated day of
// action is an Event in JSON-LD. /campaigns pages through long lists.
import { env } from 'cloudflare:test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../../worker/signups/petitions'
import { built, createDrafts, inspect, pageDoc, uniqueSlug } from './helpers'

const open = uniqueSlug('petition')
const closed = uniqueSlug('closed-petition')
const hidden = uniqueSlug('hidden-count')
const day = uniqueSlug('day-of-action')
const CLOSES = new Date(Date.now() + 9e8).toISOString()
// Enough past campaigns (with the seed's) to need a second page of /campaigns.
const filler = Array.from({ length: 12 }, (_, i) => uniqueSlug(`filler-${i}`))
let cleanup: () => Promise<void>

function campaign(
  slug: string,
  petition: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    ...pageDoc('campaign', slug, `Petition ${slug}`),
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

/** Stores signatures; confirmed ones are confirmed the way the emailed link does (the counter). */
async function sign(slug: string, status: 'confirmed' | 'pending', n: number, from = 0) {
  for (let i = from; i < from + n; i++) {
    const id = crypto.randomUUID()
    await env.DB.prepare(
      `INSERT INTO signatures (id, campaign_id, campaign_slug, name, email, email_norm, status, consent_text,
         consent_version, source, created_at) VALUES (?1, ?2, ?3, 'Signer', ?4, ?4, 'pending', 'c', 'v1', 'form', ?5)`,
    )
      .bind(id, `campaign.${slug}`, slug, `${status}-${i}@example.org`, Date.now())
      .run()
    if (status === 'confirmed') await confirmSignature(env, id)
  }
}

beforeAll(async () => {
  cleanup = await createDrafts([
    campaign(open, {
      goal: 10,
      milestones: [2, 5, 8],
      offlineCount: 3,
      showCount: true,
      closingDate: CLOSES,
    }),
    campaign(closed, { goal: 10, showCount: true, closingDate: '2020-01-01T00:00:00Z' }),
    campaign(hidden, { goal: 10, showCount: false, offlineCount: 1234 }),
    {
      ...pageDoc('campaign', day, `Day of action ${day}`),
      kind: 'day-of-action',
      status: 'upcoming',
      startDate: '2031-10-18',
      summary: 'One day for every trafficked child.',
      organisations: [{ _type: 'reference', _ref: 'organisation.ecpat-uk', _key: 'o' }],
    },
    ...filler.map((slug, i) => ({
      ...pageDoc('campaign', slug, `Filler campaign ${i}`),
      kind: 'film',
      status: 'closed',
      startDate: '2001-01-01',
    })),
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

  it('counts a signature confirmed since the page was last built', async () => {
    // The earlier build let this isolate read the count alongside the content: still current.
    expect((await inspect((await built(`/campaigns/${open}`, 'drafts')).body)).text).toContain(
      '5 people have signed',
    )
    await sign(open, 'confirmed', 1, 2)
    const f = await inspect((await built(`/campaigns/${open}`, 'drafts')).body)
    expect(f.text).toContain('6 people have signed of a goal of 10')
    // What the page shows is the campaign's counter (one row read), plus the 3 offline.
    const [counter] = await env.DB.prepare(
      'SELECT confirmed FROM petition_counts WHERE campaign_id = ?',
    )
      .bind(`campaign.${open}`)
      .all<{ confirmed: number }>()
      .then((r) => r.results)
    expect(counter).toEqual({ confirmed: 3 })
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

  it('goes stale when the petition closes, and not at all once it has closed', async () => {
    expect((await built(`/campaigns/${open}`, 'drafts')).staleAt).toBe(CLOSES)
    expect((await built(`/campaigns/${closed}`, 'drafts')).staleAt).toBeUndefined()
  })

  it('describes a dated day of action as an Event, and a petition as none', async () => {
    const f = await inspect((await built(`/campaigns/${day}`, 'drafts')).body)
    expect(f.jsonLd).toEqual([
      expect.objectContaining({
        '@type': 'Event',
        name: `Day of action ${day}`,
        startDate: '2031-10-18',
        endDate: '2031-10-18',
        location: expect.objectContaining({ '@type': 'VirtualLocation' }) as unknown,
        organizer: [expect.objectContaining({ name: 'ECPAT UK' })],
      }),
    ])
    const petition = await inspect((await built(`/campaigns/${open}`, 'drafts')).body)
    expect(petition.jsonLd).toEqual([])
  })

  it('keeps the count private when the campaign does not show it', async () => {
    const page = await built(`/campaigns/${hidden}`, 'drafts')
    const f = await inspect(page.body)
    expect(f.text).not.toContain('1,234')
    expect(f.text).not.toContain('have signed')
    expect(page.body).toContain(`action="/campaigns/${hidden}/sign"`)
  })
})

describe('/campaigns', () => {
  /** Titles of the campaign cards on a listing page. */
  const cardTitles = async (path: string) =>
    (await inspect((await built(path, 'drafts')).body)).headings
      .filter((h) => h.startsWith('h3:'))
      .map((h) => h.slice(3))

  it('pages through campaigns, live ones first, with links between pages', async () => {
    const first = await built('/campaigns', 'drafts')
    const f1 = await inspect(first.body)
    expect(f1.links.find((l) => l.rel === 'next')?.href).toBe('/campaigns?page=2')
    const one = await cardTitles('/campaigns')
    const two = await cardTitles('/campaigns?page=2')
    expect(one).toHaveLength(12)
    expect(one).toContain(`Day of action ${day}`)
    expect(two.length).toBeGreaterThan(0)
    expect(one.filter((t) => two.includes(t))).toEqual([])
    const page2 = await built('/campaigns?page=2', 'drafts')
    expect(page2.path).toBe('/campaigns?page=2')
    const f2 = await inspect(page2.body)
    expect(f2.title).toContain('page 2')
    expect(f2.links.find((l) => l.rel === 'prev')?.href).toBe('/campaigns')
    // Page 2 holds only past campaigns: no empty "live" section on it.
    expect(f2.headings).not.toContain('h2:Live and upcoming campaigns')
    expect(f2.headings).toContain('h2:Past campaigns')
    for (const bad of ['/campaigns?page=99', '/campaigns?page=0', '/campaigns?page=x']) {
      expect((await built(bad, 'drafts')).status).toBe(404)
    }
  })
})
