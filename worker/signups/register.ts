// The registration use case shared by the HTML form and the partner API: checks the session
// against the course (content store, through a few seconds' per-isolate cache), writes the
// registration, its email (rendered later by the mail consumer) and, for the API, the
// Idempotency-Key and its answer in one D1 batch, and answers what happened in terms a page or a
// JSON body can show.
import { pagePath } from '../../schemas/content-types'
import { notifyMailQueue } from '../mail/message'
import { consentFor } from './consent'
import { registrationState, type RuleSession } from '../content/registration-rule'
import { courseForSignup } from './content'
import { normaliseEmail } from '../lib/email-norm'
import {
  claimStatements,
  holdsClaim,
  readStoredClaim,
  storedClaim,
  type Claim,
  type StoredClaim,
} from './idempotency'
import { requestRebuild } from './rebuild'
import { insertRegistration, registrationAnswerStatement } from './registrations'
import type { RegistrationInput } from './schemas'
import type { SessionSnapshot } from '../mail/contracts'
import { snapshotOf } from './snapshot'

export type RegisterOutcome =
  | { kind: 'not-found' }
  | { kind: 'refused'; code: RefusalCode; message: string; session: SessionSnapshot }
  | { kind: 'registered'; id: string; status: 'confirmed' | 'waitlisted'; session: SessionSnapshot }
  | { kind: 'duplicate'; session: SessionSnapshot }

export type RefusalCode = 'registration_not_open' | 'registration_closed' | 'session_cancelled'

const REFUSALS: Record<RefusalCode, string> = {
  registration_not_open:
    'Registration for this session has not opened yet. Please come back when it opens.',
  registration_closed: 'Registration for this session has closed.',
  session_cancelled:
    'This session has been cancelled or postponed, so it is not taking registrations.',
}

/**
 * Why a registration for this session is refused now, or null when it is taken (as a place or
 * on the waiting list: the INSERT decides which). The same rule the course page shows.
 */
export function registrationRefusal(session: RuleSession, now: number): RefusalCode | null {
  switch (registrationState(session, now)) {
    case 'open':
    case 'waitlist':
      return null
    case 'not-open-yet':
      return 'registration_not_open'
    case 'cancelled':
      return 'session_cancelled'
    case 'closed':
      return 'registration_closed'
  }
}

/** Seats-left thresholds that change what the course page shows ("last 10 places", "full"). */
const SEAT_THRESHOLDS = [10, 0]

/** The answers a partner API request can get once written, as stored under its key. */
export type WrittenAnswers = Record<
  'confirmed' | 'waitlisted' | 'duplicate',
  { status: number; body: string }
>

export type RegisterOptions = {
  /** The new registration's id (the API answers with it); a fresh UUID by default. */
  id?: string
  /** Partner API: take the Idempotency-Key and store the answer in the signup's own batch. */
  idempotency?: { claim: Claim; answers: WrittenAnswers }
  /**
   * Runs follow-up work (the mail queue hand-off, a page rebuild request) after the answer, e.g.
   * ExecutionContext.waitUntil. Safe to defer: both are committed in D1 already and neither can
   * fail the signup (a lost queue message is delivered by the cron flush or the reconcile).
   */
  defer?: (work: Promise<unknown>) => void
}

export async function register(
  env: Env,
  courseSlug: string,
  sessionKey: string,
  input: RegistrationInput,
  source: 'form' | 'api',
  options: RegisterOptions = {},
): Promise<RegisterOutcome | { kind: 'key-taken'; stored: StoredClaim | undefined }> {
  const course = await courseForSignup(env, courseSlug)
  const session = course?.sessions.find((s) => s._key === sessionKey)
  if (!course || !session) return { kind: 'not-found' }
  const snapshot = snapshotOf(course, session)
  const code = registrationRefusal(session, Date.now())
  if (code) return { kind: 'refused', code, message: REFUSALS[code], session: snapshot }
  // No capacity: unlimited places (the INSERT then confirms everyone).
  const capacity = session.capacity ?? null
  const consent = consentFor('registration', input.consentVersion)
  const id = options.id ?? crypto.randomUUID()
  const row = {
    id,
    course_id: course._id,
    course_slug: course.slug,
    session_key: sessionKey,
    name: input.name,
    email: input.email,
    email_norm: normaliseEmail(input.email),
    organisation: input.organisation,
    role: input.role,
    access_needs: input.accessNeeds,
    session_snapshot: JSON.stringify(snapshot),
    consent_text: consent.text,
    consent_version: consent.version,
    source,
  }
  const outboxId = crypto.randomUUID()
  const idem = options.idempotency
  // One batch: the key (if any), the registration, its email and the stored answer commit
  // together or not at all. The email is rendered later by the mail consumer.
  const { write, extra } = await insertRegistration(
    env.DB,
    row,
    capacity,
    outboxId,
    Date.now(),
    idem
      ? {
          before: claimStatements(env.DB, idem.claim),
          guard: holdsClaim(idem.claim),
          extra: [
            registrationAnswerStatement(env.DB, row, idem.claim, idem.answers),
            storedClaim(env.DB, idem.claim),
          ],
        }
      : {},
  )
  if (idem) {
    const stored = readStoredClaim(extra[1])
    if (stored?.claim !== idem.claim.nonce) return { kind: 'key-taken', stored }
  }
  const after = async () => {
    await notifyMailQueue(env, [outboxId])
    if (write.kind === 'registered' && write.seatNo !== null && capacity !== null) {
      if (SEAT_THRESHOLDS.includes(capacity - write.seatNo)) {
        await requestRebuild(env, [pagePath('course', course.slug)], 'seats-left threshold')
      }
    }
  }
  if (options.defer) options.defer(after())
  else await after()
  if (write.kind === 'duplicate') return { kind: 'duplicate', session: snapshot }
  return { kind: 'registered', id, status: write.status, session: snapshot }
}
