// Course registration through the HTML form (no JavaScript): the page, errors next to fields
// with a linked summary, the result pages, CSRF, the honeypot and Turnstile.
import { env, SELF } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { verifyTurnstile } from '../../../worker/signups/guards'
import {
  clearSignupTables,
  formPost,
  mailbox,
  ORIGIN,
  registrationForm,
  rows,
  SEED,
} from './helpers'

const path = `/register/${SEED.course.slug}/${SEED.sessions.open20}`

beforeEach(clearSignupTables)

describe('GET /register/:courseSlug/:sessionKey', () => {
  it('shows the session and an accessible form, never cached', async () => {
    const res = await SELF.fetch(`${ORIGIN}${path}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const html = await res.text()
    expect(html).toContain(`action="/register/${SEED.course.slug}/${SEED.sessions.open20}"`)
    expect(html).toContain('<label for="reg-nrm-2027-11-17-email">Email address')
    expect(html).toContain('autocomplete="email"')
    expect(html).toContain('Consent wording version registration-2025-01')
    expect(html).toMatch(/<div class="honeypot" aria-hidden="true">.*tabindex="-1"/)
    // Hidden by the stylesheet's .honeypot rule: the CSP would block an inline style.
    expect(html).not.toMatch(/\sstyle=/)
    expect(html).toMatch(/\d+ places left of 20/)
  })

  it('answers 404 for an unknown session', async () => {
    const res = await SELF.fetch(`${ORIGIN}/register/${SEED.course.slug}/nope`)
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Session not found')
  })
})

describe('POST /register/:courseSlug/:sessionKey', () => {
  it('registers and shows a result page; the email has the cancel link and an .ics', async () => {
    const res = await formPost(path, registrationForm(1))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const html = await res.text()
    expect(html).toContain('You&#39;re registered')
    expect(html).not.toContain('form1@example.org')
    const [mail] = await mailbox('form1@example.org')
    expect(mail?.text_body).toContain('Cancel my place:')
    const [ics] = JSON.parse(mail?.attachments ?? '[]') as { filename: string; content: string }[]
    expect(ics?.filename).toBe('session.ics')
    expect(ics?.content).toContain('METHOD:REQUEST')
    expect(ics?.content).toContain(
      `UID:${'course.example-nrm-refresher'}-${SEED.sessions.open20}@localhost`,
    )
    expect(ics?.content).toContain('SEQUENCE:0')
    expect(ics?.content).toContain('DTSTART;TZID=Europe/London:20271117T100000')
  })

  it('shows errors next to the fields, linked from a summary, keeping what was typed', async () => {
    const res = await formPost(path, registrationForm(2, { email: 'nope', role: '', consent: '' }))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('There is a problem')
    expect(html).toContain(
      '<a href="#reg-nrm-2027-11-17-email">Enter an email address in the correct format',
    )
    expect(html).toContain(
      '<a href="#reg-nrm-2027-11-17-role">Choose your role or sector from the list</a>',
    )
    expect(html).toContain('<a href="#reg-nrm-2027-11-17-consent">Tick the box')
    expect(html).toContain('id="reg-nrm-2027-11-17-email-error"')
    expect(html).toMatch(
      /aria-invalid="true" aria-describedby="reg-nrm-2027-11-17-email-hint reg-nrm-2027-11-17-email-error"/,
    )
    expect(html).toContain('value="Form Person 2"')
    expect(html).toContain('value="nope"')
    expect(await rows('SELECT * FROM registrations')).toEqual([])
  })

  it('puts the error summary first in main, and shows the session as the course page does', async () => {
    const res = await formPost(path, registrationForm(8, { email: 'nope' }))
    expect(res.status).toBe(400)
    const html = await res.text()
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'))
    // The first element with content in main is the summary, focusable, linking to the field.
    const firstContent =
      /<main[^>]*>(?:<div[^>]*class="(?:container|signup-page)"[^>]*>)*(<[^>]+>)/.exec(main)?.[1]
    expect(firstContent).toMatch(/^<div class="error-summary" role="alert" tabindex="-1"/)
    expect(main.indexOf('class="error-summary"')).toBeLessThan(main.indexOf('<h1'))
    // Only one summary: not a second one inside the form.
    expect(main.match(/class="error-summary"/g)).toHaveLength(1)
    expect(main).toContain('<a href="#reg-nrm-2027-11-17-email">')
    // The same session facts block and time string as the course page.
    const when = 'Wednesday 17 November 2027, 10:00–11:30 GMT'
    expect(main).toContain(
      `<p class="session__when"><time datetime="2027-11-17T10:00:00.000Z">${when}</time></p>`,
    )
    expect(main).toMatch(/<dl class="meta-list"><dt>Where<\/dt>/)
    expect(main).not.toContain(' to 11:30 (GMT)')
    const course = await (await SELF.fetch(`${ORIGIN}/courses/${SEED.course.slug}`)).text()
    expect(course).toContain(`<time datetime="2027-11-17T10:00:00.000Z">${when}</time>`)
    // And so do the emails.
    await formPost(path, registrationForm(8))
    const [mail] = await mailbox('form8@example.org')
    expect(mail?.text_body).toContain(`When: ${when}`)
    expect(mail?.html_body).toContain(`<td style="padding:2px 0">${when}</td>`)
  })

  it('tells a person already registered that the details were sent again', async () => {
    await formPost(path, registrationForm(3))
    const again = await formPost(
      path,
      registrationForm(3, { email: 'FORM3+again@example.org', name: 'Other' }),
    )
    expect(again.status).toBe(200)
    const html = await again.text()
    expect(html).toContain('already registered for this session')
    expect(html).toContain('sends them again at most once an hour')
    expect(await rows('SELECT * FROM registrations')).toHaveLength(1)
  })

  it('refuses a cancelled session with a clear page', async () => {
    const res = await formPost(
      `/register/${SEED.course.slug}/${SEED.sessions.cancelled}`,
      registrationForm(4),
    )
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('cancelled or postponed')
  })

  it('rejects a form posted from another site (CSRF)', async () => {
    const crossSite = await formPost(path, registrationForm(5), {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    })
    expect(crossSite.status).toBe(403)
    expect(await crossSite.text()).toContain('sent from another website')
    const noOrigin = await SELF.fetch(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(registrationForm(5)).toString(),
    })
    expect(noOrigin.status).toBe(403)
    expect(await rows('SELECT * FROM registrations')).toEqual([])
  })

  it('looks like success to a bot that fills the honeypot, and stores nothing', async () => {
    const res = await formPost(path, registrationForm(6, { website: 'https://spam.example' }))
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Thank you')
    expect(await rows('SELECT * FROM registrations')).toEqual([])
    expect(await rows('SELECT * FROM outbox')).toEqual([])
  })

  it('requires a Turnstile token when a secret key is configured', async () => {
    const { default: worker } = await import('../../../worker/index')
    const request = new Request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams(registrationForm(7)).toString(),
    })
    const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} }
    // Cloudflare's published "always fails" test secret; no token is sent, so no network call.
    const res = await worker.fetch(
      request,
      { ...env, TURNSTILE_SECRET_KEY: '2x0000000000000000000000000000000AA' },
      ctx as unknown as ExecutionContext,
    )
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('could not confirm that a person sent this form')
    expect(await rows('SELECT * FROM registrations')).toEqual([])
  })
})

describe('verifyTurnstile', () => {
  const PASS = '1x0000000000000000000000000000000AA'
  const FAIL = '2x0000000000000000000000000000000AA'
  // Stands in for siteverify, answering as Cloudflare documents for its test secrets.
  const siteverify = async (_url: string, init: RequestInit) => {
    const form = init.body as FormData
    return Response.json({ success: form.get('secret') === PASS && form.get('response') !== '' })
  }

  it('is skipped when no secret is configured', async () => {
    expect(await verifyTurnstile('', undefined, '192.0.2.1', siteverify)).toBe(true)
  })
  it('passes with the always-pass secret and fails with the always-fail secret', async () => {
    expect(await verifyTurnstile(PASS, 'XXXX.DUMMY.TOKEN', '192.0.2.1', siteverify)).toBe(true)
    expect(await verifyTurnstile(FAIL, 'XXXX.DUMMY.TOKEN', '192.0.2.1', siteverify)).toBe(false)
  })
  it('fails without a token or when siteverify is unreachable', async () => {
    expect(await verifyTurnstile(PASS, undefined, '192.0.2.1', siteverify)).toBe(false)
    const down = () => Promise.reject(new Error('offline'))
    expect(await verifyTurnstile(PASS, 'token', '192.0.2.1', down)).toBe(false)
  })
})
