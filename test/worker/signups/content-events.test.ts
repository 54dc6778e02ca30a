// Editors' changes reach registrants: a rescheduled session sends an updated .ics with a higher
// SEQUENCE (same UID), a cancelled one a METHOD:CANCEL; retries of the same change send nothing.
// The shared content store is not edited here: the registrant's stored snapshot is set to what
// they were told "before", and the seed's session is the "after".
import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { courseById } from '../../../worker/signups/content'
import { handleContentChange } from '../../../worker/signups/content-events'
import { snapshotOf } from '../../../worker/signups/snapshot'
import { clearSignupTables, mailbox, mustRegister, person, rows, SEED } from './helpers'

const update = { id: SEED.course.id, type: 'course', operation: 'update' as const }

async function registered(session: string, n: string) {
  await mustRegister(n, { session })
  await mailbox()
}

async function setToldSnapshot(email: string, patch: Record<string, unknown>) {
  const course = await courseById(env, SEED.course.id)
  const [row] = await rows<{ session_key: string }>(
    'SELECT session_key FROM registrations WHERE email = ?',
    email,
  )
  const session = course?.sessions.find((s) => s._key === row?.session_key)
  if (!course || !session) throw new Error('seed course missing')
  await env.DB.prepare('UPDATE registrations SET session_snapshot = ? WHERE email = ?')
    .bind(JSON.stringify({ ...snapshotOf(course, session), ...patch }), email)
    .run()
}

beforeEach(clearSignupTables)

describe('handleContentChange', () => {
  it('emails an updated .ics with SEQUENCE + 1 when a session is rescheduled, once', async () => {
    await registered(SEED.sessions.open20, 'r1')
    const [before] = await mailbox('personr1@example.org')
    const [first] = JSON.parse(before?.attachments ?? '[]') as { content: string }[]
    const uid = /UID:([^\r\n]+)/.exec(first?.content ?? '')?.[1]
    expect(uid).toBe(`${SEED.course.id}-${SEED.sessions.open20}@localhost`)
    await setToldSnapshot('personr1@example.org', { start: '2027-11-10T10:00:00.000Z' })

    await handleContentChange(env, update)
    await handleContentChange(env, update) // a retried webhook
    const mail = await mailbox('personr1@example.org')
    expect(mail).toHaveLength(2)
    const changed = mail[1]
    expect(changed?.subject).toContain('Changed:')
    expect(changed?.text_body).toContain('When: Wednesday 17 November 2027, 10:00–11:30 GMT')
    const [ics] = JSON.parse(changed?.attachments ?? '[]') as { content: string }[]
    expect(ics?.content).toContain('METHOD:REQUEST')
    expect(ics?.content).toContain('SEQUENCE:1')
    expect(ics?.content).toContain(`UID:${uid}`)
    expect(ics?.content).toContain('DTSTART;TZID=Europe/London:20271117T100000')
    const [row] = await rows<{ ics_sequence: number }>('SELECT ics_sequence FROM registrations')
    expect(row?.ics_sequence).toBe(1)
  })

  it('sends a cancellation notice with METHOD:CANCEL when a session is cancelled', async () => {
    await registered(SEED.sessions.open20, 'r2')
    // Pretend this person registered for the (now cancelled) March session while it was on.
    const course = await courseById(env, SEED.course.id)
    const march = course?.sessions.find((s) => s._key === SEED.sessions.cancelled)
    if (!course || !march) throw new Error('seed course missing')
    await env.DB.prepare(
      'UPDATE registrations SET session_key = ?, session_snapshot = ? WHERE email = ?',
    )
      .bind(
        SEED.sessions.cancelled,
        JSON.stringify({ ...snapshotOf(course, march), status: 'scheduled' }),
        'personr2@example.org',
      )
      .run()
    await handleContentChange(env, update)
    const notice = (await mailbox('personr2@example.org')).at(-1)
    expect(notice?.subject).toContain('Cancelled:')
    expect(notice?.text_body).toContain('this session has been cancelled')
    const [ics] = JSON.parse(notice?.attachments ?? '[]') as { content: string }[]
    expect(ics?.content).toContain('METHOD:CANCEL')
    expect(ics?.content).toContain('STATUS:CANCELLED')
    expect(ics?.content).toContain('SEQUENCE:1')
  })

  it('marks the calendar entry TENTATIVE when a session is postponed, as the feeds do', async () => {
    await registered(SEED.sessions.open20, 'r4')
    // Pretend this person registered for the (now postponed) London session while it was on.
    const londonId = `course.${SEED.london.slug}`
    const london = await courseById(env, londonId)
    const may = london?.sessions.find((s) => s._key === SEED.sessions.londonPostponed)
    if (!london || !may) throw new Error('seed course missing')
    await env.DB.prepare(
      `UPDATE registrations SET course_id = ?, course_slug = ?, session_key = ?, session_snapshot = ?
        WHERE email = ?`,
    )
      .bind(
        londonId,
        SEED.london.slug,
        SEED.sessions.londonPostponed,
        JSON.stringify({ ...snapshotOf(london, may), status: 'scheduled' }),
        'personr4@example.org',
      )
      .run()
    await handleContentChange(env, { ...update, id: londonId })
    const notice = (await mailbox('personr4@example.org')).at(-1)
    expect(notice?.subject).toContain('Postponed:')
    const [ics] = JSON.parse(notice?.attachments ?? '[]') as { content: string }[]
    expect(ics?.content).toContain('METHOD:REQUEST')
    expect(ics?.content).toContain('STATUS:TENTATIVE')
    expect(ics?.content).not.toContain('STATUS:CONFIRMED')
    expect(ics?.content).toContain('SEQUENCE:1')
  })

  it('ignores changes that registrants need not hear about, and other document types', async () => {
    await registered(SEED.sessions.open20, 'r3')
    await setToldSnapshot('personr3@example.org', { title: 'An old title' })
    await handleContentChange(env, update)
    await handleContentChange(env, { id: 'campaign.x', type: 'campaign', operation: 'update' })
    expect(await mailbox('personr3@example.org')).toHaveLength(1)
    const [row] = await rows<{ session_snapshot: string }>(
      'SELECT session_snapshot FROM registrations',
    )
    expect(row?.session_snapshot).not.toContain('An old title')
  })
})
