// The waiting list: a cancellation frees a seat and offers it to the next person with a
// time-limited claim link; an offer that lapses passes to the next; capacity always holds.
import { env, SELF } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { register } from '../../../worker/signups/register'
import { expireOffers } from '../../../worker/signups/waitlist'
import * as signups from './helpers'

async function fillSession(waiting: number) {
  for (let i = 0; i < 20; i++) expect((await signups.registerApi(`s${i}`)).status).toBe(201)
  for (let i = 1; i <= waiting; i++) expect((await signups.registerApi(`w${i}`)).status).toBe(201)
}

const statusOf = async (email: string) =>
  (
    await signups.rows<{ status: string }>(
      'SELECT status FROM registrations WHERE email = ?',
      email,
    )
  )[0]?.status

const confirmedCount = async () =>
  (
    await signups.rows<{ n: number }>(
      `SELECT count(*) AS n FROM registrations WHERE session_key = ? AND status IN ('confirmed', 'offered')`,
      signups.SEED.sessions.open20,
    )
  )[0]?.n

async function cancelByLink(email: string) {
  const [mail] = await signups.mailbox(email)
  const link = signups.linkAfter(mail?.text_body ?? '', 'Cancel my place:')
  const page = await SELF.fetch(`${signups.ORIGIN}${link}`)
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('Your place will be offered to the next person')
  // Opening the link (as a mail scanner would) changes nothing.
  expect(await statusOf(email)).toBe('confirmed')
  const done = await signups.formPost('/signups/cancel', { token: signups.tokenOf(link) })
  expect(done.status).toBe(200)
  expect(await done.text()).toContain('Your registration is cancelled')
}

beforeEach(signups.clearSignupTables)

