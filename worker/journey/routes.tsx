// Public pages after registration: the "my bookings" list, the certificate (HTML and PDF), the
// public certificate check, and the feedback form. All server-rendered, no JavaScript; every
// page that shows a person's data needs a signed link and is never cached or indexed.
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../app-env'
import { verifyLink, type LinkPurpose } from '../lib/signed-links'
import { formPost, one } from '../signups/form-post'
import { NO_STORE } from '../lib/http'
import { COMMON_PAGES, linkAction, message, signupPage } from '../ui/page'
import { findRegistration } from '../signups/registrations'
import { parseSnapshot } from '../mail/contracts'
import { describeWhen, sessionLabel } from '../mail/session-text'
import { bookingsFor } from './bookings'
import { certificateFacts } from './certificate-facts'
import { certificateByCode, certificateById, normaliseCode } from './certificates'
import { feedbackInput, findFeedback, saveFeedback } from './feedback'
import { certificatePdf } from './pdf'
import {
  BookingList,
  CertificateBody,
  CodeFact,
  feedbackPage,
  CertificateSessionFacts,
  verifyForm,
} from './views'

async function subjectOf(
  c: Context<AppEnv>,
  purpose: LinkPurpose,
  token: string,
): Promise<{ ok: true; subject: string } | { ok: false; response: Promise<Response> }> {
  const result = await verifyLink(c.env.LINK_SECRET, token, purpose)
  if (result.ok) return { ok: true, subject: result.claims.subject }
  const paragraphs =
    result.reason === 'expired'
      ? ['This link has expired. Please use the most recent email we sent you.']
      : [...COMMON_PAGES.badLink[1]]
  return { ok: false, response: message(c, COMMON_PAGES.badLink[0], paragraphs, 400) }
}

/**
 * The certificate or registration a signed link names, or the page that says why it cannot be
 * shown: a bad or expired link, or a record erased since the email went out.
 */
async function linkedRecord<T>(
  c: Context<AppEnv>,
  purpose: LinkPurpose,
  token: string,
  find: (db: D1Database, id: string) => Promise<T | null>,
  what: 'certificate' | 'registration',
): Promise<{ ok: true; record: T } | { ok: false; response: Promise<Response> }> {
  const t = await subjectOf(c, purpose, token)
  if (!t.ok) return t
  const record = await find(c.env.DB, t.subject)
  if (record !== null) return { ok: true, record }
  const title = what === 'certificate' ? 'Certificate not found' : 'Registration not found'
  const text = `We could not find this ${what}. It may have been erased.`
  return { ok: false, response: message(c, title, [text], 404) }
}

/** The certificate a certificate link names (its HTML and PDF views take the same links). */
const linkedCertificate = (c: Context<AppEnv>, token: string) =>
  linkedRecord(c, 'certificate', token, certificateById, 'certificate')

/** The registration a feedback link names (the form and its POST take the same links). */
const feedbackRegistration = (c: Context<AppEnv>, token: string) =>
  linkedRecord(c, 'feedback', token, findRegistration, 'registration')

