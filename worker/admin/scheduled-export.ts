// The optional daily export by email ('15 3 * * *'): when EXPORT_EMAIL_TO is set, the trainers'
// mailbox gets one message with an attendance CSV per course session starting in the next two
// days, through the signups outbox (retried like any other email). Audited as 'scheduled-export'.
import * as z from 'zod'
import { fetchContent } from '../content/client'
import { upcomingSessionsQuery } from '../content/queries'
import { sendStandalone, type Attachment } from '../mail/message'
import { recordAudit } from './audit'
import { sessionLabel, staffSessionSchema } from './content'
import { csvFileName } from '../lib/csv'
import { staffVar } from './env'
import { registrationsCsv } from './exports'
import { sessionRegistrants } from './store'

const SCHEDULED_EXPORT_ACTOR = 'scheduled-export'
const WINDOW_MS = 48 * 60 * 60 * 1000

const upcomingSchema = z.array(
  z.object({
    _id: z.string(),
    title: z.string().nullish(),
    slug: z.string().nullish(),
    sessions: z.array(staffSessionSchema).nullish(),
  }),
)

export type ScheduledExportResult = { sent: boolean; sessions: number }

export async function sendScheduledExport(
  env: Env,
  now: Date = new Date(),
): Promise<ScheduledExportResult> {
  const to = staffVar(env, 'EXPORT_EMAIL_TO')
  if (!to) return { sent: false, sessions: 0 }
  const from = now.toISOString()
  const until = new Date(now.getTime() + WINDOW_MS).toISOString()
  const courses = upcomingSchema.parse(
    await fetchContent(env, upcomingSessionsQuery, { from, to: until }),
  )

  const attachments: Attachment[] = []
  const lines: string[] = []
  const targets: string[] = []
  for (const course of courses) {
    for (const session of course.sessions ?? []) {
      const registrants = await sessionRegistrants(env.DB, course._id, session._key)
      if (registrants.length === 0) continue
      const booked = registrants.filter((r) => r.status === 'confirmed').length
      const waiting = registrants.filter((r) => r.status === 'waitlisted').length
      lines.push(
        `- ${course.title ?? course._id}, ${sessionLabel(session)}: ${booked} confirmed, ${waiting} on the waitlist`,
      )
      attachments.push({
        filename: csvFileName(course.slug ?? course._id, session._key, 'registrations'),
        contentType: 'text/csv; charset=utf-8',
        content: registrationsCsv(registrants),
      })
      targets.push(`${course._id}/${session._key}`)
    }
  }
  if (attachments.length === 0) return { sent: false, sessions: 0 }

  const text = [
    'Registrations for course sessions starting in the next two days:',
    '',
    ...lines,
    '',
    'The attached CSV files hold personal data: keep them in the training team mailbox and delete them after the sessions.',
  ].join('\n')
  const html = `<p>Registrations for course sessions starting in the next two days:</p><ul>${lines
    .map((l) => `<li>${escapeHtml(l.slice(2))}</li>`)
    .join(
      '',
    )}</ul><p>The attached CSV files hold personal data: keep them in the training team mailbox and delete them after the sessions.</p>`
  await sendStandalone(env, {
    kind: 'staff-daily-export',
    to,
    subject: `Course registrations for the next two days (${from.slice(0, 10)})`,
    text,
    html,
    attachments,
  })
  await recordAudit(env.DB, {
    actor: SCHEDULED_EXPORT_ACTOR,
    action: 'session.export.email',
    target: targets.join(','),
    status: 200,
  })
  return { sent: true, sessions: attachments.length }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
