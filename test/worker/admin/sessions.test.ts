// Staff view of a course session: counts against the capacity in content, registrant and waitlist
// lists, check-in and undo, and the CSV export with its formula guard.
import { env, SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditRows, createTestCourse, insertRegistration, staffFetch } from './helpers'

type SessionBody = {
  course: { id: string; title: string; slug: string }
  session: { key: string; label: string; inContent: boolean }
  counts: Record<string, number | null>
  registrants: { id: string; name: string; status: string; checkedInAt: string | null }[]
  waitlist: { id: string; name: string; position: number }[]
}

let course: { id: string; slug: string }
const ids: Record<string, string> = {}

beforeAll(async () => {
  course = await createTestCourse('sessions')
  const base = { courseId: course.id, sessionKey: 'morning' }
  ids.ada = await insertRegistration({
    ...base,
    name: 'Ada Lovelace',
    email: 'ada@example.org',
    accessNeeds: 'Step-free access',
  })
  ids.formula = await insertRegistration({
    ...base,
    name: '=HYPERLINK("https://evil.example","Click")',
    email: 'mallory@example.org',
    organisation: '+44 Ltd, "Quoted"',
  })
  ids.offered = await insertRegistration({ ...base, name: 'Olu Offered', status: 'offered' })
  ids.wait1 = await insertRegistration({ ...base, name: 'Wendy Waitlist', status: 'waitlisted' })
  ids.wait2 = await insertRegistration({
    ...base,
    name: 'Zoë Second',
    status: 'waitlisted',
    organisation: '@handle',
  })
  ids.cancelled = await insertRegistration({ ...base, name: 'Carl Cancelled', status: 'cancelled' })
  ids.evening = await insertRegistration({
    courseId: course.id,
    sessionKey: 'evening',
    name: 'Eve Evening',
  })
})

