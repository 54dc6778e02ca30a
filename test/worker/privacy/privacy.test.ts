// Privacy: a signed link by email (same answer for unknown addresses), JSON export, erasure that
// leaves nothing in any table, and the retention job.
import { env, SELF } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { runRetention } from '../../../worker/privacy/retention'
import { staffFetch } from '../admin/helpers'
import * as signups from '../signups/helpers'

const EMAIL = 'Private.Person+x@Example.org'
const NAME = 'Priya Private'

async function signUpEverywhere() {
  expect(
    (
      await signups.apiPost(
        '/api/v1/registrations',
        {
          courseSlug: signups.SEED.course.slug,
          sessionKey: signups.SEED.sessions.open20,
          ...signups.person('p', { email: EMAIL, name: NAME }),
        },
        { 'idempotency-key': 'privacy-key' },
      )
    ).status,
  ).toBe(201)
  await signPetition(EMAIL, false)
  expect(
    (await signups.apiPost('/api/v1/alerts', { email: EMAIL, topics: ['nrm'], consent: true }))
      .status,
  ).toBe(202)
  const alertMail = (await signups.mailbox(EMAIL)).find((m) => m.subject.includes('course alerts'))
  await signups.formPost('/alerts/confirm', {
    token: signups.tokenOf(signups.linkAfter(alertMail?.text_body ?? '', 'Confirm my alerts:')),
  })
  const { handleContentChange } = await import('../../../worker/signups/content-events')
  await handleContentChange(env, {
    id: 'course.example-nrm-refresher',
    type: 'course',
    operation: 'create',
  })
  await signups.mailbox()
}

/** A trainer marks the person's registration as attended, through the staff API. */
async function checkedIn(): Promise<string> {
  const [reg] = await signups.rows<{ id: string }>(
    'SELECT id FROM registrations WHERE email_norm = ?',
    'private.person@example.org',
  )
  const id = reg?.id ?? ''
  const res = await staffFetch(`/admin/registrations/${id}/check-in`, { method: 'POST' })
  expect(res.status).toBe(200)
  return id
}

async function privacyLinks(email = EMAIL) {
  const res = await signups.formPost('/privacy', { email, website: '' })
  expect(res.status).toBe(200)
  const mail = (await signups.mailbox(email)).find((m) => m.subject === 'Your data at Safeguard')
  return {
    exportPath: signups.linkAfter(mail?.text_body ?? '', 'Download my data (JSON):'),
    erasePath: signups.linkAfter(mail?.text_body ?? '', 'Erase my data:'),
  }
}

/** Signs the seed petition through the API and, unless told not to, confirms from the email. */
async function signPetition(email: string, confirm = true) {
  const res = await signups.apiPost('/api/v1/signatures', {
    campaignSlug: signups.SEED.petition.slug,
    name: NAME,
    email,
    postcode: 'N1 9GU',
    consent: true,
  })
  expect(res.status).toBe(202)
  if (!confirm) return
  const mail = (await signups.mailbox(email)).find((m) =>
    m.subject.startsWith('Confirm your signature'),
  )
  const done = await signups.formPost('/signups/confirm', {
    token: signups.tokenOf(signups.linkAfter(mail?.text_body ?? '', 'Confirm my signature:')),
  })
  expect(await done.text()).toContain('Your signature is confirmed and counted')
}

/** Erases the address through the emailed privacy link, as the person would. */
async function erase(email: string) {
  const { erasePath } = await privacyLinks(email)
  const done = await signups.formPost('/privacy/erase', { token: signups.tokenOf(erasePath) })
  expect(await done.text()).toContain('Your data is erased')
}

/** The confirmed online signatures the public count endpoint answers. */
async function publicCount(): Promise<number> {
  const res = await SELF.fetch(
    `${signups.ORIGIN}/api/v1/campaigns/${signups.SEED.petition.slug}/count`,
  )
  return ((await res.json()) as { confirmed: number }).confirmed
}

/** Every user table, as sqlite_master lists it (D1's internal _cf_ tables are not readable). */
async function everyTableDump(): Promise<string> {
  const tables = await signups.rows<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'",
  )
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(signups.PERSON_TABLES))
  const dumps = await Promise.all(
    tables.map(async (t) => JSON.stringify(await signups.rows(`SELECT * FROM "${t.name}"`))),
  )
  return dumps.join('\n').toLowerCase()
}

beforeEach(signups.clearSignupTables)

