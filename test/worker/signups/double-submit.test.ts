// Every emailed-link action answers the truth when the same link is used twice: at the same time
// (a double click, a mail client and a person) or one after the other. Both answers describe the
// state the person is now in, and the stored rows are what one use would have left.
import { SELF } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  clearSignupTables,
  formPost,
  linkAfter,
  mailbox,
  ORIGIN,
  person,
  registerApi,
  rows,
  SEED,
  tokenOf,
} from './helpers'

type Answer = { status: number; text: string }

const post = async (path: string, token: string): Promise<Answer> => {
  const res = await formPost(path, { token })
  return { status: res.status, text: await res.text() }
}

/** The same link's POST twice: at the same time, or one after the other. */
async function twice(mode: 'concurrent' | 'sequential', path: string, token: string) {
  if (mode === 'concurrent') return Promise.all([post(path, token), post(path, token)])
  const first = await post(path, token)
  return [first, await post(path, token)]
}

const MODES = ['concurrent', 'sequential'] as const

/** A full 20-place session with one person waiting. */
async function fullWithOneWaiting() {
  for (let i = 0; i < 20; i++) expect((await registerApi(`d${i}`)).status).toBe(201)
  expect((await registerApi('wait')).status).toBe(201)
}

const statusOf = async (email: string) =>
  (await rows<{ status: string }>('SELECT status FROM registrations WHERE email = ?', email))[0]
    ?.status

const held = async () =>
  (
    await rows<{ n: number }>(
      `SELECT count(*) AS n FROM registrations WHERE session_key = ? AND status IN ('confirmed', 'offered')`,
      SEED.sessions.open20,
    )
  )[0]?.n

const subjects = async (email: string) => (await mailbox(email)).map((m) => m.subject)

async function cancelToken(email: string) {
  const [mail] = await mailbox(email)
  return tokenOf(linkAfter(mail?.text_body ?? '', 'Cancel my place:'))
}

beforeEach(clearSignupTables)

describe.each(MODES)('the same emailed link used twice (%s)', (mode) => {
  it('claim: both answers say "registered"; one place, one confirmation email', async () => {
    await fullWithOneWaiting()
    expect((await post('/signups/cancel', await cancelToken('persond3@example.org'))).status).toBe(
      200,
    )
    expect(await statusOf('personwait@example.org')).toBe('offered')
    const offer = (await mailbox('personwait@example.org')).at(-1)
    const token = tokenOf(linkAfter(offer?.text_body ?? '', 'Confirm my place:'))

    const answers = await twice(mode, '/signups/claim', token)
    for (const a of answers) {
      expect(a.status).toBe(200)
      expect(a.text).toContain('You&#39;re registered')
      expect(a.text).not.toContain('no longer available')
    }
    expect(await statusOf('personwait@example.org')).toBe('confirmed')
    expect(await held()).toBe(20)
    const registered = (await subjects('personwait@example.org')).filter((s) =>
      s.startsWith("You're registered"),
    )
    expect(registered).toHaveLength(1)
    // Opening the link again later shows the same truth.
    const page = await SELF.fetch(`${ORIGIN}/signups/claim?token=${token}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Your place is confirmed')
  })

  it('cancel: both answers say cancelled; one email, the freed place offered once', async () => {
    await fullWithOneWaiting()
    const token = await cancelToken('persond5@example.org')
    const answers = await twice(mode, '/signups/cancel', token)
    for (const a of answers) {
      expect(a.status).toBe(200)
      expect(a.text).toMatch(/Your registration is cancelled|already cancelled/)
    }
    expect(await statusOf('persond5@example.org')).toBe('cancelled')
    expect(await statusOf('personwait@example.org')).toBe('offered')
    expect(await held()).toBe(20)
    const cancelled = (await subjects('persond5@example.org')).filter((s) =>
      s.startsWith('Cancelled'),
    )
    expect(cancelled).toHaveLength(1)
    const offers = (await subjects('personwait@example.org')).filter((s) =>
      s.startsWith('A place is free'),
    )
    expect(offers).toHaveLength(1)
  })

  it('signature confirm: both answers say the signature counts; counted once', async () => {
    await formPost(`/campaigns/${SEED.petition.slug}/sign`, {
      name: 'Twice Signer',
      email: 'twice@example.org',
      postcode: 'SW1A 1AA',
      country: '',
      consent: 'yes',
      website: '',
    })
    const [mail] = await mailbox('twice@example.org')
    const token = tokenOf(linkAfter(mail?.text_body ?? '', 'Confirm my signature:'))
    const answers = await twice(mode, '/signups/confirm', token)
    for (const a of answers) {
      expect(a.status).toBe(200)
      expect(a.text).toContain('your signature counts')
    }
    expect(await rows('SELECT status, confirmed_seq FROM signatures')).toEqual([
      { status: 'confirmed', confirmed_seq: 1 },
    ])
    expect(await rows('SELECT confirmed FROM petition_counts')).toEqual([{ confirmed: 1 }])
  })

  it('alert confirm and unsubscribe: both answers describe the state now', async () => {
    await formPost('/alerts', {
      email: 'twice.alerts@example.org',
      topics: ['nrm'],
      consent: 'yes',
      website: '',
    })
    const [mail] = await mailbox('twice.alerts@example.org')
    const confirm = tokenOf(linkAfter(mail?.text_body ?? '', 'Confirm my alerts:'))
    const unsubscribe = tokenOf(
      linkAfter(mail?.text_body ?? '', 'Unsubscribe from all course alerts:'),
    )
    for (const a of await twice(mode, '/alerts/confirm', confirm)) {
      expect(a.status).toBe(200)
      expect(a.text).toContain('Your course alerts are on')
    }
    expect(await rows('SELECT status, topics FROM alert_subscriptions')).toEqual([
      { status: 'confirmed', topics: '["nrm"]' },
    ])
    for (const a of await twice(mode, '/alerts/unsubscribe', unsubscribe)) {
      expect(a.status).toBe(200)
      expect(a.text).toContain('You are unsubscribed')
    }
    expect(await rows('SELECT status, topics FROM alert_subscriptions')).toEqual([
      { status: 'unsubscribed', topics: '[]' },
    ])
    // The old confirmation link now says the alerts are off, not that nothing was found.
    const late = await post('/alerts/confirm', confirm)
    expect(late.status).toBe(409)
    expect(late.text).toContain('Your course alerts are off')
    expect(await rows('SELECT status FROM alert_subscriptions')).toEqual([
      { status: 'unsubscribed' },
    ])
  })

  it('privacy erase: both answers say the data is erased; nothing is left', async () => {
    expect((await registerApi('erase')).status).toBe(201)
    await formPost('/privacy', { email: 'personerase@example.org', website: '' })
    const mail = (await mailbox('personerase@example.org')).at(-1)
    const token = tokenOf(linkAfter(mail?.text_body ?? '', 'Erase my data:'))
    for (const a of await twice(mode, '/privacy/erase', token)) {
      expect(a.status).toBe(200)
      expect(a.text).toContain('Your data is erased')
    }
    expect(await rows('SELECT id FROM registrations')).toEqual([])
  })
})
