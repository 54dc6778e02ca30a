// Cancellation, waiting-list offers, claims and lapsed offers. A freed seat goes to the oldest
// waitlisted person as a time-limited offer; the offer UPDATE re-checks capacity itself, so
// concurrent cancellations and claims can never overfill a session.
import { pagePath } from '../../schemas/content-types'
import { notifyMailQueue } from '../mail/message'
import { courseById, type SignupSession } from './content'
import { requestRebuild } from './rebuild'
import { parseSnapshot, type RegistrantEmailKind } from '../mail/contracts'
import { registrantEmail } from '../mail/registrant-emails'
import {
  changeRegistration,
  findRegistration,
  heldSeats,
  nextWaitlisted,
  seatFreeCondition,
  type RegistrationRow,
} from './registrations'

const OFFER_HOURS = 48
const MAX_OFFERS_PER_RUN = 25

/**
 * Applies a guarded change to `row` together with the email it owes the registrant (written to
 * the outbox in the same batch), and hands the email to the mail queue once the change applied.
 * False when the row no longer matched the change's guard: nothing changed and nothing is sent.
 */
async function changeWithEmail(
  env: Env,
  row: RegistrationRow,
  email: {
    kind: RegistrantEmailKind
    opts: { sequence: number; offerExpiresAt?: number }
    wasConfirmed?: boolean
  },
  change: Omit<Parameters<typeof changeRegistration>[1], 'id'>,
  now: number,
): Promise<boolean> {
  const who =
    email.wasConfirmed === undefined
      ? { id: row.id, name: row.name, email: row.email }
      : { id: row.id, name: row.name, email: row.email, wasConfirmed: email.wasConfirmed }
  const message = await registrantEmail(
    env,
    email.kind,
    parseSnapshot(row.session_snapshot),
    who,
    email.opts,
  )
  const outboxId = crypto.randomUUID()
  const applied = await changeRegistration(
    env.DB,
    { id: row.id, ...change },
    { ...message, outboxId },
    now,
  )
  if (applied) await notifyMailQueue(env, [outboxId])
  return applied
}

/** What a cancel link did: cancelled now, or found the registration already cancelled. */
export type CancelOutcome = 'cancelled' | 'already-cancelled'

// A row that changes state between our read and our guarded UPDATE (an offer made, a claim, a
// second click of the same link) makes the UPDATE match nothing; we read it again and act on
// what it is now. A few rounds are plenty: each one means another change really happened.
const CHANGE_ATTEMPTS = 3

/**
 * Cancels a place (any active state). A second request for the same registration, at the same
 * time or later, answers 'already-cancelled': the state the person asked for, never an error.
 */
export async function cancelRegistration(env: Env, first: RegistrationRow): Promise<CancelOutcome> {
  let row: RegistrationRow | null = first
  for (let attempt = 0; attempt < CHANGE_ATTEMPTS && row; attempt++) {
    if (row.status === 'cancelled') return 'already-cancelled'
    if (await cancelOnce(env, row)) return 'cancelled'
    row = await findRegistration(env.DB, row.id)
  }
  // Erased meanwhile, or still changing under us: either way there is no place left to cancel.
  return 'already-cancelled'
}

async function cancelOnce(env: Env, row: RegistrationRow): Promise<boolean> {
  const wasConfirmed = row.status === 'confirmed' || row.status === 'offered'
  const sequence = row.ics_sequence + 1
  const applied = await changeWithEmail(
    env,
    row,
    { kind: 'cancelled', opts: { sequence }, wasConfirmed: row.status === 'confirmed' },
    {
      from: [row.status],
      set: `status = 'cancelled', seat_no = NULL, offer_expires_at = NULL, ics_sequence = ?`,
      setParams: [sequence],
    },
    Date.now(),
  )
  if (!applied) return false
  // The cancellation has committed, so it is answered as done even if offering the freed seat
  // fails now; the seat is offered by the next cancellation, offer expiry or content change.
  if (wasConfirmed) {
    await offerFreedSeats(env, row.course_id, row.session_key).catch((err: unknown) => {
      console.error('waitlist: freed seat not offered yet', err instanceof Error ? err.name : '')
    })
  }
  return true
}

/** 'confirmed': this person holds the place, whether this request or an earlier one claimed it. */
export type ClaimOutcome = 'confirmed' | 'expired' | 'not-offered'

