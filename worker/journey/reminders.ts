// Reminder emails before a session, sent by the 10-minute cron from D1. Each reminder is one
// batch: a (registration, kind) row and its outbox message, the message written only if this run
// inserted the row, so a retried or overlapping run can never send one twice. Nothing goes to a
// session that is cancelled, postponed or changed in the content store but not yet told to its
// registrants (the change sends its own email, then reminders follow for the new date).
import { notifyMailQueue, outboxInsertIf } from '../mail/message'
import type { RegistrationRow } from '../signups/registrations'
import { parseSnapshot } from '../mail/contracts'
import { snapshotChange, snapshotOf } from '../signups/snapshot'
import { journeyCourses, loadJourneySettings, MAX_REMINDER_HOURS, reminderHours } from './content'
import { reminderEmail } from './emails'

const HOUR = 3_600_000
/** Confirmed registrations read per run; a session starting soon is reached first. */
const MAX_PER_RUN = 1000

const START = `json_extract(session_snapshot, '$.start')`

/** The reminder kind: its lead time and the session start it is for. */
const reminderKind = (hours: number, start: string) => `${hours}h@${start}`

/**
 * The reminder due now for a session starting at `start`: the shortest lead time whose moment has
 * passed (one email, not a backlog, after a cron outage), unless the person registered after that
 * moment (their confirmation has just told them everything).
 */
export function dueReminder(
  hours: number[],
  start: number,
  createdAt: number,
  now: number,
): number | null {
  if (now >= start) return null
  const due = hours.find((h) => now >= start - h * HOUR)
  if (due === undefined || createdAt >= start - due * HOUR) return null
  return due
}

/**
 * Sends the reminders due at `now` (the clock the due times are judged by; what is stored is
 * stamped with the real time, so the outbox delivers at once).
 */
export async function sendReminders(env: Env, now: number = Date.now()): Promise<number> {
  const db = env.DB
  const { results: candidates } = await db
    .prepare(
      `SELECT * FROM registrations
        WHERE status = 'confirmed' AND ${START} > ?1 AND ${START} <= ?2
        ORDER BY ${START}, id LIMIT ?3`,
    )
    .bind(
      new Date(now).toISOString(),
      new Date(now + MAX_REMINDER_HOURS * HOUR).toISOString(),
      MAX_PER_RUN,
    )
    .all<RegistrationRow>()
  if (candidates.length === 0) return 0
  const { results: sentRows } = await db
    .prepare(
      `SELECT registration_id, kind FROM journey_reminders
        WHERE registration_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(candidates.map((r) => r.id)))
    .all<{ registration_id: string; kind: string }>()
  const sent = new Set(sentRows.map((r) => `${r.registration_id}\n${r.kind}`))
  const [courses, settings] = await Promise.all([
    journeyCourses(env, [...new Set(candidates.map((r) => r.course_id))]),
    loadJourneySettings(env),
  ])
  let count = 0
  for (const row of candidates) {
    const told = parseSnapshot(row.session_snapshot)
    const course = courses.get(row.course_id)
    const session = course?.sessions.find((s) => s._key === row.session_key)
    if (!course || !session || told.status !== 'scheduled') continue
    if (snapshotChange(told, snapshotOf(course, session)) !== 'none') continue
    const hours = dueReminder(
      reminderHours(course, settings),
      Date.parse(told.start),
      row.created_at,
      now,
    )
    if (hours === null) continue
    const kind = reminderKind(hours, told.start)
    if (sent.has(`${row.id}\n${kind}`)) continue
    const outboxId = crypto.randomUUID()
    const email = await reminderEmail(env, told, row, { hours, sequence: row.ics_sequence })
    const [inserted] = await db.batch([
      // The registration must still be confirmed for the session as told when this runs.
      db
        .prepare(
          `INSERT INTO journey_reminders (registration_id, kind, email_norm, outbox_id, sent_at)
           SELECT id, ?2, email_norm, ?3, ?4 FROM registrations
            WHERE id = ?1 AND status = 'confirmed' AND session_snapshot = ?5
           ON CONFLICT (registration_id, kind) DO NOTHING`,
        )
        .bind(row.id, kind, outboxId, Date.now(), row.session_snapshot),
      outboxInsertIf(
        db,
        outboxId,
        email,
        Date.now(),
        'SELECT 1 FROM journey_reminders WHERE registration_id = ? AND kind = ? AND outbox_id = ?',
        [row.id, kind, outboxId],
      ),
    ])
    if ((inserted?.meta.changes ?? 0) === 0) continue
    count++
    await notifyMailQueue(env, [outboxId])
  }
  return count
}
