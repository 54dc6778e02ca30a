// Course alerts: double opt-in, unsubscribe in every message, one email per subscriber for a
// new course on their topics, even when the webhook is delivered twice.
import { env, SELF } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { handleContentChange } from '../../../worker/signups/content-events'
import {
  apiPost,
  clearSignupTables,
  formPost,
  linkAfter,
  mailbox,
  ORIGIN,
  rows,
  tokenOf,
} from './helpers'

const subscribe = (email: string, topics: string[]) =>
  formPost('/alerts', { email, topics, consent: 'yes', website: '' })

async function confirmFor(email: string) {
  const mail = (await mailbox(email)).at(-1)
  const link = linkAfter(mail?.text_body ?? '', 'Confirm my alerts:')
  const res = await formPost('/alerts/confirm', { token: tokenOf(link) })
  expect(res.status).toBe(200)
  return res.text()
}

const newCourse = {
  id: 'course.example-nrm-refresher',
  type: 'course',
  operation: 'create' as const,
}

beforeEach(clearSignupTables)

describe('course alerts', () => {
  it('shows the topics from site settings', async () => {
    const res = await SELF.fetch(`${ORIGIN}/alerts`)
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toContain('value="nrm"')
    expect(html).toContain('National Referral Mechanism')
    expect(html).not.toContain('value="supply-chains"')
  })

  it('sends nothing until the subscriber confirms, then one email per new course', async () => {
    expect((await subscribe('alert1@example.org', ['nrm', 'trauma'])).status).toBe(200)
    expect((await subscribe('alert2@example.org', ['trauma'])).status).toBe(200)
    await subscribe('alert3@example.org', ['nrm'])
    await handleContentChange(env, newCourse)
    expect((await mailbox()).filter((m) => m.subject.startsWith('New course'))).toEqual([])

    expect(await confirmFor('alert1@example.org')).toContain('National Referral Mechanism')
    await confirmFor('alert2@example.org')
    await handleContentChange(env, newCourse)
    await handleContentChange(env, newCourse) // the webhook retried
    await handleContentChange(env, { ...newCourse, operation: 'update' })
    const alerts = (await mailbox()).filter((m) => m.subject.startsWith('New course'))
    expect(alerts.map((m) => m.to_addr)).toEqual(['alert1@example.org'])
    expect(alerts[0]?.text_body).toContain('Unsubscribe from course alerts:')
    expect(JSON.parse(alerts[0]?.headers ?? '{}')).toHaveProperty('List-Unsubscribe')
  })

  it('unsubscribes with the link in the message', async () => {
    await subscribe('alert4@example.org', ['nrm'])
    await confirmFor('alert4@example.org')
    const mail = (await mailbox('alert4@example.org')).at(-1)
    const link = linkAfter(mail?.text_body ?? '', 'Unsubscribe from all course alerts:')
    expect((await SELF.fetch(`${ORIGIN}${link}`)).status).toBe(200)
    const done = await formPost('/alerts/unsubscribe', { token: tokenOf(link) })
    expect(await done.text()).toContain('You are unsubscribed')
    await handleContentChange(env, newCourse)
    expect((await mailbox()).filter((m) => m.subject.startsWith('New course'))).toEqual([])
  })

  it('gives the same answer for a known address and does not reveal it', async () => {
    const a = await (await subscribe('known@example.org', ['nrm'])).text()
    const b = await (await subscribe('KNOWN@example.org', ['trauma'])).text()
    expect(b).toBe(a)
    expect(await rows('SELECT id FROM alert_subscriptions')).toHaveLength(1)
  })

  it('explains what to fix', async () => {
    const res = await formPost('/alerts', { email: 'x', topics: [], consent: '', website: '' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Enter an email address in the correct format')
    expect(html).toContain('Choose at least one topic')
    expect(html).toContain('Tick the box to agree')
    const notOffered = await apiPost('/api/v1/alerts', {
      email: 'a@example.org',
      topics: ['supply-chains'],
      consent: true,
    })
    expect(notOffered.status).toBe(400)
    const body = (await notOffered.json()) as { error: { fields: { topics: string } } }
    expect(body.error.fields.topics).toContain('These topics are not offered: supply-chains')
    const ok = await apiPost('/api/v1/alerts', {
      email: 'a@example.org',
      topics: ['nrm'],
      consent: true,
    })
    expect(ok.status).toBe(202)
  })
})