describe('privacy', () => {
  it('answers the same whether or not the address is known, emailing only known people', async () => {
    await signUpEverywhere()
    const known = await signups.formPost('/privacy', { email: EMAIL, website: '' })
    const unknown = await signups.formPost('/privacy', { email: 'nobody@example.org', website: '' })
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    expect(await unknown.text()).toBe(await known.text())
    expect(await signups.mailbox('nobody@example.org')).toEqual([])
    expect(
      (await signups.mailbox(EMAIL)).filter((m) => m.subject === 'Your data at Safeguard'),
    ).toHaveLength(1)
  })

  it('sends one link email an hour however often the form is sent, with the same answer', async () => {
    await signUpEverywhere()
    const answers = []
    for (let i = 0; i < 5; i++) {
      const res = await signups.formPost('/privacy', { email: EMAIL, website: '' })
      expect(res.status).toBe(200)
      answers.push(await res.text())
    }
    expect(new Set(answers).size).toBe(1)
    expect(
      (await signups.mailbox(EMAIL)).filter((m) => m.subject === 'Your data at Safeguard'),
    ).toHaveLength(1)
  })

  it('exports everything held for the person as a JSON download', async () => {
    await signUpEverywhere()
    const registrationId = await checkedIn()
    const { exportPath } = await privacyLinks()
    const res = await SELF.fetch(`${signups.ORIGIN}${exportPath}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('attachment')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const data = (await res.json()) as Record<string, { email?: string; to?: string }[]>
    expect(data.registrations?.[0]?.email).toBe(EMAIL)
    expect(data.petitionSignatures?.[0]?.email).toBe(EMAIL)
    expect(data.courseAlerts?.[0]?.email).toBe(EMAIL)
    expect(data.emailsSent?.length).toBeGreaterThanOrEqual(4)
    expect(data.checkIns).toEqual([
      {
        registrationId,
        courseSlug: signups.SEED.course.slug,
        sessionKey: signups.SEED.sessions.open20,
        checkedInAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      },
    ])
    // Who checked the person in is a staff member's identity, not the person's data.
    expect(JSON.stringify(data)).not.toContain('local-token')
    const forged = await SELF.fetch(
      `${signups.ORIGIN}/privacy/export?token=${signups.tokenOf(exportPath)}x`,
    )
    expect(forged.status).toBe(400)
  })

  it('erases the person from every table, leaving no trace of the address or the name', async () => {
    await signUpEverywhere()
    await signups.apiPost('/api/v1/registrations', {
      courseSlug: signups.SEED.course.slug,
      sessionKey: signups.SEED.sessions.open20,
      ...signups.person('other'),
    })
    await checkedIn()
    const { erasePath } = await privacyLinks()
    const before = await everyTableDump()
    expect(before).toContain('private.person')
    const page = await SELF.fetch(`${signups.ORIGIN}${erasePath}`)
    expect(await page.text()).toContain('This cannot be undone')
    const done = await signups.formPost('/privacy/erase', { token: signups.tokenOf(erasePath) })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Your data is erased')
    const after = await everyTableDump()
    expect(after).not.toContain('private.person')
    expect(after).not.toContain(NAME.toLowerCase())
    expect(after).not.toContain('n1 9gu')
    // Other people are untouched.
    expect(after).toContain('personother@example.org')
    // The check-in went with the registration it marked.
    expect(await signups.rows('SELECT * FROM staff_check_ins')).toEqual([])
  })

  it('erasing a confirmed signer takes exactly their signature off the public count', async () => {
    await signPetition('stays@example.org')
    await signPetition('goes@example.org')
    expect(await publicCount()).toBe(2)
    await erase('goes@example.org')
    expect(await publicCount()).toBe(1)
    expect(await signups.rows('SELECT email, status FROM signatures')).toEqual([
      { email: 'stays@example.org', status: 'confirmed' },
    ])
  })

  it('erasing a signer who never confirmed leaves the public count alone', async () => {
    await signPetition('stays@example.org')
    await signPetition('unconfirmed@example.org', false)
    expect(await publicCount()).toBe(1)
    await erase('unconfirmed@example.org')
    expect(await publicCount()).toBe(1)
    expect(await signups.rows('SELECT email FROM signatures')).toEqual([
      { email: 'stays@example.org' },
    ])
  })

  it('retention deletes old registrations and anonymises old signatures', async () => {
    await signUpEverywhere()
    const later = Date.parse('2030-01-01T00:00:00Z')
    await runRetention(env, later)
    expect(await signups.rows('SELECT * FROM registrations')).toEqual([])
    expect(await signups.rows('SELECT * FROM outbox')).toEqual([])
    expect(await signups.rows('SELECT * FROM mailbox')).toEqual([])
    expect(await signups.rows('SELECT * FROM idempotency_keys')).toEqual([])
    // The pending signature was never confirmed: deleted.
    expect(await signups.rows('SELECT * FROM signatures')).toEqual([])
  })

  it('retention keeps a confirmed signature in the count but forgets who signed', async () => {
    await signPetition(EMAIL)
    expect(await publicCount()).toBe(1)
    await runRetention(env, Date.parse('2030-01-01T00:00:00Z'))
    expect(await publicCount()).toBe(1)
    const sigs = await signups.rows<{
      name: string
      email: string
      postcode: string
      status: string
    }>('SELECT name, email, postcode, status FROM signatures')
    expect(sigs).toEqual([{ name: '', email: '', postcode: '', status: 'confirmed' }])
  })

  it('validates the request form', async () => {
    const res = await signups.formPost('/privacy', { email: 'not-an-email', website: '' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Enter an email address in the correct format')
  })
})
