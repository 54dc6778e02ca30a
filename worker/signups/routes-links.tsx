// The links we email: confirm a signature, cancel a place, claim an offered place, confirm or
// stop alerts. GET shows what will happen and a button; only the POST acts, so mail scanners
// that open links never cancel or confirm anything.
import { pagePath } from '../../schemas/content-types'
import { Hono, type Context } from 'hono'
import { TOPICS_TITLES, type Topic } from '../../schemas/choices'
import type { AppEnv } from '../app-env'
import { verifyLink, type LinkPurpose } from '../lib/signed-links'
import { parseSnapshot } from '../mail/contracts'
import { describeInstant, describeWhen, sessionLabel } from '../mail/session-text'
import { confirmAlerts, unsubscribeAlerts } from './alerts'
import { formPost, one } from './form-post'
import { COMMON_PAGES, confirmAction, linkAction, message } from '../ui/page'
import { confirmSignature } from './petitions'
import { findRegistration } from './registrations'
import { cancelRegistration, claimOffer } from './waitlist'

type Checked =
  | { ok: true; subject: string; token: string }
  | { ok: false; response: Response | Promise<Response> }

async function checkToken(
  c: Context<AppEnv>,
  purpose: LinkPurpose,
  token: string,
): Promise<Checked> {
  const result = await verifyLink(c.env.LINK_SECRET, token, purpose)
  if (result.ok) return { ok: true, subject: result.claims.subject, token }
  const paragraphs =
    result.reason === 'expired'
      ? ['This link has expired. Please use the most recent email we sent you, or sign up again.']
      : [...COMMON_PAGES.badLink[1]]
  return { ok: false, response: message(c, COMMON_PAGES.badLink[0], paragraphs, 400) }
}

const fromQuery = (c: Context<AppEnv>, purpose: LinkPurpose) =>
  checkToken(c, purpose, c.req.query('token') ?? '')

async function fromForm(c: Context<AppEnv>, purpose: LinkPurpose): Promise<Checked> {
  const post = await formPost(c, 'links', { turnstile: false })
  if (!post.ok) return post
  return checkToken(c, purpose, one(post.values, 'token'))
}

const topicNames = (topics: string[]) =>
  topics.map((t) => TOPICS_TITLES[t as Topic] ?? t).join(', ')

const registered = (c: Context<AppEnv>) =>
  message(c, "You're registered", [
    'Your place is confirmed. We have emailed you the details and a calendar invitation.',
  ])

const offerGone = (c: Context<AppEnv>) =>
  message(
    c,
    'This offer is no longer available',
    [
      'The offer has expired, was withdrawn or was cancelled, and the place has gone to the next person on the waiting list.',
    ],
    410,
  )

