// After registration, end to end: register → reminders (never twice, even when the cron runs
// twice or at the same time) → attendance from a webinar CSV → certificate (HTML, PDF) →
// public verification → withdrawal → feedback → my bookings → export → erasure.
import { env, SELF } from 'cloudflare:test'
import { PDFDocument } from 'pdf-lib'
import { beforeEach, describe, expect, it } from 'vitest'
import { issueCertificates } from '../../../worker/journey/certificates'
import { sendReminders } from '../../../worker/journey/reminders'
import { erasePersonalData, exportPersonalData } from '../../../worker/privacy/data'
import { staffFetch } from '../admin/helpers'
import {
  clearSignupTables,
  formPost,
  linkAfter,
  mailbox,
  mustRegister,
  ORIGIN,
  rows,
  SEED,
  tokenOf,
} from '../signups/helpers'
import { clearJourneyTables } from './helpers'

/** The staff pages of the session the registrants here book. */
const SESSION_ADMIN = `/admin/sessions/${SEED.course.id}/${SEED.sessions.open20}`
const START = Date.parse('2027-11-17T10:00:00.000Z')
const HOUR = 3_600_000
const EMAIL = 'Alex.Attendee@Example.org'
const NAME = 'Alex Attendee'

beforeEach(async () => {
  await clearSignupTables()
  await clearJourneyTables()
})

