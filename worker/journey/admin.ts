// Staff routes after registration, added to the staff API (worker/admin) by the entry point
// (worker/index.ts) so the staff API never imports journey: attendance from a webinar tool's CSV
// (preview, then apply), per-session feedback (JSON and CSV), and withdrawing a certificate
// issued by mistake. Same authentication, audit trail and error shape as the rest of /admin; the
// audit log gets ids only.
import { validator } from 'hono-openapi'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as z from 'zod'
import { csvFileName, csvResponse, toCsv } from '../lib/csv'
import type { StaffEnv } from '../admin/env'
import { validSession } from '../admin/sessions'
import { fail, invalidInput, parsableJson } from '../lib/http-errors'
import { applyAttendance, planAttendance, readAttendeeFile, sessionPeople } from './attendance'
import { issueCertificates, normaliseCode, withdrawCertificate } from './certificates'
import { sessionFeedback } from './feedback'
import { sendReminders } from './reminders'

/** An attendee export is a few hundred KB at most; anything larger is the wrong file. */
const ATTENDANCE_MAX_BYTES = 1024 * 1024

const CERTIFICATE_CODE =
  'Use the verification code printed on the certificate, like 7KD2-M9QX-4TZB-H1CE.'
const certificateParams = z.object({
  code: z.string().transform((raw, ctx) => {
    const code = normaliseCode(raw)
    if (code) return code
    ctx.addIssue({ code: 'custom', message: CERTIFICATE_CODE })
    return z.NEVER
  }),
})
const withdrawBody = z.object({
  reason: z.string().trim().min(1, 'Say why the certificate is withdrawn').max(500),
})

type SessionRef = { courseId: string; sessionKey: string }

/** Records the audit entry for a session route whose params are valid. */
function auditSession(c: Context<StaffEnv>, action: string, session: SessionRef): SessionRef {
  c.set('audit', { action, target: `${session.courseId}/${session.sessionKey}` })
  return session
}

const tooLarge = bodyLimit({
  maxSize: ATTENDANCE_MAX_BYTES,
  onError: () =>
    fail(
      413,
      'too_large',
      `The file is larger than ${ATTENDANCE_MAX_BYTES / 1024 / 1024} MB. Upload only the attendee list (one row per attendee, with an email column).`,
    ),
})

async function attendance(c: Context<StaffEnv>, apply: boolean, params: SessionRef) {
  const session = auditSession(
    c,
    apply ? 'session.attendance-apply' : 'session.attendance-preview',
    params,
  )
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  if (!/^(text\/csv|text\/plain|application\/csv)\b/.test(type)) {
    fail(
      415,
      'unsupported_media_type',
      'Send the CSV file itself as the request body, with Content-Type: text/csv.',
    )
  }
  const file = readAttendeeFile(await c.req.text())
  if (!file.ok) fail(400, file.code, file.message)
  const people = await sessionPeople(c.env.DB, session.courseId, session.sessionKey)
  if (people.length === 0) {
    fail(
      404,
      'not_found',
      `Nobody is registered for session "${session.sessionKey}" of course "${session.courseId}".`,
    )
  }
  const plan = planAttendance(file, people)
  c.header('Cache-Control', 'private, no-store')
  if (!apply) return c.json({ dryRun: true, ...plan })
  if (plan.unmatched.length > 0 && c.req.query('skipUnmatched') !== 'true') {
    // A refusal that carries the plan, so staff can see which rows to correct: an answer with
    // the error envelope plus data, not a thrown error.
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

export const journeyAdminRoutes = new Hono<StaffEnv>()
  .post('/journey/run', async (c) => {
    c.set('audit', { action: 'journey.run' })
    const at = c.req.query('at')
    let now = Date.now()
    if (at !== undefined) {
      if (!simulatedTimeAllowed(c.env))
        fail(403, 'forbidden', 'Running at another time works only locally, with the dev mailbox.')
      now = Date.parse(at)
      if (Number.isNaN(now)) fail(400, 'invalid_request', 'Give at= as an ISO 8601 date and time.')
    }
    const reminders = await sendReminders(c.env, now)
    const certificates = await issueCertificates(c.env, now)
    c.header('Cache-Control', 'private, no-store')
    return c.json({ at: new Date(now).toISOString(), reminders, certificates })
  })
  .post('/sessions/:courseId/:sessionKey/attendance/preview', tooLarge, validSession, (c) =>
    attendance(c, false, c.req.valid('param')),
  )
  .post('/sessions/:courseId/:sessionKey/attendance/apply', tooLarge, validSession, (c) =>
    attendance(c, true, c.req.valid('param')),
  )
  .get('/sessions/:courseId/:sessionKey/feedback.csv', validSession, async (c) => {
    const session = auditSession(c, 'session.feedback-export', c.req.valid('param'))
    const results = await sessionFeedback(c.env.DB, session.courseId, session.sessionKey)
    const csv = toCsv(
      ['rating', 'most_useful', 'improve', 'submitted_at'],
      results.answers.map((a) => [a.rating, a.mostUseful, a.improve, a.submittedAt]),
    )
    return csvResponse(csv, csvFileName(session.courseId, session.sessionKey, 'feedback'))
  })
  .get('/sessions/:courseId/:sessionKey/feedback', validSession, async (c) => {
    const session = auditSession(c, 'session.feedback', c.req.valid('param'))
    const results = await sessionFeedback(c.env.DB, session.courseId, session.sessionKey)
    c.header('Cache-Control', 'private, no-store')
    return c.json({ course: session.courseId, session: session.sessionKey, ...results })
  })
  .post(
    '/certificates/:code/withdraw',
    validator('param', certificateParams, invalidInput('invalid_request', CERTIFICATE_CODE)),
    // Named in the audit log before the body is checked, so a refused body is audited as such.
    async (c, next) => {
      c.set('audit', { action: 'certificate.withdraw', target: c.req.valid('param').code })
      await next()
    },
    parsableJson('invalid_json', 'Send a JSON body: {"reason": "..."}.'),
    validator(
      'json',
      withdrawBody,
      invalidInput('invalid_request', 'Say why the certificate is withdrawn.'),
    ),
    async (c) => {
      const { code } = c.req.valid('param')
      const row = await withdrawCertificate(c.env.DB, code, c.req.valid('json').reason)
      if (!row) fail(404, 'not_found', `No certificate with the code ${code}.`)
      c.header('Cache-Control', 'private, no-store')
      return c.json({
        certificate: {
          code: row.code,
          registrationId: row.registration_id,
          withdrawnAt: row.withdrawn_at === null ? null : new Date(row.withdrawn_at).toISOString(),
          reason: row.withdrawn_reason,
        },
      })
    },
  )
