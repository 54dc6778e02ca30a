// The partner JSON API: registrations, signatures, alerts and the public petition count.
// Requests must be application/json (a cross-site form cannot send that without CORS, which is
// the API's CSRF defence), at most 16 KB, and within the per-IP rate limit.
import { Hono, type Context } from 'hono'
import type { z } from 'zod'
import type { AppEnv } from '../app-env'
import { subscribeAlerts } from './alerts'
import { alertTopics, campaignBySlug } from './content'
import {
  apiError,
  deferTo,
  isJsonContentType,
  noStore,
  RATE_LIMIT_RETRY_AFTER_S,
  readLimitedBody,
  withinRateLimit,
} from './guards'
import {
  answerForTakenKey,
  answerWithClaim,
  claimFor,
  withIdempotency,
  type ApiAnswer,
} from './idempotency'
import { openApiDocument } from './openapi'
import { signPetition } from './petitions'
import { register, type WrittenAnswers } from './register'
import { apiPetitionInput, apiRegistrationInput, alertInput, fieldErrors } from './schemas'
import { petitionCount } from './store'

type Parsed<T> = { ok: true; data: T; raw: string } | { ok: false; response: Response }

async function readJson<T>(
  c: Context<AppEnv>,
  route: string,
  schema: z.ZodType<T>,
): Promise<Parsed<T>> {
  const json = isJsonContentType(c)
  // The body is read while the limiter answers (it is at most 16 KB); the answers still come in
  // the documented order: 429, then 415, 413, 400.
  const [allowed, raw] = await Promise.all([
    withinRateLimit(c, route),
    json ? readLimitedBody(c) : Promise.resolve(null),
  ])
  if (!allowed) {
    c.header('Retry-After', String(RATE_LIMIT_RETRY_AFTER_S))
    return {
      ok: false,
      response: apiError(
        c,
        429,
        'rate_limited',
        'Too many requests from your address. Wait a minute and try again.',
      ),
    }
  }
  if (!json) {
    return {
      ok: false,
      response: apiError(
        c,
        415,
        'unsupported_media_type',
        'Send the request body as JSON with Content-Type: application/json.',
      ),
    }
  }
  if (raw === null) {
    return {
      ok: false,
      response: apiError(
        c,
        413,
        'payload_too_large',
        'The request body is larger than 16 KB. Shorten the text fields and try again.',
      ),
    }
  }
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    return {
      ok: false,
      response: apiError(c, 400, 'invalid_json', 'The request body is not valid JSON.'),
    }
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    return {
      ok: false,
      response: apiError(
        c,
        400,
        'validation_failed',
        'Some fields need correcting: see `fields`.',
        fieldErrors(parsed.error),
      ),
    }
  }
  return { ok: true, data: parsed.data, raw }
}

const unavailable = (c: Context<AppEnv>) =>
  apiError(
    c,
    503,
    'temporarily_unavailable',
    'We could not save this request and nothing was stored. Try again in a few minutes.',
  )

const err = (status: ApiAnswer['status'], code: string, message: string): ApiAnswer => ({
  status,
  body: { error: { code, message } },
})

/** The answers a registration can get once the batch has run, keyed by what it did. */
function writtenAnswers(d: z.output<typeof apiRegistrationInput>, id: string): WrittenAnswers {
  const registered = (status: 'confirmed' | 'waitlisted') => ({
    status: 201,
    body: JSON.stringify({
      registration: { id, status, courseSlug: d.courseSlug, sessionKey: d.sessionKey },
      message:
        status === 'confirmed'
          ? 'Registered: the place is confirmed and the details were emailed.'
          : 'The session is full: the person is on the waiting list and was emailed.',
    }),
  })
  return {
    confirmed: registered('confirmed'),
    waitlisted: registered('waitlisted'),
    duplicate: {
      status: 409,
      body: JSON.stringify(
        err(
          409,
          'already_registered',
          'This email address is already registered for this session, so nothing has changed. The details are in the email sent when it registered; asking again sends them again at most once an hour.',
        ).body,
      ),
    },
  }
}