const csvUpload = (step: 'preview' | 'apply', body: string, query = '') =>
  staffFetch(`${SESSION_ADMIN}/attendance/${step}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body,
  })

const checkIns = async () =>
  (await rows<{ n: number }>('SELECT count(*) AS n FROM staff_check_ins'))[0]?.n

describe('the journey after registration', () => {
  it('takes a registrant from reminder to certificate, feedback, export and erasure', async () => {
    await mustRegister('a', { extra: { email: EMAIL, name: NAME } })
    await mustRegister('b')
    await mailbox()

    // Reminders: two days before, one each, however often and concurrently the cron runs.
    expect(await sendReminders(env, START - 47 * HOUR)).toBe(2)
    const again = await Promise.all([
      sendReminders(env, START - 47 * HOUR),
      sendReminders(env, START - 46 * HOUR),
    ])
    expect(again).toEqual([0, 0])
    const reminders = (await mailbox(EMAIL)).filter((m) => m.subject.startsWith('Reminder:'))
    expect(reminders).toHaveLength(1)
    const reminder = reminders[0]
    expect(reminder?.subject).toContain('starts in 2 days')
    expect(reminder?.text_body).toContain('Joining details: The joining link is emailed')
    expect(reminder?.text_body).toMatch(/When: Wednesday,? 17 November 2027, 10:00–11:30 GMT/)
    expect(reminder?.attachments).toContain('BEGIN:VCALENDAR')
    expect(linkAfter(reminder?.text_body ?? '', "I can't come: release my place:")).toMatch(
      /^\/signups\/cancel\?token=/,
    )
    // One hour before: the second reminder, once.
    expect(await sendReminders(env, START - 50 * 60_000)).toBe(2)
    expect(await sendReminders(env, START - 40 * 60_000)).toBe(0)
    const hourMail = (await mailbox(EMAIL)).filter((m) => m.subject.includes('starts in 1 hour'))
    expect(hourMail).toHaveLength(1)
    // Nothing once the session has started.
    expect(await sendReminders(env, START + 60_000)).toBe(0)

    // Attendance: the webinar tool's export, previewed, then applied.
    const csv =
      'Attendee Report\r\nName,Attendee Email,Minutes\r\nAlex,alex.attendee@example.org,88\r\nHost,host@example.org,90\r\n'
    const preview = await csvUpload('preview', csv)
    expect(preview.status).toBe(200)
    const plan = (await preview.json()) as {
      column: string
      checkIn: { email: string }[]
      unmatched: { line: number; value: string }[]
    }
    expect(plan.column).toBe('Attendee Email')
    expect(plan.checkIn.map((p) => p.email)).toEqual([EMAIL])
    expect(plan.unmatched).toEqual([
      expect.objectContaining({ line: 4, value: 'host@example.org' }),
    ])
    expect(await checkIns()).toBe(0)
    // Unmatched rows: nothing applied unless staff say to skip them.
    const refused = await csvUpload('apply', csv)
    expect(refused.status).toBe(422)
    expect(await checkIns()).toBe(0)
    const applied = await csvUpload('apply', csv, '?skipUnmatched=true')
    expect(applied.status).toBe(200)
    expect(((await applied.json()) as { checkedIn: number }).checkedIn).toBe(1)
    expect(await checkIns()).toBe(1)

    // Certificates: none before the session ends; once after, one per attendee.
    expect(await issueCertificates(env, START + 60 * 60_000)).toBe(0)
    expect(await issueCertificates(env, START + 2 * HOUR)).toBe(1)
    expect(await issueCertificates(env, START + 3 * HOUR)).toBe(0)
    expect(
      (await mailbox('personb@example.org')).some((m) => m.subject.includes('certificate')),
    ).toBe(false)
    const certMail = (await mailbox(EMAIL)).find((m) => m.subject.includes('certificate'))
    const [cert] = await rows<{ code: string }>('SELECT code FROM certificates')
    const code = cert?.code ?? ''
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
    expect(certMail?.text_body).toContain(`Verification code: ${code}`)
    const page = await SELF.fetch(
      `${ORIGIN}${linkAfter(certMail?.text_body ?? '', 'Your certificate:')}`,
    )
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toContain('no-store')
    const html = await page.text()
    expect(html).toContain(NAME)
    expect(html).toContain('Wednesday 17 November 2027, 10:00–11:30 GMT')
    expect(html).toContain('<dt>CPD hours</dt><dd>1.5</dd>')
    expect(html).toContain('ECPAT UK')
    expect(html).toContain(code)
    const pdf = await SELF.fetch(
      `${ORIGIN}${linkAfter(certMail?.text_body ?? '', 'Certificate as PDF:')}`,
    )
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const bytes = new Uint8Array(await pdf.arrayBuffer())
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
    const doc = await PDFDocument.load(bytes)
    expect(doc.getPageCount()).toBe(1)
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 })
    expect(doc.getTitle()).toContain('Certificate of attendance')
    expect(new TextDecoder().decode(bytes)).toContain(`(${NAME}) Tj`)

    // Public verification, as typed by a person: lower case, no dashes. No email address shown.
    const verify = await SELF.fetch(
      `${ORIGIN}/certificates/verify?code=${code.replace(/-/g, '').toLowerCase()}`,
    )
    expect(verify.status).toBe(200)
    const verified = await verify.text()
    expect(verified).toContain('Certificate confirmed')
    expect(verified).toContain(NAME)
    expect(verified.toLowerCase()).not.toContain('alex.attendee@example.org')
    const unknown = await SELF.fetch(`${ORIGIN}/certificates/verify?code=AAAA-BBBB-CCCC-DDDD`)
    expect(unknown.status).toBe(404)

    // Feedback: a bad rating is refused with a message; a good one is stored; a second replaces.
    const feedbackLink = linkAfter(certMail?.text_body ?? '', 'Give feedback:')
    expect((await SELF.fetch(`${ORIGIN}${feedbackLink}`)).status).toBe(200)
    const token = tokenOf(feedbackLink)
    const bad = await formPost('/feedback', { token, rating: '6', mostUseful: '', improve: '' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Choose a rating from 1 to 5')
    // The same answers twice, with another rating the second time.
    const answers = { token, mostUseful: 'The case studies', improve: '=HYPERLINK("x")' }
    const first = await formPost('/feedback', { ...answers, rating: '4' })
    expect(first.status).toBe(200)
    expect(await first.text()).toContain('Your answers are saved')
    const second = await formPost('/feedback', { ...answers, rating: '5' })
    expect(await second.text()).toContain('replaced your earlier answers')
    const results = await staffFetch(`${SESSION_ADMIN}/feedback`)
    expect(await results.json()).toMatchObject({
      count: 1,
      average: 5,
      answers: [{ rating: 5, mostUseful: 'The case studies' }],
    })
    const feedbackCsv = await (await staffFetch(`${SESSION_ADMIN}/feedback.csv`)).text()
    expect(feedbackCsv).toContain(`5,The case studies,"'=HYPERLINK(""x"")"`)
    expect(feedbackCsv).not.toContain('example.org')

    // My bookings, from the footer of any email: the past session with its certificate.
    const bookings = await SELF.fetch(
      `${ORIGIN}${linkAfter(certMail?.text_body ?? '', 'Your bookings:')}`,
    )
    expect(bookings.status).toBe(200)
    const bookingsHtml = await bookings.text()
    expect(bookingsHtml).toContain('Past sessions')
    expect(bookingsHtml).toContain('/certificates/view?token=')
    expect(bookingsHtml).toContain('Change my feedback')

    // Staff withdraw the certificate: verification says so.
    const withdrawn = await staffFetch(`/admin/certificates/${code}/withdraw`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Marked present by mistake' }),
    })
    expect(withdrawn.status).toBe(200)
    const after = await (await SELF.fetch(`${ORIGIN}/certificates/verify?code=${code}`)).text()
    expect(after).toContain('Certificate withdrawn')

    // Export holds the certificate, feedback and reminders; erasure leaves none of them.
    const norm = 'alex.attendee@example.org'
    const exported = await exportPersonalData(env.DB, norm)
    expect(exported.certificates).toEqual([expect.objectContaining({ verificationCode: code })])
    expect(exported.feedback).toEqual([expect.objectContaining({ rating: 5 })])
    expect(exported.remindersSent).toHaveLength(2)
    await erasePersonalData(env, norm)
    for (const table of ['certificates', 'feedback', 'journey_reminders', 'registrations']) {
      expect(await rows(`SELECT 1 FROM ${table} WHERE email_norm = ?`, norm)).toEqual([])
    }
    expect((await SELF.fetch(`${ORIGIN}/certificates/verify?code=${code}`)).status).toBe(404)
    // The other registrant keeps their reminders.
    expect(await rows('SELECT 1 FROM journey_reminders')).toHaveLength(2)
  })
})
