// Repeated signups cannot flood a mailbox: a repeat notification ("already registered", the
// petition or alert confirmation again) goes to one recipient at most once an hour per kind and
// item, the first email of a flow always goes, and the answer on screen does not change.
import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { REPEAT_WINDOW_MS } from '../../../worker/mail/message'
import {
  apiPost,
  clearSignupTables,
  formPost,
  mailbox,
  registrationForm,
  rows,
  SEED,
} from './helpers'

const registerForm = (session: string, email: string, course: string = SEED.course.slug) =>
  formPost(`/register/${course}/${session}`, registrationForm(email, { email }))

const sign = (email: string) =>
  formPost(`/campaigns/${SEED.petition.slug}/sign`, {
    name: 'Repeat Signer',
    email,
    postcode: 'SW1A 1AA',
    country: '',
    consent: 'yes',
    website: '',
  })

const subscribe = (email: string) =>
  formPost('/alerts', { email, topics: ['nrm'], consent: 'yes', website: '' })

/** Outbox rows per kind for one normalised address, as "kind × n". */
async function sentTo(toNorm: string) {
  const list = await rows<{ kind: string; n: number }>(
    'SELECT kind, count(*) AS n FROM outbox WHERE to_norm = ? GROUP BY kind ORDER BY kind',
    toNorm,
  )
  return Object.fromEntries(list.map((r) => [r.kind, r.n]))
}

/** Text of a page without markup or the per-request bits (nonces, tokens). */
const visibleText = async (res: Response) =>
  (await res.text())
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/** Moves every outbox row an hour (and a second) into the past, as if the hour had gone by. */
const anHourLater = () =>
  env.DB.prepare('UPDATE outbox SET created_at = created_at - ?')
    .bind(REPEAT_WINDOW_MS + 1000)
    .run()

beforeEach(clearSignupTables)

describe('repeat notifications', () => {
  it('20 registrations for one address and session: the first email plus one repeat', async () => {
    const answers: string[] = []
    for (let i = 0; i < 20; i++) {
      const res = await registerForm(SEED.sessions.open20, 'flood@example.org')
      expect(res.status).toBe(200)
      answers.push(await visibleText(res))
    }
    // Every repeat gets the same truthful answer, sent or not.
    expect(new Set(answers.slice(1)).size).toBe(1)
    expect(answers[1]).toContain('already registered')
    expect(await sentTo('flood@example.org')).toEqual({
      'registration-confirmed': 1,
      'registration-already-confirmed': 1,
    })
    expect(await mailbox('flood@example.org')).toHaveLength(2)
  }, 60_000)

  it('does not hold back another session, another course or another address', async () => {
    for (let i = 0; i < 5; i++) await registerForm(SEED.sessions.open20, 'busy@example.org')
    expect((await registerForm(SEED.sessions.open40, 'busy@example.org')).status).toBe(200)
    expect(
      (await registerForm(SEED.sessions.londonOpen, 'busy@example.org', SEED.london.slug)).status,
    ).toBe(200)
    for (let i = 0; i < 2; i++) await registerForm(SEED.sessions.open20, 'other@example.org')
    expect(await sentTo('busy@example.org')).toEqual({
      'registration-confirmed': 3,
      'registration-already-confirmed': 1,
    })
    expect(await sentTo('other@example.org')).toEqual({
      'registration-confirmed': 1,
      'registration-already-confirmed': 1,
    })
    // A repeat about another session is its own item.
    await registerForm(SEED.sessions.open40, 'busy@example.org')
    expect((await sentTo('busy@example.org'))['registration-already-confirmed']).toBe(2)
  })

  it('through the partner API too, with the same 409 answer every time', async () => {
    const body = {
      courseSlug: SEED.course.slug,
      sessionKey: SEED.sessions.open20,
      name: 'Api Flood',
      email: 'api-flood@example.org',
      role: 'police',
      consent: true,
    }
    expect((await apiPost('/api/v1/registrations', body)).status).toBe(201)
    const answers = new Set<string>()
    for (let i = 0; i < 10; i++) {
      const res = await apiPost('/api/v1/registrations', body)
      expect(res.status).toBe(409)
      answers.add(await res.text())
    }
    expect(answers.size).toBe(1)
    expect(await sentTo('api-flood@example.org')).toEqual({
      'registration-confirmed': 1,
      'registration-already-confirmed': 1,
    })
  })

  it('allows one more repeat once the hour has passed', async () => {
    for (let i = 0; i < 3; i++) await registerForm(SEED.sessions.open20, 'later@example.org')
    await anHourLater()
    for (let i = 0; i < 3; i++) await registerForm(SEED.sessions.open20, 'later@example.org')
    expect(await sentTo('later@example.org')).toEqual({
      'registration-confirmed': 1,
      'registration-already-confirmed': 2,
    })
  })

  it('never holds back the first email of a new flow (registering again after cancelling)', async () => {
    for (let i = 0; i < 3; i++) await registerForm(SEED.sessions.open20, 'again@example.org')
    await env.DB.prepare(`UPDATE registrations SET status = 'cancelled'`).run()
    await registerForm(SEED.sessions.open20, 'again@example.org')
    expect(await sentTo('again@example.org')).toEqual({
      'registration-confirmed': 2,
      'registration-already-confirmed': 1,
    })
  })

  it('20 petition signatures from one address: the confirmation plus one repeat', async () => {
    const answers = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const res = await sign('signer@example.org')
      expect(res.status).toBe(200)
      answers.add(await visibleText(res))
    }
    // A new signature and a repeated one read the same: nobody learns who signed.
    expect(answers.size).toBe(1)
    expect(await sentTo('signer@example.org')).toEqual({ 'signature-confirm': 2 })
    await sign('someone-else@example.org')
    expect(await sentTo('someone-else@example.org')).toEqual({ 'signature-confirm': 1 })
    expect(await mailbox('signer@example.org')).toHaveLength(2)
  }, 60_000)

  it('20 alert subscriptions from one address: the confirmation plus one repeat', async () => {
    const answers = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const res = await subscribe('alerts@example.org')
      expect(res.status).toBe(200)
      answers.add(await visibleText(res))
    }
    expect(answers.size).toBe(1)
    expect(await sentTo('alerts@example.org')).toEqual({ 'alert-confirm': 2 })
    await subscribe('alerts2@example.org')
    expect(await sentTo('alerts2@example.org')).toEqual({ 'alert-confirm': 1 })
  }, 60_000)
})
