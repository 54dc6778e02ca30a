// Staff routes after registration, added to the staff API (worker/admin) by the entry point
// (worker/index.ts) so the staff API never imports journey: attendance from a webinar tool's CSV
// (preview, then apply), per-session feedback (JSON and CSV), and withdrawing a certificate
// issued by mistake. Same authentication, audit trail and error shape as the rest of /admin; the
// audit log gets ids only. Typed with the plain AppEnv: the staff middleware's `staff` and
// `audit` variables are declared on Hono's shared variable map (worker/admin/env.ts).
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import type { AppEnv } from '../app-env'
import { csvFileName, csvResponse, toCsv } from '../lib/csv'
import { apiError, zodFields } from '../admin/errors'
import { idParam } from '../lib/route-params'
import { applyAttendance, planAttendance, readAttendeeFile, sessionPeople } from './attendance'
import { issueCertificates, normaliseCode, withdrawCertificate } from './certificates'
import { sessionFeedback } from './feedback'
import { sendReminders } from './reminders'

/** An attendee export is a few hundred KB at most; anything larger is the wrong file. */
export const ATTENDANCE_MAX_BYTES = 1024 * 1024

const sessionParams = z.object({ courseId: idParam, sessionKey: idParam })
const withdrawBody = z.object({
  reason: z.string().trim().min(1, 'Say why the certificate is withdrawn').max(500),
})

function sessionOf(c: Context<AppEnv>, action: string) {
  const params = sessionParams.safeParse(c.req.param())
  if (!params.success) {
    return apiError(
      c,
      400,
      'invalid_request',
      'Check the course id and session key.',
      zodFields(params.error),
    )
  }
  c.set('audit', { action, target: `${params.data.courseId}/${params.data.sessionKey}` })
  return params.data
}

const tooLarge = bodyLimit({
  maxSize: ATTENDANCE_MAX_BYTES,
  onError: (c) =>
    apiError(
      c,
      413,
      'too_large',
      `The file is larger than ${ATTENDANCE_MAX_BYTES / 1024 / 1024} MB. Upload only the attendee list (one row per attendee, with an email column).`,
    ),
})

async function attendance(c: Context<AppEnv>, apply: boolean) {
  const session = sessionOf(c, apply ? 'session.attendance-apply' : 'session.attendance-preview')
  if (session instanceof Response) return session
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  if (!/^(text\/csv|text\/plain|application\/csv)\b/.test(type)) {
    return apiError(
      c,
      415,
      'unsupported_media_type',
      'Send the CSV file itself as the request body, with Content-Type: text/csv.',
    )
  }
  const file = readAttendeeFile(await c.req.text())
  if (!file.ok) return apiError(c, 400, file.code, file.message)
  const people = await sessionPeople(c.env.DB, session.courseId, session.sessionKey)
  if (people.length === 0) {
    return apiError(
      c,
      404,
      'not_found',
      `Nobody is registered for session "${session.sessionKey}" of course "${session.courseId}".`,
    )
  }
  const plan = planAttendance(file, people)
  c.header('Cache-Control', 'private, no-store')
  if (!apply) return c.json({ dryRun: true, ...plan })
  if (plan.unmatched.length > 0 && c.req.query('skipUnmatched') !== 'true') {
    c.header('Cache-Control', 'private, no-store')
    return c.json(
      {
        error: {
          code: 'unmatched_rows',
          message: `${plan.unmatched.length} row(s) match no confirmed registration, so nothing was checked in. Correct the file, or apply with ?skipUnmatched=true to check in only the matched rows.`,
        },
        ...plan,
      },
      422,
    )
  }
  const checkedIn = await applyAttendance(
    c.env.DB,
    plan.checkIn.map((p) => p.registrationId),
    c.get('staff').actor,
    new Date(),
  )
  return c.json({ dryRun: false, checkedIn, ...plan })
}

// Running the jobs "as if it were" another time is for trying the journey on this machine only:
// elsewhere it would send reminders early or certificates before a session ends.
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
const simulatedTimeAllowed = (env: Env) => {
  try {
    return env.EMAIL_TRANSPORT === 'dev-mailbox' && LOCAL_HOSTS.has(new URL(env.SITE_URL).hostname)
  } catch {
    return false
  }
}

export const journeyAdminRoutes = new Hono<AppEnv>()
  .post('/journey/run', async (c) => {
    c.set('audit', { action: 'journey.run' })
    const at = c.req.query('at')
    let now = Date.now()
    if (at !== undefined) {
      if (!simulatedTimeAllowed(c.env))
        return apiError(
          c,
          403,
          'forbidden',
          'Running at another time works only locally, with the dev mailbox.',
        )
      now = Date.parse(at)
      if (Number.isNaN(now))
        return apiError(c, 400, 'invalid_request', 'Give at= as an ISO 8601 date and time.')
    }
    const reminders = await sendReminders(c.env, now)
    const certificates = await issueCertificates(c.env, now)
    c.header('Cache-Control', 'private, no-store')
    return c.json({ at: new Date(now).toISOString(), reminders, certificates })
  })
  .post('/sessions/:courseId/:sessionKey/attendance/preview', tooLarge, (c) => attendance(c, false))
  .post('/sessions/:courseId/:sessionKey/attendance/apply', tooLarge, (c) => attendance(c, true))
  .get('/sessions/:courseId/:sessionKey/feedback.csv', async (c) => {
    const session = sessionOf(c, 'session.feedback-export')
    if (session instanceof Response) return session
    const results = await sessionFeedback(c.env.DB, session.courseId, session.sessionKey)
    const csv = toCsv(
      ['rating', 'most_useful', 'improve', 'submitted_at'],
      results.answers.map((a) => [a.rating, a.mostUseful, a.improve, a.submittedAt]),
    )
    return csvResponse(csv, csvFileName(session.courseId, session.sessionKey, 'feedback'))
  })
  .get('/sessions/:courseId/:sessionKey/feedback', async (c) => {
    const session = sessionOf(c, 'session.feedback')
    if (session instanceof Response) return session
    const results = await sessionFeedback(c.env.DB, session.courseId, session.sessionKey)
    c.header('Cache-Control', 'private, no-store')
    return c.json({ course: session.courseId, session: session.sessionKey, ...results })
  })
  .post('/certificates/:code/withdraw', async (c) => {
    const code = normaliseCode(c.req.param('code'))
    if (!code) {
      return apiError(
        c,
        400,
        'invalid_request',
        'Use the verification code printed on the certificate, like 7KD2-M9QX-4TZB-H1CE.',
      )
    }
    c.set('audit', { action: 'certificate.withdraw', target: code })
    let json: unknown
    try {
      json = await c.req.json()
    } catch {
      return apiError(c, 400, 'invalid_json', 'Send a JSON body: {"reason": "..."}.')
    }
    const body = withdrawBody.safeParse(json)
    if (!body.success) {
      return apiError(
        c,
        400,
        'invalid_request',
        'Say why the certificate is withdrawn.',
        zodFields(body.error),
      )
    }
    const row = await withdrawCertificate(c.env.DB, code, body.data.reason)
    if (!row) return apiError(c, 404, 'not_found', `No certificate with the code ${code}.`)
    c.header('Cache-Control', 'private, no-store')
    return c.json({
      certificate: {
        code: row.code,
        registrationId: row.registration_id,
        withdrawnAt: row.withdrawn_at === null ? null : new Date(row.withdrawn_at).toISOString(),
        reason: row.withdrawn_reason,
      },
    })
  })