describe('waiting list', () => {
  it('offers a cancelled seat to the next person, who claims it with the emailed link', async () => {
    await fillSession(2)
    expect(await statusOf('personw1@example.org')).toBe('waitlisted')
    await cancelByLink('persons3@example.org')
    expect(await statusOf('persons3@example.org')).toBe('cancelled')
    expect(await statusOf('personw1@example.org')).toBe('offered')
    expect(await statusOf('personw2@example.org')).toBe('waitlisted')
    expect(await confirmedCount()).toBe(20)

    const cancelMail = (await signups.mailbox('persons3@example.org')).at(-1)
    expect(cancelMail?.subject).toContain('Cancelled: your place')
    expect(cancelMail?.attachments).toContain('METHOD:CANCEL')

    const offer = (await signups.mailbox('personw1@example.org')).at(-1)
    expect(offer?.subject).toContain('A place is free')
    expect(offer?.text_body).toMatch(/Please confirm by \w+ \d+ \w+ 20\d\d at \d\d:\d\d/)
    const claim = signups.linkAfter(offer?.text_body ?? '', 'Confirm my place:')
    const [row] = await signups.rows<{ offer_expires_at: number }>(
      'SELECT offer_expires_at FROM registrations WHERE email = ?',
      'personw1@example.org',
    )
    expect((row?.offer_expires_at ?? 0) - Date.now()).toBeGreaterThan(47 * 3_600_000)

    expect((await SELF.fetch(`${signups.ORIGIN}${claim}`)).status).toBe(200)
    const claimed = await signups.formPost('/signups/claim', { token: signups.tokenOf(claim) })
    expect(claimed.status).toBe(200)
    expect(await claimed.text()).toContain('Your place is confirmed')
    expect(await statusOf('personw1@example.org')).toBe('confirmed')
    const confirmation = (await signups.mailbox('personw1@example.org')).at(-1)
    expect(confirmation?.subject).toContain("You're registered")
    expect(confirmation?.attachments).toContain('SEQUENCE:1')
    expect(await confirmedCount()).toBe(20)
  })

  it('passes a lapsed offer to the next person and tells the first', async () => {
    await fillSession(2)
    await cancelByLink('persons0@example.org')
    const offer = (await signups.mailbox('personw1@example.org')).at(-1)
    const claim = signups.linkAfter(offer?.text_body ?? '', 'Confirm my place:')
    await env.DB.prepare('UPDATE registrations SET offer_expires_at = ? WHERE email = ?')
      .bind(Date.now() - 1000, 'personw1@example.org')
      .run()
    expect(await expireOffers(env)).toBe(1)
    expect(await statusOf('personw1@example.org')).toBe('cancelled')
    expect(await statusOf('personw2@example.org')).toBe('offered')
    expect((await signups.mailbox('personw1@example.org')).at(-1)?.subject).toContain(
      'Offer expired',
    )
    expect((await signups.mailbox('personw2@example.org')).at(-1)?.subject).toContain(
      'A place is free',
    )
    // The old claim link no longer works.
    const late = await signups.formPost('/signups/claim', { token: signups.tokenOf(claim) })
    expect(late.status).toBe(410)
    expect(await late.text()).toContain('no longer available')
    expect(await confirmedCount()).toBe(20)
  })

  it('lets a waitlisted person leave the list, and answers a second cancel calmly', async () => {
    await fillSession(1)
    const [mail] = await signups.mailbox('personw1@example.org')
    const link = signups.linkAfter(mail?.text_body ?? '', 'Leave the waiting list:')
    const done = await signups.formPost('/signups/cancel', { token: signups.tokenOf(link) })
    expect(await done.text()).toContain('Your registration is cancelled')
    const again = await SELF.fetch(`${signups.ORIGIN}${link}`)
    expect(await again.text()).toContain('already cancelled')
  })

  it('refuses a tampered or missing token', async () => {
    const bad = await SELF.fetch(`${signups.ORIGIN}/signups/cancel?token=abc.def`)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('This link does not work')
    const none = await signups.formPost('/signups/claim', {})
    expect(none.status).toBe(400)
  })

  it('asks for a course page rebuild when the last 10 seats are reached and when full', async () => {
    const sent: unknown[] = []
    const recording = { ...env, REBUILD_QUEUE: { send: async (m: unknown) => void sent.push(m) } }
    for (let i = 0; i < 20; i++) {
      await register(
        recording as unknown as Env,
        signups.SEED.course.slug,
        signups.SEED.sessions.open20,
        signups.person(`t${i}`, { organisation: '', accessNeeds: '' }) as never,
        'api',
      )
    }
    expect(sent).toEqual([
      {
        type: 'paths',
        paths: [`/courses/${signups.SEED.course.slug}`],
        reason: 'seats-left threshold',
      },
      {
        type: 'paths',
        paths: [`/courses/${signups.SEED.course.slug}`],
        reason: 'seats-left threshold',
      },
    ])
  })

  it('lets someone who cancelled register again', async () => {
    expect(
      (
        await signups.apiPost('/api/v1/registrations', {
          courseSlug: signups.SEED.course.slug,
          sessionKey: signups.SEED.sessions.open40,
          ...signups.person('again'),
        })
      ).status,
    ).toBe(201)
    const [mail] = await signups.mailbox('personagain@example.org')
    await signups.formPost('/signups/cancel', {
      token: signups.tokenOf(signups.linkAfter(mail?.text_body ?? '', 'Cancel my place:')),
    })
    const again = await signups.apiPost('/api/v1/registrations', {
      courseSlug: signups.SEED.course.slug,
      sessionKey: signups.SEED.sessions.open40,
      ...signups.person('again'),
    })
    expect(again.status).toBe(201)
    const [row] = await signups.rows<{ status: string; ics_sequence: number }>(
      'SELECT status, ics_sequence FROM registrations WHERE course_id = ? AND email = ?',
      signups.SEED.course.id,
      'personagain@example.org',
    )
    // Calendars ignore an invitation whose SEQUENCE is not above the cancellation's.
    expect(row).toEqual({ status: 'confirmed', ics_sequence: 2 })
  })
})
