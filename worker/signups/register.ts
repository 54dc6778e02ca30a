// The registration use case shared by the HTML form and the partner API: checks the session in
// the content store, writes the registration and its email in one batch, and answers what
// happened in terms a page or a JSON body can show.
import { notifyMailQueue, outboxInsert } from '../mail/message'
import { consentFor } from './consent'
import { courseBySlug, sessionAvailability } from './content'
import { normaliseEmail } from './email-norm'
import { requestRebuild } from './rebuild'
import { registrantEmail, type RegistrantEmailKind } from './registration-emails'
import {
  findRegistrationByEmail,
  insertRegistration,
  registrationOutlook,
  type SeatOutcome,
} from './registrations'
import type { RegistrationInput } from './schemas'
import { parseSnapshot, snapshotOf, type SessionSnapshot } from './snapshot'

export type RegisterOutcome =
  | { kind: 'not-found' }
  | { kind: 'refused'; code: RefusalCode; message: string; session: SessionSnapshot }
  | { kind: 'registered'; id: string; status: 'confirmed' | 'waitlisted'; session: SessionSnapshot }
  | { kind: 'duplicate'; status: string; session: SessionSnapshot }

export type RefusalCode = 'registration_not_open' | 'registration_closed' | 'session_cancelled'

export const REFUSALS: Record<RefusalCode, string> = {
  registration_not_open:
    'Registration for this session has not opened yet. Please come back when it opens.',
  registration_closed: 'Registration for this session has closed.',
  session_cancelled:
    'This session has been cancelled or postponed, so it is not taking registrations.',
}

/** Seats-left thresholds that change what the course page shows ("last 10 places", "full"). */
const SEAT_THRESHOLDS = [10, 0]

export async function register(
  env: Env,
  courseSlug: string,
  sessionKey: string,
  input: RegistrationInput,
  source: 'form' | 'api',
): Promise<RegisterOutcome> {
  const course = await courseBySlug(env, courseSlug)
  const session = course?.sessions.find((s) => s._key === sessionKey)
  if (!course || !session) return { kind: 'not-found' }
  const snapshot = snapshotOf(course, session)
  const availability = sessionAvailability(session)
  if (availability !== 'open') {
    const code: RefusalCode =
      availability === 'not-open-yet'
        ? 'registration_not_open'
        : availability === 'cancelled'
          ? 'session_cancelled'
          : 'registration_closed'
    return { kind: 'refused', code, message: REFUSALS[code], session: snapshot }
  }
  const capacity = session.capacity ?? 0
  const emailNorm = normaliseEmail(input.email)
  const now = Date.now()
  const { existing, outlook } = await registrationOutlook(
    env.DB,
    course._id,
    sessionKey,
    emailNorm,
    capacity,
  )
  if (existing && existing.status !== 'cancelled') {
    await resendDetails(env, existing.id, existing.status, existing)
    return { kind: 'duplicate', status: existing.status, session: snapshot }
  }
  const consent = consentFor('registration', input.consentVersion)
  const id = crypto.randomUUID()
  const sequence = existing ? existing.ics_sequence + 1 : 0
  const who = { id, name: input.name, email: input.email }
  const email = async (status: SeatOutcome) => ({
    ...(await registrantEmail(env, status, snapshot, who, { sequence })),
    outboxId: crypto.randomUUID(),
  })
  const row = {
    id,
    course_id: course._id,
    course_slug: course.slug,
    session_key: sessionKey,
    name: input.name,
    email: input.email,
    email_norm: emailNorm,
    organisation: input.organisation,
    role: input.role,
    access_needs: input.accessNeeds,
    session_snapshot: JSON.stringify(snapshot),
    ics_sequence: sequence,
    consent_text: consent.text,
    consent_version: consent.version,
    source,
  }
  // Only the email the outlook predicts is rendered; the batch writes nothing if the seats
  // changed meanwhile, and then both are offered so that the batch itself decides.
  let result = await insertRegistration(
    env.DB,
    row,
    capacity,
    { [outlook]: await email(outlook) },
    now,
  )
  if (result === 'changed') {
    const [confirmed, waitlisted] = await Promise.all([email('confirmed'), email('waitlisted')])
    result = await insertRegistration(env.DB, row, capacity, { confirmed, waitlisted }, now)
  }
  if (result === null || result === 'changed') {
    // Lost a race with another submission for the same person: answer as a duplicate.
    const winner = await findRegistrationByEmail(env.DB, course._id, sessionKey, emailNorm)
    if (winner) await resendDetails(env, winner.id, winner.status, winner)
    return { kind: 'duplicate', status: winner?.status ?? 'confirmed', session: snapshot }
  }
  await notifyMailQueue(env, [result.outboxId])
  if (result.seatNo !== null && SEAT_THRESHOLDS.includes(capacity - result.seatNo)) {
    await requestRebuild(env, [`/courses/${course.slug}`], 'seats-left threshold')
  }
  return { kind: 'registered', id, status: result.status, session: snapshot }
}

async function resendDetails(
  env: Env,
  id: string,
  status: string,
  row: {
    name: string
    email: string
    session_snapshot: string
    ics_sequence: number
    offer_expires_at: number | null
  },
): Promise<void> {
  const kind: RegistrantEmailKind =
    status === 'confirmed'
      ? 'already-confirmed'
      : status === 'offered'
        ? 'already-offered'
        : 'already-waitlisted'
  const msg = await registrantEmail(
    env,
    kind,
    parseSnapshot(row.session_snapshot),
    { id, name: row.name, email: row.email },
    { sequence: row.ics_sequence, offerExpiresAt: row.offer_expires_at ?? undefined },
  )
  const outboxId = crypto.randomUUID()
  await outboxInsert(env.DB, outboxId, msg, Date.now()).run()
  await notifyMailQueue(env, [outboxId])
}
