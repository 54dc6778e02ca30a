// Topic alerts ("tell me about new courses"): double opt-in, every message with an unsubscribe
// link, and on a newly published course one email per confirmed subscriber whose topics match,
// never two for the same course (alert_deliveries is written in the email's batch).
import { pagePath } from '../../schemas/content-types'
import { TOPICS_TITLES, type Topic } from '../../schemas/choices'
import { signedUrl } from '../lib/signed-links'
import { notifyMailQueue, outboxInsertIf, type MailMessage } from '../mail/message'
import { renderEmail, siteUrl } from '../mail/render'
import { consentFor } from './consent'
import type { SignupCourse } from './content'
import { normaliseEmail } from '../lib/email-norm'
import type { AlertInput } from './schemas'

const CONFIRM_DAYS = 7
const CHUNK = 20

const topicList = (topics: string[]) => topics.map((t) => TOPICS_TITLES[t as Topic] ?? t).join(', ')

async function unsubscribeUrl(env: Env, id: string) {
  return signedUrl(env, '/alerts/unsubscribe', { purpose: 'alert-unsubscribe', subject: id })
}

async function confirmEmail(
  env: Env,
  id: string,
  to: string,
  topics: string[],
): Promise<MailMessage> {
  const url = await signedUrl(env, '/alerts/confirm', {
    purpose: 'alert-confirm',
    subject: id,
    expiresAt: Date.now() + CONFIRM_DAYS * 86_400_000,
  })
  const unsubscribe = await unsubscribeUrl(env, id)
  const parts = {
    heading: 'Confirm your course alerts',
    paragraphs: [
      `Please confirm that you want an email when we publish a new course on: ${topicList(topics)}.`,
      'If you did not ask for this, ignore this email: nothing will be sent.',
    ],
    actions: [{ label: 'Confirm my alerts', url }],
    footer: [
      { label: 'Unsubscribe from all course alerts', url: unsubscribe },
      { label: 'Your data (download or erase)', url: siteUrl(env, '/privacy') },
    ],
  }
  return {
    kind: 'alert-confirm',
    to,
    subject: parts.heading,
    ...renderEmail(parts),
    headers: { 'List-Unsubscribe': `<${unsubscribe}>` },
  }
}

