// Daily retention (cron '15 3 * * *'): registrations for sessions long past and cancelled ones
// are deleted, confirmed petition signatures are anonymised (the count survives), unconfirmed
// signups and old delivered emails are deleted, idempotency records expire after a day;
// certificates, feedback and reminder records follow (see the statements below).
import { IDEMPOTENCY_TTL_MS } from '../signups/idempotency'
import { wholeNumberSetting } from '../lib/settings'

const DAY = 86_400_000
/** Unconfirmed signups and delivered-email copies are operational and kept at most this long. */
const SHORT_DAYS = 30

export async function runRetention(env: Env, now: number = Date.now()): Promise<number> {
  const db = env.DB
  const days = wholeNumberSetting(env, 'RETENTION_DAYS')
  const cutoff = now - days * DAY
  const short = now - Math.min(SHORT_DAYS, days) * DAY
  const results = await db.batch([
    db
      .prepare(
        `DELETE FROM registrations WHERE created_at < ?1
           AND (status = 'cancelled' OR json_extract(session_snapshot, '$.start') < ?2)`,
      )
      .bind(cutoff, new Date(cutoff).toISOString()),
    db
      .prepare(
        `UPDATE signatures SET name = '', email = '', email_norm = 'erased:' || id, postcode = ''
          WHERE status = 'confirmed' AND created_at < ? AND email != ''`,
      )
      .bind(cutoff),
    db.prepare(`DELETE FROM signatures WHERE status = 'pending' AND created_at < ?`).bind(short),
    db
      .prepare(
        `DELETE FROM alert_subscriptions WHERE (status = 'pending' AND created_at < ?1)
            OR (status = 'unsubscribed' AND updated_at < ?1)`,
      )
      .bind(short),
    db.prepare(
      `DELETE FROM alert_deliveries
        WHERE subscription_id NOT IN (SELECT id FROM alert_subscriptions)`,
    ),
    db
      .prepare(`DELETE FROM outbox WHERE status IN ('sent', 'dead') AND created_at < ?`)
      .bind(short),
    db.prepare(`DELETE FROM mailbox WHERE created_at < ?`).bind(short),
    db.prepare(`DELETE FROM idempotency_keys WHERE created_at < ?`).bind(now - IDEMPOTENCY_TTL_MS),
    // After registration (migration 0013): certificates for as long as registrations; feedback
    // goes with its registration; a reminder's record only guards against sending it twice, and
    // every reminder is for a session at most 14 days ahead, long over after the short period.
    db.prepare(`DELETE FROM certificates WHERE issued_at < ?`).bind(cutoff),
    db.prepare(`DELETE FROM feedback WHERE registration_id NOT IN (SELECT id FROM registrations)`),
    db.prepare(`DELETE FROM journey_reminders WHERE sent_at < ?`).bind(short),
  ])
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0)
}
