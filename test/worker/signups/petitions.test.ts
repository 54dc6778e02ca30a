// Petition signatures: counted once confirmed by email, duplicates never revealed on screen,
// the public count endpoint (the campaign page's count: petition-page-count.test.ts).
import { env, SELF } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../../worker/signups/petitions'
import { petitionCount } from '../../../worker/signups/store'
import {
  apiPost,
  clearSignupTables,
  formPost,
  linkAfter,
  mailbox,
  meteredDb,
  ORIGIN,
  rows,
  SEED,
  tokenOf,
} from './helpers'

const sign = (n: string, extra: Record<string, string> = {}) =>
  formPost(`/campaigns/${SEED.petition.slug}/sign`, {
    name: `Signer ${n}`,
    email: `signer${n}@example.org`,
    postcode: 'SW1A 1AA',
    country: '',
    consent: 'yes',
    website: '',
    ...extra,
  })

const count = async () => {
  const res = await SELF.fetch(`${ORIGIN}/api/v1/campaigns/${SEED.petition.slug}/count`)
  return {
    res,
    body: (await res.json()) as { confirmed: number; offline: number; total: number; goal: number },
  }
}

beforeEach(clearSignupTables)

describe('POST /campaigns/:slug/sign', () => {
  it('counts a signature only once it is confirmed from the email', async () => {
    const res = await sign('1')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Check your email')
    expect((await count()).body.confirmed).toBe(0)
    const [mail] = await mailbox('signer1@example.org')
    const link = linkAfter(mail?.text_body ?? '', 'Confirm my signature:')
    expect((await SELF.fetch(`${ORIGIN}${link}`)).status).toBe(200)
    expect((await count()).body.confirmed).toBe(0)
    const done = await formPost('/signups/confirm', { token: tokenOf(link) })
    expect(await done.text()).toContain('Your signature is confirmed and counted')
    const { res: countRes, body } = await count()
    expect(body).toEqual({
      campaignSlug: SEED.petition.slug,
      confirmed: 1,
      offline: 37,
      total: 38,
      goal: 1000,
    })
    expect(countRes.headers.get('cache-control')).toBe('public, max-age=30, s-maxage=30')
  })

  it('answers a duplicate exactly like a new signature, and explains by email', async () => {
    const first = await (await sign('2')).text()
    const [mail] = await mailbox('signer2@example.org')
    await formPost('/signups/confirm', {
      token: tokenOf(linkAfter(mail?.text_body ?? '', 'Confirm my signature:')),
    })
    const again = await sign('x', { email: 'SIGNER2+dup@example.org', name: 'Another Name' })
    expect(again.status).toBe(200)
    const second = await again.text()
    expect(second).toContain('Check your email')
    const strip = (html: string) => html.replace(/<[^>]+>/g, '')
    expect(strip(second)).toBe(strip(first))
    const latest = (await mailbox('signer2@example.org')).at(-1)
    expect(latest?.subject).toContain('You have already signed')
    expect(await rows('SELECT id FROM signatures')).toHaveLength(1)
    expect((await count()).body.confirmed).toBe(1)
  })

  it('shows errors next to fields; needs a postcode or a country', async () => {
    const res = await sign('3', { postcode: '', country: '', name: '' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Enter your full name')
    expect(html).toContain('Enter your UK postcode, or your country if you live outside the UK')
    const bad = await sign('3', { postcode: 'NOT A CODE' })
    expect(await bad.text()).toContain('Enter a real UK postcode, like SW1A 1AA')
    const abroad = await sign('3', { postcode: '', country: 'Ireland' })
    expect(abroad.status).toBe(200)
    const [row] = await rows<{ country: string; consent_version: string }>(
      'SELECT country, consent_version FROM signatures',
    )
    expect(row).toEqual({ country: 'Ireland', consent_version: 'petition-2025-01' })
  })

  it('refuses closed and unknown petitions', async () => {
    const closed = await formPost(`/campaigns/${SEED.closedPetition.slug}/sign`, {
      name: 'A',
      email: 'a@example.org',
      postcode: 'SW1A 1AA',
      consent: 'yes',
      website: '',
    })
    expect(closed.status).toBe(409)
    expect(await closed.text()).toContain('This petition is closed')
    const unknown = await formPost('/campaigns/nope/sign', { name: 'A' })
    expect(unknown.status).toBe(404)
    expect((await SELF.fetch(`${ORIGIN}/api/v1/campaigns/nope/count`)).status).toBe(404)
  })

  it('signs through the API with the same neutral answer', async () => {
    const body = {
      campaignSlug: SEED.petition.slug,
      name: 'Api Signer',
      email: 'api@example.org',
      country: 'France',
      consent: true,
    }
    const first = await apiPost('/api/v1/signatures', body)
    expect(first.status).toBe(202)
    const dup = await apiPost('/api/v1/signatures', { ...body, email: 'API@example.org' })
    expect(dup.status).toBe(202)
    expect(await dup.json()).toEqual(await first.json())
    const invalid = await apiPost('/api/v1/signatures', { ...body, consent: false, country: '' })
    const err = (await invalid.json()) as { error: { fields: Record<string, string> } }
    expect(invalid.status).toBe(400)
    expect(err.error.fields).toEqual({
      consent: 'Tick the box to agree to us storing your details',
      postcode: 'Enter your UK postcode, or your country if you live outside the UK',
    })
  })
})

/** Signs through the form and returns the token from the confirmation email. */
const signedToken = async (n: string) => {
  await sign(n)
  const [mail] = await mailbox(`signer${n}@example.org`)
  return tokenOf(linkAfter(mail?.text_body ?? '', 'Confirm my signature:'))
}

/** A rebuild queue that only records: count refreshes must not start real rebuilds here. */
const quietEnv = (db: D1Database = env.DB) =>
  ({ ...env, DB: db, REBUILD_QUEUE: { send: async () => undefined } }) as unknown as Env

describe('the confirmed count (one counter row per campaign)', () => {
  it('goes up by exactly one per confirmation, and not at all for a repeat click', async () => {
    await formPost('/signups/confirm', { token: await signedToken('c1') })
    const token = await signedToken('c2')
    expect((await count()).body.confirmed).toBe(1)
    const done = await formPost('/signups/confirm', { token })
    expect(await done.text()).toContain('Your signature is confirmed and counted')
    expect((await count()).body).toMatchObject({ confirmed: 2, total: 39 })
    const again = await formPost('/signups/confirm', { token })
    expect(again.status).toBe(200)
    expect(await again.text()).toContain('Your signature was already confirmed')
    expect((await count()).body).toMatchObject({ confirmed: 2, total: 39 })
    // Each signature is numbered by the count it made, so a milestone is crossed exactly once.
    expect(
      await rows('SELECT email, confirmed_seq FROM signatures ORDER BY confirmed_seq'),
    ).toEqual([
      { email: 'signerc1@example.org', confirmed_seq: 1 },
      { email: 'signerc2@example.org', confirmed_seq: 2 },
    ])
  })

  it('answers from the stored counter, which matches the confirmed signatures', async () => {
    for (const n of ['k1', 'k2', 'k3'])
      await formPost('/signups/confirm', { token: await signedToken(n) })
    await sign('k4') // pending: not counted
    expect(await rows('SELECT campaign_id, confirmed FROM petition_counts')).toEqual([
      { campaign_id: SEED.petition.id, confirmed: 3 },
    ])
    expect(await rows("SELECT count(*) AS n FROM signatures WHERE status = 'confirmed'")).toEqual([
      { n: 3 },
    ])
    expect((await count()).body).toMatchObject({ confirmed: 3, offline: 37, total: 40 })
  })

  it('reads a handful of rows to count or confirm, however many have signed', async () => {
    const now = Date.now()
    const ids = Array.from({ length: 41 }, (_, i) => `many-${i}`)
    await env.DB.batch(
      ids.map((id) =>
        env.DB.prepare(
          `INSERT INTO signatures (id, campaign_id, campaign_slug, name, email, email_norm, status,
             consent_text, consent_version, source, created_at)
           VALUES (?1, ?2, ?3, 'N', ?1, ?1, 'pending', 't', 'v', 'api', ?4)`,
        ).bind(id, SEED.petition.id, SEED.petition.slug, now),
      ),
    )
    for (const id of ids.slice(0, 40)) await confirmSignature(quietEnv(), id)
    const reading = meteredDb(env.DB)
    expect(await petitionCount(reading.db, SEED.petition.id)).toBe(40)
    expect(reading.rowsRead()).toBe(1)
    const confirming = meteredDb(env.DB)
    await confirmSignature(quietEnv(confirming.db), ids[40] ?? '')
    // count(*) read all 40 confirmed signatures here; the counter reads the row and the counter.
    expect(confirming.rowsRead()).toBeLessThan(10)
    expect(await petitionCount(env.DB, SEED.petition.id)).toBe(41)
  })
})
