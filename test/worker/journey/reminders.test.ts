// Reminders: nothing for cancelled or changed sessions or cancelled places; the release link in a
// reminder frees the place for the waiting list; which reminder is due, and the course and site
// settings that choose the times.
import { env, SELF } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { reminderHours, type JourneyCourse } from '../../../worker/journey/content'
import { dueReminder, sendReminders } from '../../../worker/journey/reminders'
import * as signups from '../signups/helpers'
import { clearJourneyTables } from './helpers'

const HOUR = 3_600_000
const START_20 = Date.parse('2027-11-17T10:00:00.000Z')

beforeEach(async () => {
  await signups.clearSignupTables()
  await clearJourneyTables()
})

const statusOf = async (email: string) =>
  (
    await signups.rows<{ status: string }>(
      'SELECT status FROM registrations WHERE email = ?',
      email,
    )
  )[0]?.status

/** A confirmed registration written as it was before an editor changed the session. */
async function insertTold(id: string, sessionKey: string, told: Record<string, unknown>) {
  const snapshot = signups.sessionSnapshot({
    sessionKey,
    start: '2027-03-10T10:00:00.000Z',
    ...told,
  })
  await env.DB.prepare(
    `INSERT INTO registrations (id, course_id, course_slug, session_key, name, email, email_norm,
       role, status, session_snapshot, consent_text, consent_version, source, created_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, 'Told Person', ?5, ?5, 'police', 'confirmed', ?6, 'ok', '1', 'api', 1, 1)`,
  )
    .bind(
      id,
      signups.SEED.course.id,
      signups.SEED.course.slug,
      sessionKey,
      `${id}@example.org`,
      JSON.stringify(snapshot),
    )
    .run()
}

describe('reminders', () => {
  it('sends nothing for a session cancelled in the content store before registrants were told', async () => {
    // The seed's session nrm-2027-03-10 is cancelled; this person was told it was scheduled.
    await insertTold('told-cancelled', signups.SEED.sessions.cancelled, {})
    const start = Date.parse('2027-03-10T10:00:00.000Z')
    expect(await sendReminders(env, start - 47 * HOUR)).toBe(0)
    expect(await sendReminders(env, start - 30 * 60_000)).toBe(0)
    expect(await signups.rows('SELECT 1 FROM journey_reminders')).toEqual([])
  })

  it('sends nothing for a session rescheduled but not yet told, nor for a told cancellation', async () => {
    await insertTold('told-old-time', signups.SEED.sessions.open20, {
      start: '2027-11-16T10:00:00.000Z',
    })
    await insertTold('told-cancel', signups.SEED.sessions.open20, {
      start: '2027-11-17T10:00:00.000Z',
      status: 'cancelled',
    })
    expect(await sendReminders(env, Date.parse('2027-11-16T09:30:00.000Z'))).toBe(0)
    expect(await sendReminders(env, START_20 - 30 * 60_000)).toBe(0)
  })

  it('sends nothing to a cancelled or waitlisted place', async () => {
    for (let i = 0; i < 21; i++) await signups.mustRegister(`r${i}`)
    expect(await statusOf('personr20@example.org')).toBe('waitlisted')
    const [first] = await signups.mailbox('personr0@example.org')
    await signups.formPost('/signups/cancel', {
      token: signups.tokenOf(signups.linkAfter(first?.text_body ?? '', 'Cancel my place:')),
    })
    expect(await statusOf('personr0@example.org')).toBe('cancelled')
    expect(await statusOf('personr20@example.org')).toBe('offered')
    // 19 confirmed; the offered place and the cancelled one get nothing.
    expect(await sendReminders(env, START_20 - 47 * HOUR)).toBe(19)
    const reminded = await signups.rows<{ email_norm: string }>(
      'SELECT email_norm FROM journey_reminders',
    )
    expect(reminded.map((r) => r.email_norm)).not.toContain('personr0@example.org')
    expect(reminded.map((r) => r.email_norm)).not.toContain('personr20@example.org')
  })

  it("releases the place from the reminder's link and offers it to the waiting list", async () => {
    for (let i = 0; i < 22; i++) await signups.mustRegister(`f${i}`)
    expect(await statusOf('personf20@example.org')).toBe('waitlisted')
    expect(await sendReminders(env, START_20 - 47 * HOUR)).toBe(20)
    const reminder = (await signups.mailbox('personf3@example.org')).find((m) =>
      m.subject.startsWith('Reminder:'),
    )
    const link = signups.linkAfter(reminder?.text_body ?? '', "I can't come: release my place:")
    // Opening the link (a mail scanner would) changes nothing; the button does.
    const page = await SELF.fetch(`${signups.ORIGIN}${link}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Your place will be offered to the next person')
    expect(await statusOf('personf3@example.org')).toBe('confirmed')
    const done = await signups.formPost('/signups/cancel', { token: signups.tokenOf(link) })
    expect(done.status).toBe(200)
    expect(await statusOf('personf3@example.org')).toBe('cancelled')
    expect(await statusOf('personf20@example.org')).toBe('offered')
    expect(await statusOf('personf21@example.org')).toBe('waitlisted')
    expect((await signups.mailbox('personf20@example.org')).at(-1)?.subject).toContain(
      'A place is free',
    )
    // A second click answers calmly and frees nothing more.
    const again = await signups.formPost('/signups/cancel', { token: signups.tokenOf(link) })
    expect(await again.text()).toContain('Already cancelled')
    expect(await statusOf('personf21@example.org')).toBe('waitlisted')
  })

  it('sends the shortest reminder due, never one meant before the person registered', () => {
    const start = START_20
    const early = start - 30 * 24 * HOUR
    expect(dueReminder([1, 48], start, early, start - 49 * HOUR)).toBeNull()
    expect(dueReminder([1, 48], start, early, start - 47 * HOUR)).toBe(48)
    // After an outage the cron sends the one due now, not a backlog.
    expect(dueReminder([1, 48], start, early, start - 30 * 60_000)).toBe(1)
    // Registered 30 hours before: the confirmation is news enough; the hour-before one still comes.
    expect(dueReminder([1, 48], start, start - 30 * HOUR, start - 29 * HOUR)).toBeNull()
    expect(dueReminder([1, 48], start, start - 30 * HOUR, start - 30 * 60_000)).toBe(1)
    expect(dueReminder([1, 48], start, early, start)).toBeNull()
  })

  it('takes the times from the course, then the site settings, then the default; either can turn them off', () => {
    const course = (reminders?: JourneyCourse['reminders']) =>
      ({ reminders }) as unknown as JourneyCourse
    const site = (enabled: boolean, hoursBefore: number[] = []) => ({
      title: undefined,
      organisation: undefined,
      reminders: { enabled, hoursBefore },
    })
    const none = { title: undefined, organisation: undefined, reminders: undefined }
    expect(reminderHours(course(), none)).toEqual([1, 48])
    expect(reminderHours(course(), site(true, [24]))).toEqual([24])
    expect(reminderHours(course(), site(false, [24]))).toEqual([])
    expect(reminderHours(course({ mode: 'custom', hoursBefore: [72, 2, 2] }), site(false))).toEqual(
      [2, 72],
    )
    expect(reminderHours(course({ mode: 'off', hoursBefore: [] }), site(true, [24]))).toEqual([])
    expect(reminderHours(course({ mode: 'site', hoursBefore: [5] }), site(true, [24]))).toEqual([
      24,
    ])
  })
})
