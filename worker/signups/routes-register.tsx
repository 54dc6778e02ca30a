// Course session registration pages: GET shows the session and the form; POST registers and
// answers with a result page, or the form again with errors next to the fields. Works without
// JavaScript.
import { pagePath } from '../../schemas/content-types'
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../app-env'
import { issueFields } from '../lib/http-errors'
import { registrationState, seatsLeft as placesLeft } from '../content/registration-rule'
import { describeWhen, sessionLabel } from '../mail/session-text'
import { courseForSignup, type SignupCourse, type SignupSession } from './content'
import { consentOf, echo, formPost, one } from './form-post'
import { deferTo } from './guards'
import { SessionFacts } from '../ui/session-facts'
import { ErrorSummary } from './form-fields'
import { RegistrationForm, registrationFieldId } from './forms'
import { COMMON_PAGES, message, signupPage, type PageStatus } from '../ui/page'
import { register } from './register'
import { registrationInput } from './schemas'
import { snapshotOf } from './snapshot'
import { sessionSeatCounts } from './store'

const FIELDS = ['name', 'email', 'organisation', 'role', 'accessNeeds', 'consent']

type Found = { course: SignupCourse; session: SignupSession }

async function findSession(c: Context<AppEnv>): Promise<Found | null> {
  const course = await courseForSignup(c.env, c.req.param('courseSlug') ?? '')
  const session = course?.sessions.find((s) => s._key === c.req.param('sessionKey'))
  return course && session ? { course, session } : null
}

async function registrationPage(
  c: Context<AppEnv>,
  { course, session }: Found,
  form: { values?: Record<string, string>; errors?: Record<string, string>; status?: PageStatus },
) {
  const counts = await sessionSeatCounts(c.env.DB, course._id)
  const count = counts[session._key] ?? { confirmed: 0, waitlisted: 0 }
  const snap = snapshotOf(course, session)
  const label = sessionLabel(snap)
  const seatsLeft = placesLeft(session, count)
  return signupPage(c, {
    title: form.errors ? `Error: register for ${label}` : `Register for ${label}`,
    status: form.status,
    children: (
      <>
        {/* The summary of what to fix comes first in main, linking to each field. */}
        <ErrorSummary errors={form.errors} fieldId={registrationFieldId(session._key)} />
        <p>
          <a href={pagePath('course', course.slug)}>Back to {course.title}</a>
        </p>
        <h1>{label}</h1>
        <div class={`session session--${session.status}`}>
          <p class="session__when">
            <time datetime={snap.start}>{describeWhen(snap)}</time>
          </p>
          <SessionFacts s={session} left={session.status === 'scheduled' ? seatsLeft : undefined} />
        </div>
        <RegistrationForm
          courseSlug={course.slug}
          sessionKey={session._key}
          sessionLabel={label}
          state={registrationState(session, Date.now(), count)}
          values={form.values}
          errors={form.errors}
          errorSummary={false}
          turnstileSiteKey={c.env.TURNSTILE_SITE_KEY || undefined}
        />
      </>
    ),
  })
}

const notFound = (c: Context<AppEnv>) =>
  message(
    c,
    'Session not found',
    [
      'We could not find this course session. It may have been removed or the link may be wrong.',
      <a href="/courses">See all courses</a>,
    ],
    404,
  )

export const registerRoutes = new Hono<AppEnv>()
  .get('/register/:courseSlug/:sessionKey', async (c) => {
    const found = await findSession(c)
    if (!found) return notFound(c)
    return registrationPage(c, found, {})
  })
  .post('/register/:courseSlug/:sessionKey', async (c) => {
    const post = await formPost(c, 'register')
    if (!post.ok) return post.response
    const { values } = post
    if (post.honeypot) {
      // Looks like success to a bot; nothing is stored or sent.
      return message(c, 'Thank you', [
        'We have received your registration and emailed you the details.',
      ])
    }
    const found = await findSession(c)
    if (!found) return notFound(c)
    const parsed = registrationInput.safeParse({
      name: one(values, 'name'),
      email: one(values, 'email'),
      organisation: one(values, 'organisation'),
      role: one(values, 'role'),
      accessNeeds: one(values, 'accessNeeds'),
      ...consentOf(values),
    })
    if (!parsed.success) {
      return registrationPage(c, found, {
        values: echo(values, FIELDS),
        errors: issueFields(parsed.error.issues),
        status: 400,
      })
    }
    let outcome: Awaited<ReturnType<typeof register>>
    try {
      outcome = await register(c.env, found.course.slug, found.session._key, parsed.data, 'form', {
        defer: deferTo(c),
      })
    } catch {
      console.error('registration failed: storage error')
      return message(c, COMMON_PAGES.unavailable[0], [...COMMON_PAGES.unavailable[1]], 503)
    }
    const back = <a href={pagePath('course', found.course.slug)}>Back to {found.course.title}</a>
    switch (outcome.kind) {
      case 'not-found':
        return notFound(c)
      case 'key-taken':
        // Only the partner API sends Idempotency-Keys; a form post never gets here.
        return message(c, COMMON_PAGES.unavailable[0], [...COMMON_PAGES.unavailable[1]], 503)
      case 'refused':
        return message(c, 'Registration not possible', [outcome.message, back], 409)
      case 'duplicate':
        return message(c, 'You are already registered', [
          "You're already registered for this session with this email address, so nothing has changed. The details are in the email we sent when you registered; asking again sends them again at most once an hour.",
          back,
        ])
      case 'registered':
        return outcome.status === 'confirmed'
          ? message(c, "You're registered", [
              `Your place on ${sessionLabel(outcome.session)} is confirmed.`,
              'We have emailed you the details, a calendar invitation and a link to cancel if you cannot come.',
              back,
            ])
          : message(c, "You're on the waiting list", [
              'This session is full, so you are on the waiting list.',
              'We have emailed you to confirm. If a place becomes free we email you a link to claim it.',
              back,
            ])
    }
  })
