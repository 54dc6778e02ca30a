// The optional daily export: with EXPORT_EMAIL_TO set, one email through the outbox with a CSV
// per session starting in the next two days; without it, nothing is sent.
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import type { StaffVars } from '../../../worker/admin/env'
import { sendScheduledExport } from '../../../worker/admin/scheduled-export'
import { auditRows, createTestCourse, insertRegistration } from './helpers'

let course: { id: string; slug: string }
const NOW = new Date('2027-06-15T03:15:00Z') // the test course's sessions are on 16 June

type OutboxRow = { to_addr: string; subject: string; text_body: string; attachments: string }

async function exportRows(): Promise<OutboxRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT to_addr, subject, text_body, attachments FROM outbox WHERE kind = 'staff-daily-export'`,
  ).all<OutboxRow>()
  return results
}

beforeAll(async () => {
  course = await createTestCourse('export')
  await insertRegistration({ courseId: course.id, sessionKey: 'morning', name: '-2+3 Formula' })
  await insertRegistration({ courseId: course.id, sessionKey: 'morning', status: 'waitlisted' })
})

describe('scheduled export by email', () => {
  it('sends nothing when EXPORT_EMAIL_TO is not set', async () => {
    expect(await sendScheduledExport(env, NOW)).toEqual({ sent: false, sessions: 0 })
    expect(await exportRows()).toEqual([])
  })

  it('emails a CSV per upcoming session with registrations', async () => {
    const withMailbox: Env & StaffVars = { ...env, EXPORT_EMAIL_TO: 'training@safeguard.example' }
    const result = await sendScheduledExport(withMailbox, NOW)
    expect(result.sent).toBe(true)
    const [row] = await exportRows()
    expect(row?.to_addr).toBe('training@safeguard.example')
    expect(row?.subject).toContain('2027-06-15')
    expect(row?.text_body).toContain('Staff test course export')
    expect(row?.text_body).toContain('1 confirmed, 1 on the waitlist')
    const attachments = JSON.parse(row?.attachments ?? '[]') as {
      filename: string
      content: string
    }[]
    const ours = attachments.find((a) => a.filename === `${course.slug}-morning-registrations.csv`)
    expect(ours?.content).toContain(`,'-2+3 Formula,`)
    // The evening session has nobody registered: no attachment for it.
    expect(attachments.some((a) => a.filename.includes(`${course.slug}-evening`))).toBe(false)
    const audit = (await auditRows()).filter((r) => r.actor === 'scheduled-export')
    expect(audit.at(-1)?.target).toContain(`${course.id}/morning`)
    expect(JSON.stringify(audit)).not.toContain('Formula')
  })
})
