// Everything we hold about one person, found by normalised email in every table that stores
// personal data (and, through their registrations, the staff check-in marks): export as JSON,
// or erase in one batch (a check-in goes with its registration: ON DELETE CASCADE; a confirmed
// signature comes off its campaign's petition count). Erasing a registration that held a seat
// offers the seat to the waiting list afterwards.
import { offerFreedSeats } from '../signups/waitlist'

/** Tables holding personal data and the column that names the person. Keep in step with migrations. */
export const PERSONAL_TABLES = [
  ['registrations', 'email_norm'],
  ['signatures', 'email_norm'],
  ['alert_subscriptions', 'email_norm'],
  ['outbox', 'to_norm'],
  ['mailbox', 'to_norm'],
  ['idempotency_keys', 'email_norm'],
  ['journey_reminders', 'email_norm'],
  ['certificates', 'email_norm'],
  ['feedback', 'email_norm'],
] as const

export async function isKnownPerson(db: D1Database, emailNorm: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 FROM registrations WHERE email_norm = ?1
       UNION ALL SELECT 1 FROM signatures WHERE email_norm = ?1
       UNION ALL SELECT 1 FROM alert_subscriptions WHERE email_norm = ?1 LIMIT 1`,
    )
    .bind(emailNorm)
    .first()
  return row !== null
}

export async function exportPersonalData(db: D1Database, emailNorm: string) {
  const q = (sql: string) => db.prepare(sql).bind(emailNorm)
  const [registrations, checkIns, signatures, alerts, messages, certificates, feedback, reminders] =
    await db.batch([
      q(`SELECT id, course_slug AS courseSlug, session_key AS sessionKey, name, email, organisation,
              role, access_needs AS accessNeeds, status, consent_text AS consentText,
              consent_version AS consentVersion, source, created_at AS createdAt,
              updated_at AS updatedAt, session_snapshot AS sessionAsTold
         FROM registrations WHERE email_norm = ?`),
      // Attendance marked by staff (migration 0003). Who marked it is a staff member's identity,
      // not the registrant's data, so it stays out of the export.
      q(`SELECT c.registration_id AS registrationId, r.course_slug AS courseSlug,
              r.session_key AS sessionKey, c.checked_in_at AS checkedInAt
         FROM staff_check_ins c JOIN registrations r ON r.id = c.registration_id
        WHERE r.email_norm = ? ORDER BY c.checked_in_at`),
      q(`SELECT id, campaign_slug AS campaignSlug, name, email, postcode, country, status,
              consent_text AS consentText, consent_version AS consentVersion, source,
              created_at AS createdAt, confirmed_at AS confirmedAt
         FROM signatures WHERE email_norm = ?`),
      q(`SELECT id, email, topics, pending_topics AS pendingTopics, status,
              consent_text AS consentText, consent_version AS consentVersion, source,
              created_at AS createdAt, confirmed_at AS confirmedAt
         FROM alert_subscriptions WHERE email_norm = ?`),
      q(`SELECT id, kind, to_addr AS "to", subject, status, created_at AS createdAt,
              sent_at AS sentAt FROM outbox WHERE to_norm = ?`),
      // After registration (migration 0009): certificates, feedback and the reminders sent.
      q(`SELECT code AS verificationCode, registration_id AS registrationId, name,
              course_title AS courseTitle, course_slug AS courseSlug, session_key AS sessionKey,
              session_start AS sessionStart, cpd_hours AS cpdHours, provider,
              issued_at AS issuedAt, withdrawn_at AS withdrawnAt
         FROM certificates WHERE email_norm = ?`),
      q(`SELECT registration_id AS registrationId, session_key AS sessionKey, rating,
              most_useful AS mostUseful, improve, created_at AS createdAt, updated_at AS updatedAt
         FROM feedback WHERE email_norm = ?`),
      q(`SELECT registration_id AS registrationId, kind, sent_at AS sentAt
         FROM journey_reminders WHERE email_norm = ?`),
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

export async function erasePersonalData(env: Env, emailNorm: string): Promise<number> {
  const db = env.DB
  const { results: seats } = await db
    .prepare(
      `SELECT DISTINCT course_id, session_key FROM registrations
        WHERE email_norm = ? AND status IN ('confirmed', 'offered')`,
    )
    .bind(emailNorm)
    .all<{ course_id: string; session_key: string }>()
  const [, ...results] = await db.batch([
    // Before the signatures go: each campaign the person had a confirmed signature on counts one
    // fewer (one signature per person and campaign, UNIQUE (campaign_id, email_norm)). Floored
    // at 0 so a drifted counter can never make an erasure fail.
    db
      .prepare(
        `UPDATE petition_counts SET confirmed = max(confirmed - 1, 0)
          WHERE campaign_id IN
            (SELECT campaign_id FROM signatures WHERE email_norm = ? AND status = 'confirmed')`,
      )
      .bind(emailNorm),
    db
      .prepare(
        `DELETE FROM alert_deliveries WHERE subscription_id IN
           (SELECT id FROM alert_subscriptions WHERE email_norm = ?)`,
      )
      .bind(emailNorm),
    ...PERSONAL_TABLES.map(([table, column]) =>
      db.prepare(`DELETE FROM ${table} WHERE ${column} = ?`).bind(emailNorm),
    ),
  ])
  for (const s of seats) {
    // The erasure has happened; a failed offer is retried by the next cancellation or cron.
    await offerFreedSeats(env, s.course_id, s.session_key).catch(() => 0)
  }
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0)
}
