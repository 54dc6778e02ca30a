// Every email a registrant can receive, rendered from the session snapshot they were told, with
// an .ics (stable UID per session, SEQUENCE per registrant) where their calendar should change.
import { pagePath } from '../../schemas/content-types'
import { bookingsUrl } from './registrant-links'
import { calendar, sessionStatus, sessionUid, type IcsMethod } from '../lib/ics'
import { signedUrl } from '../lib/signed-links'
import type { RegistrantEmailKind, SessionSnapshot } from './contracts'
import type { Attachment, MailMessage } from './message'
import { renderEmail, siteUrl, type EmailParts } from './render'
import { describeInstant, describeWhen, describeWhere, sessionLabel } from './session-text'

/** A session's course page, where every email about the session points. */
export const coursePageUrl = (env: Env, s: Pick<SessionSnapshot, 'courseSlug'>) =>
  siteUrl(env, pagePath('course', s.courseSlug))

export type Registrant = { id: string; name: string; email: string; wasConfirmed?: boolean }

const CANCEL_LINK_DAYS = 400

/**
 * The signed link that releases a registration's place or leaves the waiting list. It outlives
 * the session by CANCEL_LINK_DAYS, so an old email still leads to a page that explains.
 */
export function cancelUrl(env: Env, registrationId: string, sessionStart: string): Promise<string> {
  return signedUrl(env, '/signups/cancel', {
    purpose: 'registration-cancel',
    subject: registrationId,
    expiresAt: Date.parse(sessionStart) + CANCEL_LINK_DAYS * 86_400_000,
  })
}

/** The end of every email to a registrant: why it came, their bookings, their data. */
export async function registrantFooter(
  env: Env,
  who: { email: string },
  label: string,
): Promise<NonNullable<EmailParts['footer']>> {
  return [
    `You are getting this because you registered for ${label}.`,
    { label: 'Your bookings', url: await bookingsUrl(env, who.email) },
    { label: 'Your data (download or erase)', url: siteUrl(env, '/privacy') },
  ]
}

function mailFromAddress(env: Env): string {
  const m = /<([^>]+)>/.exec(env.MAIL_FROM)
  return (m?.[1] ?? env.MAIL_FROM).trim()
}

export function icsAttachment(
  env: Env,
  s: SessionSnapshot,
  who: Registrant,
  sequence: number,
  method: IcsMethod,
): Attachment {
  const body = calendar({
    method,
    events: [
      {
        uid: sessionUid(s.courseId, s.sessionKey, env.SITE_URL),
        sequence,
        start: new Date(s.start),
        durationMinutes: s.durationMinutes,
        timezone: s.timezone,
        summary: sessionLabel(s),
        description: s.onlineDetails ? `Joining details: ${s.onlineDetails}` : undefined,
        location: describeWhere(s),
        url: coursePageUrl(env, s),
        // The same mapping as the public feeds, so a postponed session is TENTATIVE everywhere.
        status: sessionStatus(s.status),
        organizer: { email: mailFromAddress(env), name: 'Safeguard' },
        attendees: [{ email: who.email, name: who.name }],
      },
    ],
  })
  return {
    filename: method === 'CANCEL' ? 'cancelled-session.ics' : 'session.ics',
    contentType: `text/calendar; charset=utf-8; method=${method}`,
    content: body,
  }
}

