// The emails after registration: the reminder before a session (joining details or venue, the
// calendar file, a link to release the place) and the after-session email (certificate and
// feedback). Rendered when written, from the session the registrant was last told about.
import type { MailMessage } from '../mail/message'
import { renderEmail } from '../mail/render'
import {
  cancelUrl,
  coursePageUrl,
  icsAttachment,
  registrantFooter,
} from '../mail/registrant-emails'
import type { SessionSnapshot } from '../mail/contracts'
import { describeWhen, describeWhere, sessionLabel } from '../mail/session-text'
import { certificateUrl, feedbackUrl } from '../mail/registrant-links'

export type Recipient = { id: string; name: string; email: string }

/** "in 2 days", "in 1 hour", "in 90 minutes": how far ahead the reminder was meant to be. */
function describeLead(hours: number): string {
  if (hours >= 24 && hours % 24 === 0) {
    const days = hours / 24
    return `in ${days} ${days === 1 ? 'day' : 'days'}`
  }
  if (Number.isInteger(hours)) return `in ${hours} ${hours === 1 ? 'hour' : 'hours'}`
  return `in ${Math.round(hours * 60)} minutes`
}

export async function reminderEmail(
  env: Env,
  s: SessionSnapshot,
  who: Recipient,
  opts: { hours: number; sequence: number },
): Promise<MailMessage> {
  const label = sessionLabel(s)
  const releaseUrl = await cancelUrl(env, who.id, s.start)
  const online = s.mode === 'online'
  const heading = `Reminder: ${label} starts ${describeLead(opts.hours)}`
  const parts = {
    heading,
    paragraphs: [
      `Hello ${who.name},`,
      `Your place on ${label} is confirmed. ${
        online
          ? 'The joining details are below.'
          : 'The venue is below; please allow time to find it.'
      }`,
      "If you can't come, please release your place: we offer it to the next person on the waiting list.",
    ],
    facts: [
      ['Course', label],
      ['When', describeWhen(s)],
      ['Where', describeWhere(s)],
      ...(s.onlineDetails ? [['Joining details', s.onlineDetails]] : []),
    ] as [string, string][],
    actions: [
      { label: "I can't come: release my place", url: releaseUrl },
      { label: 'Course page', url: coursePageUrl(env, s) },
    ],
    footer: await registrantFooter(env, who, label),
  }
  return {
    kind: 'journey-reminder',
    to: who.email,
    subject: heading,
    ...renderEmail(parts),
    // The same UID and SEQUENCE the registrant already holds: the calendar entry is refreshed,
    // never duplicated.
    attachments: [icsAttachment(env, s, who, opts.sequence, 'REQUEST')],
  }
}

export async function afterSessionEmail(
  env: Env,
  s: SessionSnapshot,
  who: Recipient,
  cert: { id: string; code: string; cpdHours: number | null },
): Promise<MailMessage> {
  const label = sessionLabel(s)
  const heading = `Your certificate of attendance: ${label}`
  const parts = {
    heading,
    paragraphs: [
      `Hello ${who.name},`,
      'Thank you for attending. Your certificate of attendance is ready: open it to print it or download it as a PDF.',
      'We would also be grateful for a minute of feedback: it shapes the next sessions.',
    ],
    facts: [
      ['Course', label],
      ['When', describeWhen(s)],
      ...(cert.cpdHours !== null ? [['CPD hours', String(cert.cpdHours)]] : []),
      ['Verification code', cert.code],
    ] as [string, string][],
    actions: [
      { label: 'Your certificate', url: await certificateUrl(env, cert.id, 'html') },
      { label: 'Certificate as PDF', url: await certificateUrl(env, cert.id, 'pdf') },
      { label: 'Give feedback', url: await feedbackUrl(env, who.id) },
    ],
    footer: await registrantFooter(env, who, label),
  }
  return { kind: 'journey-certificate', to: who.email, subject: heading, ...renderEmail(parts) }
}
