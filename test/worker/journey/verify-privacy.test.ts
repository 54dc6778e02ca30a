// The public certificate check shows what the certificate shows, never the holder's email
// address, whatever name and address they registered with; and staff can run the jobs on demand.
import { env, SELF } from 'cloudflare:test'
import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { issueCertificates } from '../../../worker/journey/certificates'
import { certificatePdf } from '../../../worker/journey/pdf'
import { PDFDocument } from 'pdf-lib'
import { staffFetch } from '../admin/helpers'
import { clearSignupTables, ORIGIN, rows, SEED, sessionSnapshot } from '../signups/helpers'
import { clearJourneyTables } from './helpers'

const END = Date.parse('2027-11-17T11:30:00.000Z')

beforeEach(async () => {
  await clearSignupTables()
  await clearJourneyTables()
})

const snapshot = JSON.stringify(sessionSnapshot())

describe('certificate verification', () => {
  it('never shows the email address', async () => {
    const local = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{2,20}$/)
    const name = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '')
    await fc.assert(
      fc.asyncProperty(local, name, async (user, who) => {
        await clearSignupTables()
        await clearJourneyTables()
        const email = `${user}@example.org`
        const id = crypto.randomUUID()
        await env.DB.batch([
          env.DB.prepare(
            `INSERT INTO registrations (id, course_id, course_slug, session_key, name, email,
               email_norm, role, status, session_snapshot, consent_text, consent_version, source,
               created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 'police', 'confirmed', ?7, 'ok', '1', 'api', 1, 1)`,
          ).bind(id, SEED.course.id, SEED.course.slug, SEED.sessions.open20, who, email, snapshot),
          env.DB.prepare(
            `INSERT INTO staff_check_ins (registration_id, checked_in_at, checked_in_by)
             VALUES (?1, '2027-11-17T10:05:00Z', 'test')`,
          ).bind(id),
        ])
        expect(await issueCertificates(env, END + 60_000)).toBe(1)
        const [cert] = await rows<{ code: string }>('SELECT code FROM certificates')
        const res = await SELF.fetch(`${ORIGIN}/certificates/verify?code=${cert?.code ?? ''}`)
        expect(res.status).toBe(200)
        expect(res.headers.get('cache-control')).toContain('no-store')
        const html = (await res.text()).toLowerCase()
        expect(html).not.toContain(email)
        expect(html).not.toContain(`${user}@`)
      }),
      { numRuns: 15 },
    )
  })

  it('explains a code typed wrongly', async () => {
    const res = await SELF.fetch(`${ORIGIN}/certificates/verify?code=12`)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('16 letters and digits')
    const form = await SELF.fetch(`${ORIGIN}/certificates/verify`)
    expect(form.status).toBe(200)
    expect(await form.text()).toContain('<label for="verify-code">Verification code')
  })

  it('lets staff run the reminder and certificate jobs now, or at another time locally', async () => {
    const now = await staffFetch('/admin/journey/run', { method: 'POST' })
    expect(await now.json()).toMatchObject({ reminders: 0, certificates: 0 })
    const bad = await staffFetch('/admin/journey/run?at=tomorrow', { method: 'POST' })
    expect(bad.status).toBe(400)
    const later = await staffFetch('/admin/journey/run?at=2027-11-17T12:00:00Z', {
      method: 'POST',
    })
    expect(await later.json()).toMatchObject({ at: '2027-11-17T12:00:00.000Z' })
  })

  it('draws a PDF for any name, writing letters the PDF font lacks as plain ones', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60, unit: 'binary' }), async (name) => {
        const bytes = certificatePdf({
          name: `Łukasz Nguyễn 李 ${name}`,
          courseTitle: 'Example course',
          courseSlug: SEED.course.slug,
          when: 'Wednesday 17 November 2027, 10:00–11:30 GMT',
          cpdHours: 1.5,
          provider: 'ECPAT UK',
          code: 'AAAA-BBBB-CCCC-DDDD',
          issuedOn: '17 November 2027',
          verifyUrl: 'http://localhost:8787/certificates/verify?code=AAAA-BBBB-CCCC-DDDD',
          withdrawn: false,
          withdrawnOn: null,
        })
        const doc = await PDFDocument.load(bytes)
        expect(doc.getPageCount()).toBe(1)
        expect(doc.getTitle()).toBe('Certificate of attendance: Example course')
        // The name is drawn: accents the font lacks dropped, other scripts as '?'.
        expect(new TextDecoder().decode(bytes)).toContain('(Lukasz Nguyen ? ')
      }),
      { numRuns: 20 },
    )
  })
})
