// Everything we hold for one address, in every table that stores personal data (and, through
// its registrations, the staff check-in marks): export as JSON, or erase in one batch (a check-in
// goes with its registration: ON DELETE CASCADE; a confirmed signature comes off its campaign's
// petition count). Erasing a registration that held a seat offers the seat to the waiting list
// afterwards.
//
// "One address" is exactly the address whose control was proved, compared case-insensitively
// (mailboxAddress): `x+privacy@` never reaches the rows of `x+reg@`, which for most providers is
// another mailbox. Every query first narrows by the folded duplicate-detection key (`email_norm`,
// indexed; every address folds to one key) and then keeps the rows whose stored address is the
// proved one.
import { mailboxAddress, normaliseEmail } from '../lib/email-norm'
import { offerFreedSeats } from '../signups/waitlist'

/**
 * Tables holding personal data, their folded-key column and the column with the address itself.
 * Keep in step with migrations.
 */
const PERSONAL_TABLES = [
  ['registrations', 'email_norm', 'email'],
  ['signatures', 'email_norm', 'email'],
  ['alert_subscriptions', 'email_norm', 'email'],
  ['outbox', 'to_norm', 'to_addr'],
  ['mailbox', 'to_norm', 'to_addr'],
  ['idempotency_keys', 'email_norm', 'email'],
] as const

/** The SQL condition for "this row is the address's": placeholders ?1 (folded) and ?2 (address). */
function owns(norm: string, address: string, prefix = ''): string {
  return `${prefix}${norm} = ?1 AND lower(trim(${prefix}${address})) = ?2`
}

/**
 * The after-registration tables (migration 0013) hold no address of their own: their rows are
 * the address's when their registration is. Exported and erased through it, before it goes.
 */
const BY_REGISTRATION = ['journey_reminders', 'certificates', 'feedback'] as const
const ownRegistrations = `registration_id IN
  (SELECT id FROM registrations WHERE ${owns('email_norm', 'email')})`

/** The two parameters `owns` binds, from the proved address. */
function ownerParams(address: string): [string, string] {
  return [normaliseEmail(address), mailboxAddress(address)]
}