describe('GET /admin/sessions/:courseId/:sessionKey', () => {
  it('answers counts with the capacity from content and the lists', async () => {
    const res = await staffFetch(`/admin/sessions/${course.id}/morning`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const body = await res.json<SessionBody>()
    expect(body.course.title).toBe('Staff test course sessions')
    expect(body.session).toMatchObject({ key: 'morning', inContent: true })
    expect(body.counts).toEqual({
      capacity: 3,
      confirmed: 2,
      offered: 1,
      waitlisted: 2,
      cancelled: 1,
      checkedIn: 0,
      seatsLeft: 0,
    })
    expect(body.registrants.map((r) => r.name)).toEqual([
      'Ada Lovelace',
      '=HYPERLINK("https://evil.example","Click")',
      'Olu Offered',
      'Carl Cancelled',
    ])
    expect(body.waitlist.map((r) => [r.position, r.name])).toEqual([
      [1, 'Wendy Waitlist'],
      [2, 'Zoë Second'],
    ])
  })

  it('answers 404 for an unknown session and 400 for a malformed id', async () => {
    const missing = await staffFetch(`/admin/sessions/${course.id}/no-such-session`)
    expect(missing.status).toBe(404)
    expect((await missing.json<{ error: { message: string } }>()).error.message).toContain(
      'no-such-session',
    )
    const bad = await staffFetch(`/admin/sessions/${encodeURIComponent('course x')}/morning`)
    expect(bad.status).toBe(400)
    expect(
      (await bad.json<{ error: { fields: Record<string, string> } }>()).error.fields,
    ).toHaveProperty('courseId')
  })

  it('needs credentials', async () => {
    expect(
      (await SELF.fetch(`https://example.com/admin/sessions/${course.id}/morning`)).status,
    ).toBe(401)
    const wrong = await SELF.fetch(`https://example.com/admin/sessions/${course.id}/morning`, {
      headers: { Authorization: 'Bearer nope' },
    })
    expect(wrong.status).toBe(403)
  })
})

describe('check-in', () => {
  it('marks a confirmed registrant as checked in, idempotently, and undoes it', async () => {
    const first = await staffFetch(`/admin/registrations/${ids.ada}/check-in`, { method: 'POST' })
    expect(first.status).toBe(200)
    const { registration } = await first.json<{
      registration: { checkedInAt: string; checkedInBy: string }
    }>()
    expect(registration.checkedInBy).toBe('local-token')
    const again = await staffFetch(`/admin/registrations/${ids.ada}/check-in`, { method: 'POST' })
    expect(
      (await again.json<{ registration: { checkedInAt: string } }>()).registration.checkedInAt,
    ).toBe(registration.checkedInAt)

    let session = await (
      await staffFetch(`/admin/sessions/${course.id}/morning`)
    ).json<SessionBody>()
    expect(session.counts.checkedIn).toBe(1)
    expect(session.registrants.find((r) => r.id === ids.ada)?.checkedInAt).toBe(
      registration.checkedInAt,
    )

    const undo = await staffFetch(`/admin/registrations/${ids.ada}/check-in`, { method: 'DELETE' })
    expect(undo.status).toBe(200)
    session = await (await staffFetch(`/admin/sessions/${course.id}/morning`)).json<SessionBody>()
    expect(session.counts.checkedIn).toBe(0)

    const actions = (await auditRows()).filter((r) => r.target === ids.ada).map((r) => r.action)
    expect(actions).toEqual([
      'registration.check-in',
      'registration.check-in',
      'registration.undo-check-in',
    ])
  })

  it('forgets the check-in when retention or erasure deletes the registration', async () => {
    const id = await insertRegistration({
      courseId: course.id,
      sessionKey: 'evening',
      name: 'Gone Soon',
    })
    expect(
      (await staffFetch(`/admin/registrations/${id}/check-in`, { method: 'POST' })).status,
    ).toBe(200)
    await env.DB.prepare('DELETE FROM registrations WHERE id = ?').bind(id).run()
    const left = await env.DB.prepare(
      'SELECT count(*) AS n FROM staff_check_ins WHERE registration_id = ?',
    )
      .bind(id)
      .first<{ n: number }>()
    expect(left?.n).toBe(0)
  })

  it('refuses waitlisted registrants (409) and unknown ids (404)', async () => {
    const waitlisted = await staffFetch(`/admin/registrations/${ids.wait1}/check-in`, {
      method: 'POST',
    })
    expect(waitlisted.status).toBe(409)
    expect((await waitlisted.json<{ error: { message: string } }>()).error.message).toContain(
      'waitlisted',
    )
    const unknown = await staffFetch('/admin/registrations/reg-does-not-exist/check-in', {
      method: 'POST',
    })
    expect(unknown.status).toBe(404)
    const undoUnknown = await staffFetch('/admin/registrations/reg-does-not-exist/check-in', {
      method: 'DELETE',
    })
    expect(undoUnknown.status).toBe(404)
    const bad = await staffFetch(`/admin/registrations/${encodeURIComponent('a b')}/check-in`, {
      method: 'POST',
    })
    expect(bad.status).toBe(400)
  })

  it('needs credentials', async () => {
    const res = await SELF.fetch(`https://example.com/admin/registrations/${ids.ada}/check-in`, {
      method: 'POST',
    })
    expect(res.status).toBe(401)
  })
})

describe('GET /admin/sessions/:courseId/:sessionKey/export.csv', () => {
  it('exports everyone as a spreadsheet-safe CSV attachment', async () => {
    await staffFetch(`/admin/registrations/${ids.formula}/check-in`, { method: 'POST' })
    const res = await staffFetch(`/admin/sessions/${course.id}/morning/export.csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('Content-Disposition')).toBe(
      `attachment; filename="${course.slug}-morning-registrations.csv"`,
    )
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')

    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // UTF-8 BOM for Excel
    const text = new TextDecoder().decode(bytes.slice(3))
    const lines = text.split('\r\n')
    expect(lines[0]).toBe(
      'Status,Waitlist position,Name,Email,Organisation,Role or sector,Access needs,Registered at (UTC),Checked in at (UTC)',
    )
    expect(lines).toHaveLength(8) // header + 6 registrants + trailing empty line
    expect(lines.at(-1)).toBe('')
    expect(lines[1]).toMatch(
      /^confirmed,,Ada Lovelace,ada@example.org,Example Council,Social workers,Step-free access,2027-/,
    )
    // The formula guard: the cell is prefixed with a quote, then RFC 4180-quoted.
    expect(text).toContain(`"'=HYPERLINK(""https://evil.example"",""Click"")"`)
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m)
    expect(text).toContain(`"'+44 Ltd, ""Quoted"""`)
    expect(text).toContain('waitlisted,1,Wendy Waitlist')
    expect(text).toContain(`waitlisted,2,Zoë Second,`)
    expect(text).toContain(`,'@handle,`)
  })

  it('keeps personal data out of the audit log', async () => {
    const rows = await auditRows()
    expect(
      rows.some((r) => r.action === 'session.export' && r.target === `${course.id}/morning`),
    ).toBe(true)
    const logged = JSON.stringify(rows)
    for (const secret of ['Ada', 'ada@example.org', 'HYPERLINK', 'mallory', 'Step-free']) {
      expect(logged).not.toContain(secret)
    }
  })

  it('answers 404 for an unknown session and 401 without credentials', async () => {
    expect((await staffFetch(`/admin/sessions/course.nope/morning/export.csv`)).status).toBe(404)
    expect(
      (await SELF.fetch(`https://example.com/admin/sessions/${course.id}/morning/export.csv`))
        .status,
    ).toBe(401)
  })
})