export const journeyRoutes = new Hono<AppEnv>()
  .get('/my-bookings', async (c) => {
    const t = await subjectOf(c, 'bookings', c.req.query('token') ?? '')
    if (!t.ok) return t.response
    const bookings = await bookingsFor(c.env.DB, t.subject)
    return signupPage(c, {
      title: 'Your bookings',
      children: (
        <>
          <h1>Your bookings</h1>
          <p>Everything booked with the email address this link was sent to.</p>
          <BookingList
            env={c.env}
            heading="Upcoming"
            items={bookings.upcoming}
            empty="You have no upcoming sessions."
          />
          <BookingList
            env={c.env}
            heading="Waiting list"
            items={bookings.waiting}
            empty="You are not on any waiting list."
          />
          <BookingList
            env={c.env}
            heading="Past sessions"
            items={bookings.past}
            empty="No past sessions yet."
          />
          <p>
            <a href="/courses">Find a course</a> · <a href="/privacy">Your data</a>
          </p>
        </>
      ),
    })
  })
  .get('/certificates/view', async (c) => {
    const token = c.req.query('token') ?? ''
    const found = await linkedCertificate(c, token)
    if (!found.ok) return found.response
    const row = found.record
    const pdf = new URL('/certificates/pdf', c.req.url)
    pdf.searchParams.set('token', token)
    return signupPage(c, {
      title: `Certificate of attendance: ${row.course_title}`,
      children: (
        <CertificateBody
          facts={certificateFacts(c.env, row)}
          pdfHref={`${pdf.pathname}${pdf.search}`}
        />
      ),
    })
  })
  .get('/certificates/pdf', async (c) => {
    const found = await linkedCertificate(c, c.req.query('token') ?? '')
    if (!found.ok) return found.response
    const row = found.record
    const bytes = certificatePdf(certificateFacts(c.env, row))
    return new Response(bytes, {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="certificate-${row.code}.pdf"`,
        'Cache-Control': NO_STORE,
        'X-Robots-Tag': 'noindex',
      },
    })
  })
  .get('/certificates/verify', async (c) => {
    const typed = c.req.query('code')
    if (typed === undefined || typed.trim() === '') {
      return typed === undefined
        ? verifyForm(c, {})
        : verifyForm(c, { code: '', error: 'Enter the verification code', status: 400 })
    }
    const code = normaliseCode(typed.slice(0, 64))
    if (!code)
      return verifyForm(c, {
        code: typed.slice(0, 64),
        error: 'Enter the code as printed: 16 letters and digits, like 7KD2-M9QX-4TZB-H1CE',
        status: 400,
      })
    const row = await certificateByCode(c.env.DB, code)
    if (!row)
      return message(
        c,
        'No certificate with this code',
        [
          `We have not issued a certificate with the code ${code}. Check the code and try again.`,
          <a href="/certificates/verify">Check another code</a>,
        ],
        404,
      )
    const f = certificateFacts(c.env, row)
    // The name, course and date are what a certificate shows anyway; the email never appears.
    return signupPage(c, {
      title: f.withdrawn ? 'Certificate withdrawn' : 'Certificate confirmed',
      children: (
        <>
          <h1>{f.withdrawn ? 'Certificate withdrawn' : 'Certificate confirmed'}</h1>
          <p>
            {f.withdrawn
              ? `We issued this certificate, but withdrew it on ${f.withdrawnOn ?? ''}. It is not valid.`
              : 'This is a genuine certificate of attendance that we issued.'}
          </p>
          <dl class="certificate__facts">
            <dt>Name</dt>
            <dd>{f.name}</dd>
            <dt>Course</dt>
            <dd>{f.courseTitle}</dd>
            <CertificateSessionFacts facts={f} />
            <CodeFact facts={f} />
          </dl>
          <p>
            <a href="/certificates/verify">Check another code</a>
          </p>
        </>
      ),
    })
  })
  .get('/feedback', async (c) => {
    const token = c.req.query('token') ?? ''
    const found = await feedbackRegistration(c, token)
    if (!found.ok) return found.response
    const reg = found.record
    const existing = await findFeedback(c.env.DB, reg.id)
    return feedbackPage(c, {
      token,
      label: sessionLabelOf(reg.session_snapshot),
      values: {
        rating: existing ? String(existing.rating) : '',
        mostUseful: existing?.most_useful ?? '',
        improve: existing?.improve ?? '',
      },
      already: existing !== null,
    })
  })
  .post('/feedback', (c) =>
    linkAction(c, async () => {
      const post = await formPost(c, 'feedback', { turnstile: false })
      if (!post.ok) return post.response
      const token = one(post.values, 'token')
      const found = await feedbackRegistration(c, token)
      if (!found.ok) return found.response
      const reg = found.record
      const values = {
        rating: one(post.values, 'rating'),
        mostUseful: one(post.values, 'mostUseful'),
        improve: one(post.values, 'improve'),
      }
      const parsed = feedbackInput.safeParse(values)
      if (!parsed.success) {
        const errors: Record<string, string> = {}
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0] ?? 'rating')
          errors[key] ??= issue.message
        }
        return feedbackPage(c, {
          token,
          label: sessionLabelOf(reg.session_snapshot),
          values,
          errors,
          already: false,
        })
      }
      const outcome = await saveFeedback(c.env.DB, reg.id, parsed.data)
      return message(c, 'Thank you for your feedback', [
        outcome === 'updated'
          ? 'We have replaced your earlier answers with these.'
          : 'Your answers are saved. They help us shape the next sessions.',
      ])
    }),
  )

function sessionLabelOf(snapshotJson: string): string {
  const s = parseSnapshot(snapshotJson)
  return `${sessionLabel(s)}: ${describeWhen(s)}`
}