export async function isKnownPerson(db: D1Database, address: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 FROM registrations WHERE ${owns('email_norm', 'email')}
       UNION ALL SELECT 1 FROM signatures WHERE ${owns('email_norm', 'email')}
       UNION ALL SELECT 1 FROM alert_subscriptions WHERE ${owns('email_norm', 'email')} LIMIT 1`,
    )
    .bind(...ownerParams(address))
    .first()
  return row !== null
}

export async function exportPersonalData(db: D1Database, address: string) {
  const q = (sql: string) => db.prepare(sql).bind(...ownerParams(address))
  const [registrations, checkIns, signatures, alerts, messages, certificates, feedback, reminders] =
    await db.batch([
      q(`SELECT id, course_slug AS courseSlug, session_key AS sessionKey, name, email, organisation,
              role, access_needs AS accessNeeds, status, consent_text AS consentText,
              consent_version AS consentVersion, source, created_at AS createdAt,
              updated_at AS updatedAt, session_snapshot AS sessionAsTold
         FROM registrations WHERE ${owns('email_norm', 'email')}`),
      // Attendance marked by staff (migration 0003). Who marked it is a staff member's identity,
      // not the registrant's data, so it stays out of the export.
      q(`SELECT c.registration_id AS registrationId, r.course_slug AS courseSlug,
              r.session_key AS sessionKey, c.checked_in_at AS checkedInAt
         FROM staff_check_ins c JOIN registrations r ON r.id = c.registration_id
        WHERE ${owns('email_norm', 'email', 'r.')} ORDER BY c.checked_in_at`),
      q(`SELECT id, campaign_slug AS campaignSlug, name, email, postcode, country, status,
              consent_text AS consentText, consent_version AS consentVersion, source,
              created_at AS createdAt, confirmed_at AS confirmedAt
         FROM signatures WHERE ${owns('email_norm', 'email')}`),
      q(`SELECT id, email, topics, pending_topics AS pendingTopics, status,
              consent_text AS consentText, consent_version AS consentVersion, source,
              created_at AS createdAt, confirmed_at AS confirmedAt
         FROM alert_subscriptions WHERE ${owns('email_norm', 'email')}`),
      q(`SELECT id, kind, to_addr AS "to", subject, status, created_at AS createdAt,
              sent_at AS sentAt FROM outbox WHERE ${owns('to_norm', 'to_addr')}`),
      q(`SELECT code AS verificationCode, registration_id AS registrationId, name,
              course_title AS courseTitle, course_slug AS courseSlug, session_key AS sessionKey,
              session_start AS sessionStart, cpd_hours AS cpdHours, provider,
              issued_at AS issuedAt, withdrawn_at AS withdrawnAt
         FROM certificates WHERE ${ownRegistrations}`),
      q(`SELECT registration_id AS registrationId, session_key AS sessionKey, rating,
              most_useful AS mostUseful, improve, created_at AS createdAt, updated_at AS updatedAt
         FROM feedback WHERE ${ownRegistrations}`),
      q(`SELECT registration_id AS registrationId, kind, sent_at AS sentAt
         FROM journey_reminders WHERE ${ownRegistrations}`),
    ])
  const rows = (r: D1Result | undefined) => r?.results ?? []
  return {
    exportedAt: new Date().toISOString(),
    registrations: rows(registrations).map((r) => {
      const row = r as Record<string, unknown>
      return { ...row, sessionAsTold: JSON.parse(String(row.sessionAsTold)) as unknown }
    }),
    checkIns: rows(checkIns),
    petitionSignatures: rows(signatures),
    courseAlerts: rows(alerts).map((r) => {
      const row = r as Record<string, unknown>
      return {
        ...row,
        topics: JSON.parse(String(row.topics)) as unknown,
        pendingTopics: JSON.parse(String(row.pendingTopics)) as unknown,
      }
    }),
    emailsSent: rows(messages),
    certificates: rows(certificates),
    feedback: rows(feedback),
    remindersSent: rows(reminders),
  }
}

export async function erasePersonalData(env: Env, address: string): Promise<number> {
  const db = env.DB
  const params = ownerParams(address)
  const { results: seats } = await db
    .prepare(
      `SELECT DISTINCT course_id, session_key FROM registrations
        WHERE ${owns('email_norm', 'email')} AND status IN ('confirmed', 'offered')`,
    )
    .bind(...params)
    .all<{ course_id: string; session_key: string }>()
  const [, ...results] = await db.batch([
    // Before the signatures go: each campaign the person had a confirmed signature on counts one
    // fewer (one signature per person and campaign, UNIQUE (campaign_id, email_norm)). Floored
    // at 0 so a drifted counter can never make an erasure fail.
    db
      .prepare(
        `UPDATE petition_counts SET confirmed = max(confirmed - 1, 0)
          WHERE campaign_id IN
            (SELECT campaign_id FROM signatures
              WHERE ${owns('email_norm', 'email')} AND status = 'confirmed')`,
      )
      .bind(...params),
    db
      .prepare(
        `DELETE FROM alert_deliveries WHERE subscription_id IN
           (SELECT id FROM alert_subscriptions WHERE ${owns('email_norm', 'email')})`,
      )
      .bind(...params),
    ...BY_REGISTRATION.map((table) =>
      db.prepare(`DELETE FROM ${table} WHERE ${ownRegistrations}`).bind(...params),
    ),
    ...PERSONAL_TABLES.map(([table, norm, column]) =>
      table === 'idempotency_keys'
        ? // Records from before migration 0008 carry no address ('') and go by the folded key.
          db
            .prepare(`DELETE FROM ${table} WHERE ${norm} = ?1 AND ${column} IN (?2, '')`)
            .bind(...params)
        : db.prepare(`DELETE FROM ${table} WHERE ${owns(norm, column)}`).bind(...params),
    ),
  ])
  for (const s of seats) {
    // The erasure has happened; a failed offer is retried by the next cancellation or cron.
    await offerFreedSeats(env, s.course_id, s.session_key).catch(() => 0)
  }
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0)
}
