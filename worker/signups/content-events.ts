// Reacts to published content changes (called by the rebuild consumer after the page rebuild):
// a new course sends topic alerts; an edited course tells every active registrant about a
// changed, postponed, cancelled or reinstated session, with an updated .ics (SEQUENCE + 1).
// Idempotent: the registrant's stored snapshot is the guard, so a retried webhook sends nothing.
import { notifyMailQueue } from '../mail/message'
import type { ContentChange } from '../queues/rebuild-messages'
import { sendNewCourseAlerts } from './alerts'
import { courseById, forgetSignupCourses, type SignupCourse } from './content'
import { parseSnapshot, type RegistrantEmailKind, type SessionSnapshot } from '../mail/contracts'
import { registrantEmail } from '../mail/registrant-emails'
import { activeRegistrations, changeRegistration, type RegistrationRow } from './registrations'
import { snapshotChange, snapshotOf } from './snapshot'
import { offerFreedSeats } from './waitlist'

export async function handleContentChange(env: Env, change: ContentChange): Promise<void> {
  if (change.type !== 'course') return
  // This isolate applies the change to signups at once; others within SIGNUP_COURSE_TTL_MS.
  forgetSignupCourses()
  if (change.operation === 'delete') return
  // An edit concerns only the people registered: for a course with none (most of a bulk import)
  // it costs one D1 read, not a content fetch.
  const rows = await activeRegistrations(env.DB, change.id)
  if (change.operation === 'update' && rows.length === 0) return
  const course = await courseById(env, change.id)
  if (!course) return
  if (change.operation === 'create') await sendNewCourseAlerts(env, course)
  await syncRegistrants(env, course, rows)
}

function currentSnapshot(course: SignupCourse, told: SessionSnapshot): SessionSnapshot {
  const session = course.sessions.find((s) => s._key === told.sessionKey)
  // A session deleted from the course is, for the people registered, a cancelled session.
  return session ? snapshotOf(course, session) : { ...told, status: 'cancelled' }
}

function emailKind(
  change: ReturnType<typeof snapshotChange>,
  row: RegistrationRow,
): RegistrantEmailKind | null {
  switch (change) {
    case 'none':
      return null
    case 'cancelled':
      return 'session-cancelled'
    case 'postponed':
      return 'session-postponed'
    case 'reinstated':
      return row.status === 'confirmed' ? 'reinstated' : 'rescheduled'
    case 'rescheduled':
      return 'rescheduled'
  }
}

/** Brings every active registration's snapshot up to date, emailing those whose session changed. */
async function syncRegistrants(
  env: Env,
  course: SignupCourse,
  rows: RegistrationRow[],
): Promise<number> {
  const sessionsWithWaitlist = new Set<string>()
  let emailed = 0
  for (const row of rows) {
    if (row.status === 'waitlisted') sessionsWithWaitlist.add(row.session_key)
    const told = parseSnapshot(row.session_snapshot)
    const now = currentSnapshot(course, told)
    const nowJson = JSON.stringify(now)
    if (nowJson === row.session_snapshot) continue
    const kind = emailKind(snapshotChange(told, now), row)
    const sequence = kind ? row.ics_sequence + 1 : row.ics_sequence
    const email = kind
      ? {
          ...(await registrantEmail(
            env,
            kind,
            now,
            {
              id: row.id,
              name: row.name,
              email: row.email,
              wasConfirmed: row.status === 'confirmed',
            },
            { sequence, offerExpiresAt: row.offer_expires_at ?? undefined },
          )),
          outboxId: crypto.randomUUID(),
        }
      : null
    const applied = await changeRegistration(
      env.DB,
      {
        id: row.id,
        from: [row.status],
        set: 'session_snapshot = ?, ics_sequence = ?',
        setParams: [nowJson, sequence],
        where: { sql: 'AND session_snapshot = ?', params: [row.session_snapshot] },
      },
      email,
      Date.now(),
    )
    if (applied && email) {
      emailed++
      await notifyMailQueue(env, [email.outboxId])
    }
  }
  // A raised capacity frees seats for people already waiting.
  for (const key of sessionsWithWaitlist) await offerFreedSeats(env, course._id, key)
  return emailed
}