export const linkRoutes = new Hono<AppEnv>()
  .get('/signups/confirm', async (c) => {
    const t = await fromQuery(c, 'signature-confirm')
    if (!t.ok) return t.response
    return confirmAction(c, {
      title: 'Confirm your signature',
      paragraphs: ['Your signature counts once you confirm it.'],
      action: '/signups/confirm',
      token: t.token,
      button: 'Confirm my signature',
    })
  })
  .post('/signups/confirm', (c) =>
    linkAction(c, async () => {
      const t = await fromForm(c, 'signature-confirm')
      if (!t.ok) return t.response
      const outcome = await confirmSignature(c.env, t.subject)
      if (outcome.kind === 'unknown')
        return message(
          c,
          'Signature not found',
          ['We could not find this signature. It may have been erased.'],
          404,
        )
      const back = <a href={pagePath('campaign', outcome.campaignSlug)}>Back to the campaign</a>
      return message(c, 'Thank you: your signature counts', [
        outcome.kind === 'already'
          ? 'Your signature was already confirmed.'
          : 'Your signature is confirmed and counted.',
        back,
      ])
    }),
  )
  .get('/signups/cancel', async (c) => {
    const t = await fromQuery(c, 'registration-cancel')
    if (!t.ok) return t.response
    const row = await findRegistration(c.env.DB, t.subject)
    if (!row || row.status === 'cancelled') {
      return message(c, 'Already cancelled', [
        'This registration is already cancelled. There is nothing more to do.',
      ])
    }
    const snap = parseSnapshot(row.session_snapshot)
    const waiting = row.status === 'waitlisted'
    return confirmAction(c, {
      title: waiting ? 'Leave the waiting list' : 'Cancel your place',
      paragraphs: [
        `${sessionLabel(snap)}: ${describeWhen(snap)}.`,
        waiting
          ? 'You will be removed from the waiting list.'
          : 'Your place will be offered to the next person on the waiting list.',
      ],
      action: '/signups/cancel',
      token: t.token,
      button: waiting ? 'Leave the waiting list' : 'Cancel my place',
    })
  })
  .post('/signups/cancel', (c) =>
    linkAction(c, async () => {
      const t = await fromForm(c, 'registration-cancel')
      if (!t.ok) return t.response
      const row = await findRegistration(c.env.DB, t.subject)
      if (!row)
        return message(
          c,
          'Registration not found',
          ['We could not find this registration. It may have been erased.'],
          404,
        )
      const cancelled = (await cancelRegistration(c.env, row)) === 'cancelled'
      return message(c, cancelled ? 'Your registration is cancelled' : 'Already cancelled', [
        cancelled
          ? 'Thank you for letting us know. We have emailed you a confirmation.'
          : 'This registration is already cancelled. There is nothing more to do.',
        <a href={pagePath('course', row.course_slug)}>Back to the course</a>,
      ])
    }),
  )
  .get('/signups/claim', async (c) => {
    const t = await fromQuery(c, 'registration-claim')
    if (!t.ok) return t.response
    const row = await findRegistration(c.env.DB, t.subject)
    if (row?.status === 'confirmed') return registered(c)
    if (!row || row.status !== 'offered' || (row.offer_expires_at ?? 0) <= Date.now()) {
      return offerGone(c)
    }
    const snap = parseSnapshot(row.session_snapshot)
    return confirmAction(c, {
      title: 'Confirm your place',
      paragraphs: [
        `A place is free on ${sessionLabel(snap)}: ${describeWhen(snap)}.`,
        `Please confirm by ${describeInstant(row.offer_expires_at ?? Date.now(), snap.timezone)}.`,
      ],
      action: '/signups/claim',
      token: t.token,
      button: 'Confirm my place',
    })
  })
  .post('/signups/claim', (c) =>
    linkAction(c, async () => {
      const t = await fromForm(c, 'registration-claim')
      if (!t.ok) return t.response
      // A repeated or simultaneous claim by the same person reads "registered" too: the answer
      // is the registration's state after this request, not whether this request changed it.
      const outcome = await claimOffer(c.env, t.subject)
      return outcome === 'confirmed' ? registered(c) : offerGone(c)
    }),
  )
  .get('/alerts/confirm', async (c) => {
    const t = await fromQuery(c, 'alert-confirm')
    if (!t.ok) return t.response
    return confirmAction(c, {
      title: 'Confirm your course alerts',
      paragraphs: ['We will email you when we publish a new course on the topics you chose.'],
      action: '/alerts/confirm',
      token: t.token,
      button: 'Confirm my alerts',
    })
  })
  .post('/alerts/confirm', (c) =>
    linkAction(c, async () => {
      const t = await fromForm(c, 'alert-confirm')
      if (!t.ok) return t.response
      const outcome = await confirmAlerts(c.env, t.subject)
      if (outcome.kind === 'unsubscribed')
        return message(
          c,
          'Your course alerts are off',
          [
            'You unsubscribed from course alerts after asking for them, so we will not email you. To get them again, subscribe again.',
            <a href="/alerts">Course alerts</a>,
          ],
          409,
        )
      if (outcome.kind === 'unknown')
        return message(
          c,
          'Subscription not found',
          [
            'We could not find this subscription. It may have been cancelled or erased; you can subscribe again.',
            <a href="/alerts">Course alerts</a>,
          ],
          404,
        )
      return message(c, 'Your course alerts are on', [
        `We will email you about new courses on: ${topicNames(outcome.topics)}.`,
      ])
    }),
  )
  .get('/alerts/unsubscribe', async (c) => {
    const t = await fromQuery(c, 'alert-unsubscribe')
    if (!t.ok) return t.response
    return confirmAction(c, {
      title: 'Unsubscribe from course alerts',
      paragraphs: ['You will get no more course alerts from us.'],
      action: '/alerts/unsubscribe',
      token: t.token,
      button: 'Unsubscribe',
    })
  })
  .post('/alerts/unsubscribe', (c) =>
    linkAction(c, async () => {
      const t = await fromForm(c, 'alert-unsubscribe')
      if (!t.ok) return t.response
      await unsubscribeAlerts(c.env, t.subject)
      return message(c, 'You are unsubscribed', ['You will get no more course alerts from us.'])
    }),
  )
