// The signed links the after-registration emails carry (bookings, certificate, feedback); here
// beside the registrant emails, which journey and signups both send, rather than in either.
// Each purpose is its own signature (worker/lib/signed-links.ts), so a certificate link can
// never open someone's bookings.
import { signedUrl } from '../lib/signed-links'
import { normaliseEmail } from '../lib/email-norm'

const DAY = 86_400_000
/** A bookings link lists every registration of the address, so it lasts a season, not a year. */
const BOOKINGS_LINK_DAYS = 90
/** Certificates are evidence people file away; the link works for as long as we keep them. */
const CERTIFICATE_LINK_DAYS = 400
const FEEDBACK_LINK_DAYS = 60

export function bookingsUrl(env: Env, email: string, now: number = Date.now()) {
  return signedUrl(env, '/my-bookings', {
    purpose: 'bookings',
    subject: normaliseEmail(email),
    expiresAt: now + BOOKINGS_LINK_DAYS * DAY,
  })
}

export function certificateUrl(
  env: Env,
  certificateId: string,
  format: 'html' | 'pdf',
  now: number = Date.now(),
) {
  return signedUrl(env, format === 'pdf' ? '/certificates/pdf' : '/certificates/view', {
    purpose: 'certificate',
    subject: certificateId,
    expiresAt: now + CERTIFICATE_LINK_DAYS * DAY,
  })
}

export function feedbackUrl(env: Env, registrationId: string, now: number = Date.now()) {
  return signedUrl(env, '/feedback', {
    purpose: 'feedback',
    subject: registrationId,
    expiresAt: now + FEEDBACK_LINK_DAYS * DAY,
  })
}