const CHECK_EMAIL = {
  status: 'check-email',
  message:
    'We have emailed the address given; the person must follow the link in it to confirm. Asking again sends it again at most once an hour.',
}

export const apiRoutes = new Hono<AppEnv>()
  .use('/api/v1/*', noStore)
  .post('/api/v1/registrations', async (c) => {
    const input = await readJson(c, 'api-registrations', apiRegistrationInput)
    if (!input.ok) return input.response
    const d = input.data
    const claim = await claimFor(c, 'registrations', input.raw, d.email)
    if (claim instanceof Response) return claim
    try {
      const id = crypto.randomUUID()
      const written = writtenAnswers(d, id)
      const outcome = await register(c.env, d.courseSlug, d.sessionKey, d, 'api', {
        id,
        defer: deferTo(c),
        ...(claim ? { idempotency: { claim, answers: written } } : {}),
      })
      if (outcome.kind === 'key-taken') {
        return (claim && answerForTakenKey(c, claim, outcome.stored)) ?? unavailable(c)
      }
      if (outcome.kind === 'registered' || outcome.kind === 'duplicate') {
        // Byte for byte what was stored under the key, if there is one.
        const answer = outcome.kind === 'duplicate' ? written.duplicate : written[outcome.status]
        return c.body(answer.body, answer.status as ApiAnswer['status'], {
          'Content-Type': 'application/json',
        })
      }
      const answer =
        outcome.kind === 'not-found'
          ? err(
              404,
              'not_found',
              `There is no session "${d.sessionKey}" on a course "${d.courseSlug}". Check both values against the course page URL.`,
            )
          : err(409, outcome.code, outcome.message)
      if (claim) return await answerWithClaim(c, claim, answer)
      return c.json(answer.body, answer.status)
    } catch {
      console.error('api registration failed: storage or content error')
      return unavailable(c)
    }
  })
  .post('/api/v1/signatures', async (c) => {
    const input = await readJson(c, 'api-signatures', apiPetitionInput)
    if (!input.ok) return input.response
    const d = input.data
    try {
      return await withIdempotency(c, 'signatures', input.raw, d.email, async () => {
        const outcome = await signPetition(c.env, d.campaignSlug, d, 'api')
        if (outcome.kind === 'not-found')
          return err(404, 'not_found', `There is no petition "${d.campaignSlug}".`)
        if (outcome.kind === 'closed') return err(409, 'petition_closed', outcome.message)
        return { status: 202, body: CHECK_EMAIL }
      })
    } catch {
      console.error('api signature failed: storage or content error')
      return unavailable(c)
    }
  })
  .post('/api/v1/alerts', async (c) => {
    const input = await readJson(c, 'api-alerts', alertInput)
    if (!input.ok) return input.response
    const d = input.data
    try {
      const offered = await alertTopics(c.env)
      const unknown = d.topics.filter((t) => !offered.includes(t))
      if (unknown.length > 0) {
        return apiError(c, 400, 'validation_failed', 'Some fields need correcting: see `fields`.', {
          topics: `These topics are not offered: ${unknown.join(', ')}. Offered: ${offered.join(', ') || 'none'}.`,
        })
      }
      return await withIdempotency(c, 'alerts', input.raw, d.email, async () => {
        await subscribeAlerts(c.env, d, 'api')
        return { status: 202, body: CHECK_EMAIL }
      })
    } catch {
      console.error('api alert subscription failed: storage or content error')
      return unavailable(c)
    }
  })
  .get('/api/v1/campaigns/:slug/count', async (c) => {
    const campaign = await campaignBySlug(c.env, c.req.param('slug'))
    if (!campaign?.petition)
      return apiError(c, 404, 'not_found', `There is no petition "${c.req.param('slug')}".`)
    const confirmed = await petitionCount(c.env.DB, campaign._id)
    const offline = campaign.petition.offlineCount
    c.header('Cache-Control', 'public, max-age=30, s-maxage=30')
    return c.json({
      campaignSlug: campaign.slug,
      confirmed,
      offline,
      total: confirmed + offline,
      goal: campaign.petition.goal ?? null,
    })
  })
  .get('/api/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300')
    return c.json(openApiDocument(c.env.SITE_URL))
  })