const claimAnswer = (row: RegistrationRow | null, now: number): ClaimOutcome => {
  if (row?.status === 'confirmed') return 'confirmed'
  if (row?.status !== 'offered') return 'not-offered'
  return (row.offer_expires_at ?? 0) <= now ? 'expired' : 'not-offered'
}

export async function claimOffer(env: Env, id: string): Promise<ClaimOutcome> {
  const row = await findRegistration(env.DB, id)
  const now = Date.now()
  if (!row || row.status !== 'offered' || (row.offer_expires_at ?? 0) <= now)
    return claimAnswer(row, now)
  const sequence = row.ics_sequence + 1
  const applied = await changeWithEmail(
    env,
    row,
    { kind: 'confirmed', opts: { sequence } },
    {
      from: ['offered'],
      set: `status = 'confirmed', offer_expires_at = NULL, ics_sequence = ?`,
      setParams: [sequence],
      where: { sql: 'AND offer_expires_at > ?', params: [now] },
    },
    now,
  )
  // Nothing changed: a simultaneous click of the same link may have claimed the place already.
  if (!applied) return claimAnswer(await findRegistration(env.DB, id), now)
  return 'confirmed'
}

function offerDeadline(session: SignupSession | undefined, now: number): number | null {
  if (!session || session.status !== 'scheduled') return null
  const start = Date.parse(session.start)
  if (start <= now) return null
  return Math.min(now + OFFER_HOURS * 3_600_000, start)
}

/**
 * Offers free seats of a session to the waiting list, oldest first, within capacity. A session
 * whose capacity was removed (unlimited places) offers a place to everyone still waiting.
 */
export async function offerFreedSeats(
  env: Env,
  courseId: string,
  sessionKey: string,
): Promise<number> {
  const course = await courseById(env, courseId)
  const session = course?.sessions.find((s) => s._key === sessionKey)
  const now = Date.now()
  const deadline = offerDeadline(session, now)
  if (!course || !session || deadline === null) return 0
  const capacity = session.capacity ?? null
  const before = await heldSeats(env.DB, courseId, sessionKey)
  let offered = 0
  for (let i = 0; i < MAX_OFFERS_PER_RUN; i++) {
    const next = await nextWaitlisted(env.DB, courseId, sessionKey)
    if (!next) break
    const applied = await changeWithEmail(
      env,
      next,
      { kind: 'offered', opts: { sequence: next.ics_sequence, offerExpiresAt: deadline } },
      {
        from: ['waitlisted'],
        set: `status = 'offered', offer_expires_at = ?`,
        setParams: [deadline],
        where: capacity === null ? undefined : seatFreeCondition(courseId, sessionKey, capacity),
      },
      now,
    )
    if (applied) {
      offered++
      continue
    }
    // Either the session filled up meanwhile or someone else changed this row: re-check.
    if (capacity !== null && (await heldSeats(env.DB, courseId, sessionKey)) >= capacity) break
  }
  if (capacity === null) return offered
  const after = await heldSeats(env.DB, courseId, sessionKey)
  const left = (held: number) => capacity - held
  if (left(before) <= 10 !== left(after) <= 10 || (left(before) === 0) !== (left(after) === 0)) {
    await requestRebuild(env, [pagePath('course', course.slug)], 'seats-left threshold')
  }
  return offered
}

/** Cron: offers whose 48 hours ran out are withdrawn and passed to the next person. */
export async function expireOffers(env: Env, now: number = Date.now()): Promise<number> {
  const { results } = await env.DB.prepare(
    `SELECT * FROM registrations WHERE status = 'offered' AND offer_expires_at <= ? LIMIT 100`,
  )
    .bind(now)
    .all<RegistrationRow>()
  const sessions = new Set<string>()
  let expired = 0
  for (const row of results) {
    const applied = await changeWithEmail(
      env,
      row,
      { kind: 'offer-expired', opts: { sequence: row.ics_sequence } },
      {
        from: ['offered'],
        set: `status = 'cancelled', offer_expires_at = NULL`,
        where: { sql: 'AND offer_expires_at <= ?', params: [now] },
      },
      now,
    )
    if (!applied) continue
    expired++
    sessions.add(JSON.stringify([row.course_id, row.session_key]))
  }
  for (const key of sessions) {
    const [courseId, sessionKey] = JSON.parse(key) as [string, string]
    await offerFreedSeats(env, courseId, sessionKey)
  }
  return expired
}