/** Same outcome whether or not the address was known: the answer never reveals subscribers. */
export async function subscribeAlerts(env: Env, input: AlertInput, source: 'form' | 'api') {
  const emailNorm = normaliseEmail(input.email)
  const consent = consentFor('alerts', input.consentVersion)
  const now = Date.now()
  const newId = crypto.randomUUID()
  const topics = JSON.stringify(input.topics)
  // The row that survives (new or existing) is what the confirmation link must point at.
  const existing = await env.DB.prepare(
    'SELECT id, status FROM alert_subscriptions WHERE email_norm = ?',
  )
    .bind(emailNorm)
    .first<{ id: string; status: string }>()
  const id = existing?.id ?? newId
  const confirm = await confirmEmail(env, id, input.email, input.topics)
  // Asking again while subscribed (or still to confirm) is a repeat, capped per address; the
  // pending topics are updated all the same, and any confirmation link sent confirms them.
  // Subscribing again after unsubscribing starts a new flow.
  const repeat = existing !== null && existing.status !== 'unsubscribed'
  const msg = repeat ? { ...confirm, repeatItem: 'alerts' } : confirm
  const outboxId = crypto.randomUUID()
  const [, written] = await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO alert_subscriptions (id, email, email_norm, topics, pending_topics, status,
         consent_text, consent_version, source, created_at, updated_at)
       VALUES (?1, ?2, ?3, '[]', ?4, 'pending', ?5, ?6, ?7, ?8, ?8)
       ON CONFLICT (email_norm) DO UPDATE SET
         pending_topics = excluded.pending_topics, email = excluded.email,
         consent_text = excluded.consent_text, consent_version = excluded.consent_version,
         status = CASE WHEN alert_subscriptions.status = 'confirmed' THEN 'confirmed' ELSE 'pending' END,
         updated_at = excluded.updated_at`,
    ).bind(newId, input.email, emailNorm, topics, consent.text, consent.version, source, now),
    outboxInsertIf(env.DB, outboxId, msg, now, 'SELECT 1 FROM alert_subscriptions WHERE id = ?', [
      id,
    ]),
  ])
  if ((written?.meta.changes ?? 0) > 0) await notifyMailQueue(env, [outboxId])
}

export type ConfirmAlertsOutcome =
  { kind: 'confirmed'; topics: string[] } | { kind: 'unsubscribed' } | { kind: 'unknown' }

/**
 * Turns alerts on. Repeating it (a second click, at once or later) confirms the same topics
 * again, so both answers say the alerts are on; a subscription the person has since
 * unsubscribed stays off and says so.
 */
export async function confirmAlerts(env: Env, id: string): Promise<ConfirmAlertsOutcome> {
  const row = await env.DB.prepare(
    `UPDATE alert_subscriptions SET status = 'confirmed', topics = pending_topics,
            confirmed_at = coalesce(confirmed_at, ?2), updated_at = ?2
      WHERE id = ?1 AND status != 'unsubscribed' RETURNING topics`,
  )
    .bind(id, Date.now())
    .first<{ topics: string }>()
  if (row) return { kind: 'confirmed', topics: JSON.parse(row.topics) as string[] }
  const now = await env.DB.prepare('SELECT status FROM alert_subscriptions WHERE id = ?')
    .bind(id)
    .first<{ status: string }>()
  return now ? { kind: 'unsubscribed' } : { kind: 'unknown' }
}

export async function unsubscribeAlerts(env: Env, id: string): Promise<void> {
  await env.DB.prepare(
    `UPDATE alert_subscriptions SET status = 'unsubscribed', topics = '[]', pending_topics = '[]',
            updated_at = ? WHERE id = ?`,
  )
    .bind(Date.now(), id)
    .run()
}

/** New course published: one email per matching confirmed subscriber, once per course ever. */
export async function sendNewCourseAlerts(env: Env, course: SignupCourse): Promise<number> {
  if (course.topics.length === 0) return 0
  const { results } = await env.DB.prepare(
    `SELECT s.id, s.email, s.topics FROM alert_subscriptions s
      WHERE s.status = 'confirmed'
        AND EXISTS (SELECT 1 FROM json_each(s.topics) t WHERE t.value IN (SELECT value FROM json_each(?1)))
        AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.course_id = ?2 AND d.subscription_id = s.id)`,
  )
    .bind(JSON.stringify(course.topics), course._id)
    .all<{ id: string; email: string; topics: string }>()
  let sent = 0
  for (let i = 0; i < results.length; i += CHUNK) {
    const now = Date.now()
    const statements: D1PreparedStatement[] = []
    const ids: string[] = []
    for (const sub of results.slice(i, i + CHUNK)) {
      const mine = (JSON.parse(sub.topics) as string[]).filter((t) =>
        course.topics.includes(t as Topic),
      )
      const msg = await newCourseEmail(env, course, sub.id, sub.email, mine)
      const outboxId = crypto.randomUUID()
      // The email is written only if this delivery row is new: a retried webhook sends nothing.
      statements.push(
        outboxInsertIf(
          env.DB,
          outboxId,
          msg,
          now,
          'SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM alert_deliveries WHERE course_id = ? AND subscription_id = ?)',
          [course._id, sub.id],
        ),
        env.DB.prepare(
          'INSERT OR IGNORE INTO alert_deliveries (course_id, subscription_id, created_at) VALUES (?, ?, ?)',
        ).bind(course._id, sub.id, now),
      )
      ids.push(outboxId)
    }
    const res = await env.DB.batch(statements)
    const written = ids.filter((_, n) => (res[n * 2]?.meta.changes ?? 0) > 0)
    sent += written.length
    await notifyMailQueue(env, written)
  }
  return sent
}

async function newCourseEmail(
  env: Env,
  course: SignupCourse,
  subscriptionId: string,
  to: string,
  topics: string[],
): Promise<MailMessage> {
  const unsubscribe = await unsubscribeUrl(env, subscriptionId)
  const parts = {
    heading: `New course: ${course.title}`,
    paragraphs: [
      `We have published a new course on ${topicList(topics)}.`,
      ...(course.summary ? [course.summary] : []),
    ],
    actions: [
      { label: 'See the course and its dates', url: siteUrl(env, pagePath('course', course.slug)) },
    ],
    footer: [
      'You are getting this because you asked for course alerts on these topics.',
      { label: 'Unsubscribe from course alerts', url: unsubscribe },
    ],
  }
  return {
    kind: 'alert-new-course',
    to,
    subject: parts.heading,
    ...renderEmail(parts),
    headers: { 'List-Unsubscribe': `<${unsubscribe}>` },
  }
}