export async function registrantEmail(
  env: Env,
  kind: RegistrantEmailKind,
  s: SessionSnapshot,
  who: Registrant,
  opts: { sequence: number; offerExpiresAt?: number },
): Promise<MailMessage> {
  const label = sessionLabel(s)
  const cancel = await cancelUrl(env, who.id, s.start)
  const facts: [string, string][] = [
    ['Course', label],
    ['When', describeWhen(s)],
    ['Where', describeWhere(s)],
  ]
  const joining: [string, string][] = s.onlineDetails ? [['Joining details', s.onlineDetails]] : []
  const cancelAction = { label: 'Cancel my place', url: cancel }
  const leaveAction = { label: 'Leave the waiting list', url: cancel }
  const footer = await registrantFooter(env, who, label)
  let parts: EmailParts
  let attachments: Attachment[] = []
  const again =
    'You asked to register again with this email address. You are already registered, so nothing has changed; here are your details again.'
  switch (kind) {
    case 'confirmed':
    case 'already-confirmed':
    case 'reinstated':
      parts = {
        heading: kind === 'reinstated' ? `Back on: ${label}` : `You're registered: ${label}`,
        paragraphs: [
          `Hello ${who.name},`,
          kind === 'already-confirmed'
            ? again
            : kind === 'reinstated'
              ? 'This session is going ahead after all, and your place is kept.'
              : 'Your place is confirmed. The attached calendar invitation adds the session to your calendar.',
          "If you can't come, please cancel so we can offer your place to someone on the waiting list.",
        ],
        facts: [...facts, ...joining],
        actions: [cancelAction],
        footer,
      }
      attachments = [icsAttachment(env, s, who, opts.sequence, 'REQUEST')]
      break
    case 'waitlisted':
    case 'already-waitlisted':
      parts = {
        heading: `You're on the waiting list: ${label}`,
        paragraphs: [
          `Hello ${who.name},`,
          kind === 'already-waitlisted'
            ? again
            : 'This session is full, so you are on the waiting list.',
          'If a place becomes free we email you a link to claim it; you then have 48 hours to confirm.',
        ],
        facts,
        actions: [leaveAction],
        footer,
      }
      break
    case 'offered':
    case 'already-offered': {
      const expiresAt = opts.offerExpiresAt ?? Date.now()
      const claimUrl = await signedUrl(env, '/signups/claim', {
        purpose: 'registration-claim',
        subject: who.id,
        expiresAt,
      })
      parts = {
        heading: `A place is free: ${label}`,
        paragraphs: [
          `Hello ${who.name},`,
          kind === 'already-offered'
            ? again
            : 'A place has become free and it is yours if you want it.',
          `Please confirm by ${describeInstant(expiresAt, s.timezone)}. After that we offer it to the next person.`,
        ],
        facts,
        actions: [{ label: 'Confirm my place', url: claimUrl }, leaveAction],
        footer,
      }
      break
    }
    case 'cancelled':
      parts = {
        heading: `Cancelled: your place on ${label}`,
        paragraphs: [
          `Hello ${who.name},`,
          'Your registration is cancelled. Thank you for letting us know.',
          'You can register again from the course page if places are available.',
        ],
        facts,
        actions: [{ label: 'Course page', url: coursePageUrl(env, s) }],
        footer,
      }
      if (who.wasConfirmed) attachments = [icsAttachment(env, s, who, opts.sequence, 'CANCEL')]
      break
    case 'offer-expired':
      parts = {
        heading: `Offer expired: ${label}`,
        paragraphs: [
          `Hello ${who.name},`,
          'We offered you a place but did not hear back in time, so it has gone to the next person on the waiting list.',
          'You can join the waiting list again from the course page.',
        ],
        facts,
        actions: [{ label: 'Course page', url: coursePageUrl(env, s) }],
        footer,
      }
      break
    case 'rescheduled':
      parts = {
        heading: `Changed: ${label}`,
        paragraphs: [
          `Hello ${who.name},`,
          'The details of this session have changed. The new details are below, and the attached calendar invitation updates your calendar.',
        ],
        facts: [...facts, ...joining],
        actions: [who.wasConfirmed ? cancelAction : leaveAction],
        footer,
      }
      if (who.wasConfirmed) attachments = [icsAttachment(env, s, who, opts.sequence, 'REQUEST')]
      break
    case 'session-cancelled':
      parts = {
        heading: `Cancelled: ${label}`,
        paragraphs: [
          `Hello ${who.name},`,
          'We are sorry: this session has been cancelled. You do not need to do anything.',
          'Other dates, if any, are on the course page.',
        ],
        facts,
        actions: [{ label: 'Course page', url: coursePageUrl(env, s) }],
        footer,
      }
      if (who.wasConfirmed) attachments = [icsAttachment(env, s, who, opts.sequence, 'CANCEL')]
      break
    case 'session-postponed':
      parts = {
        heading: `Postponed: ${label}`,
        paragraphs: [
          `Hello ${who.name},`,
          'This session has been postponed. Your registration is kept and we will email you the new date.',
        ],
        facts,
        actions: [who.wasConfirmed ? cancelAction : leaveAction],
        footer,
      }
      // The calendar entry stays but turns tentative, as in the public feeds, until a new date.
      if (who.wasConfirmed) attachments = [icsAttachment(env, s, who, opts.sequence, 'REQUEST')]
      break
  }
  return {
    kind: `registration-${kind}`,
    to: who.email,
    subject: parts.heading,
    ...renderEmail(parts),
    attachments,
  }
}
