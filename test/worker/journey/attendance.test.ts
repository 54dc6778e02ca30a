// Attendance from a webinar tool's CSV: bad files get a clear error and change nothing; the
// email column is found by its header wherever the tool puts it.
import { env, SELF } from 'cloudflare:test'
import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { isEmailHeader, parseCsv, readAttendeeFile } from '../../../worker/journey/attendance'
import { staffFetch } from '../admin/helpers'
import { clearSignupTables, mustRegister, ORIGIN, rows, SEED } from '../signups/helpers'
import { clearJourneyTables } from './helpers'

/** The staff pages of the session the registrants here book. */
const SESSION_ADMIN = `/admin/sessions/${SEED.course.id}/${SEED.sessions.open20}`

beforeEach(async () => {
  await clearSignupTables()
  await clearJourneyTables()
})

const upload = (step: 'preview' | 'apply', body: BodyInit, type = 'text/csv') =>
  staffFetch(`${SESSION_ADMIN}/attendance/${step}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  })

const checkIns = async () =>
  (await rows<{ n: number }>('SELECT count(*) AS n FROM staff_check_ins'))[0]?.n

async function registerTwo() {
  for (const n of ['c1', 'c2']) {
    await mustRegister(n)
  }
}

describe('attendance upload', () => {
  it('checks in everyone matched, in one go, and reports it', async () => {
    await registerTwo()
    const csv =
      'email;name\r\nPERSONC1@example.org;One\r\n"personc2@example.org";"Two, Jr"\r\npersonc1@example.org;One again\r\n'
    const res = await upload('apply', csv)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { checkedIn: number; unmatched: unknown[] }
    expect(body.checkedIn).toBe(2)
    expect(body.unmatched).toEqual([])
    expect(await checkIns()).toBe(2)
    // Applying the same file again changes nothing and says so.
    const again = (await (await upload('apply', csv)).json()) as {
      checkedIn: number
      alreadyCheckedIn: unknown[]
    }
    expect(again.checkedIn).toBe(0)
    expect(again.alreadyCheckedIn).toHaveLength(2)
  })

  it('refuses a file without an email column, naming the columns it found', async () => {
    await registerTwo()
    const res = await upload('apply', 'Name,Joined\r\nOne,10:00\r\n')
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('no_email_column')
    expect(body.error.message).toContain('Name, Joined')
    expect(await checkIns()).toBe(0)
  })

  it('applies nothing when any row matches nobody, and lists those rows', async () => {
    await registerTwo()
    const res = await upload(
      'apply',
      'Email\npersonc1@example.org\nstranger@example.org\nnot-an-address\n',
    )
    expect(res.status).toBe(422)
    const body = (await res.json()) as {
      error: { code: string }
      unmatched: { line: number; reason: string }[]
    }
    expect(body.error.code).toBe('unmatched_rows')
    expect(body.unmatched.map((u) => u.line)).toEqual([3, 4])
    expect(body.unmatched[1]?.reason).toBe('Not an email address.')
    expect(await checkIns()).toBe(0)
  })

  it('answers 413 to a 10 MB file and 415 to something that is not CSV', async () => {
    await registerTwo()
    const big = `Email\n${'personc1@example.org\n'.repeat(Math.ceil((10 * 1024 * 1024) / 21))}`
    const res = await upload('apply', big)
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large')
    expect(await checkIns()).toBe(0)
    const json = await upload('apply', '{"email":"personc1@example.org"}', 'application/json')
    expect(json.status).toBe(415)
    expect(await checkIns()).toBe(0)
  })

  it('is staff only', async () => {
    const res = await SELF.fetch(`${ORIGIN}${SESSION_ADMIN}/attendance/apply`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'Email\nx@example.org\n',
    })
    expect(res.status).toBe(401)
    expect(env.DB).toBeDefined()
  })

  it('recognises the email headers webinar tools use, and no others', () => {
    for (const h of ['Email', 'E-mail', 'e_mail', 'Attendee Email', 'Email Address', 'User Email'])
      expect(isEmailHeader(h)).toBe(true)
    for (const h of ['Name', 'Emailed?', 'Join time', 'Registrant'])
      expect(isEmailHeader(h)).toBe(false)
  })

  it('reads back any table it could be given as CSV', () => {
    const cell = fc.string({ maxLength: 12 }).filter((s) => s.trim() !== '')
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        (table) => {
          const csv = table
            .map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
            .join('\r\n')
          expect(parseCsv(csv)).toEqual(table)
        },
      ),
    )
    const file = readAttendeeFile(
      'Webinar report\nTopic,NRM\n\nName,Attendee Email\nA,a@example.org\n',
    )
    expect(file).toMatchObject({ ok: true, header: 'Attendee Email', emails: [{ line: 5 }] })
  })
})
