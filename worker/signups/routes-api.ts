// The partner JSON API: registrations, signatures, alerts and the public petition count. Each
// route is declared once: its description (describeRoute) and its validator's zod schema generate
// the OpenAPI document at GET /api/openapi.json, and the same schema validates the request, so
// the two cannot drift. Requests must be application/json (a cross-site form cannot send that
// without CORS, which is the API's CSRF defence), at most 16 KB, and within the per-IP rate limit.
// Refusals are thrown (fail) and answered by the app's onError as
// `{ error: { code, message, fields? } }`.
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import {
  describeRoute,
  generateSpecs,
  resolver,
  validator,
  type ResponsesWithResolver,
} from 'hono-openapi'
import * as z from 'zod'
import type { AppEnv } from '../app-env'
import { apiErrorSchema, fail, invalidInput, parsableJson } from '../lib/http-errors'
import { subscribeAlerts } from './alerts'
import { alertTopics, campaignBySlug } from './content'
import { apiBodyGuard, deferTo, noStore } from './guards'
import {
  answerForTakenKey,
  answerWithClaim,
  claimFor,
  withIdempotency,
  type ApiAnswer,
} from './idempotency'
import { signPetition } from './petitions'
import { register, type WrittenAnswers } from './register'
import {
  acceptedResult,
  alertInput,
  apiPetitionInput,
  apiRegistrationInput,
  petitionCountResult,
  registrationResult,
} from './schemas'
import { petitionCount } from './store'

const FIELDS_TO_CORRECT = 'Some fields need correcting: see `fields`.'

/** The error answers the API documents, one shared response each, all with the Error schema. */
const ERROR_RESPONSES = {
  400: ['BadRequest', 'Invalid JSON or fields to correct (`error.fields` names each field).'],
  404: ['NotFound', 'Unknown course, session or campaign.'],
  409: [
    'Conflict',
    'Refused: registration not open / closed / session cancelled / already registered / petition closed, or the Idempotency-Key is in progress.',
  ],
  413: ['PayloadTooLarge', 'Body larger than 16 KB.'],
  415: ['UnsupportedMediaType', 'Content-Type is not application/json.'],
  422: ['IdempotencyKeyReused', 'Idempotency-Key reused with a different body.'],
  429: ['RateLimited', 'Rate limited: wait for Retry-After seconds.'],
  503: ['Unavailable', 'Temporarily unavailable; nothing was stored.'],
} as const
type ErrorStatus = keyof typeof ERROR_RESPONSES

const ref = (status: ErrorStatus) => ({
  $ref: `#/components/responses/${ERROR_RESPONSES[status][0]}`,
})

const WRITE_ERRORS = {
  400: ref(400),
  404: ref(404),
  409: ref(409),
  413: ref(413),
  415: ref(415),
  422: ref(422),
  429: ref(429),
  503: ref(503),
}

// Described here rather than validated as a request header: a malformed key has its own answer
// (invalid_idempotency_key), given after the body is validated.
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Optional. Same key + same body within 24 h replays the stored answer (header Idempotent-Replayed: true); same key + different body → 422.',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
} as const

const jsonAnswer = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema: resolver(schema) } },
})

// Each schema named here is one entry of components.schemas, which operations point to by $ref.
const ErrorSchema = apiErrorSchema.meta({ id: 'Error' })
const RegistrationRequest = apiRegistrationInput.meta({ id: 'RegistrationRequest' })
const SignatureRequest = apiPetitionInput.meta({ id: 'SignatureRequest' })
const AlertRequest = alertInput.meta({ id: 'AlertRequest' })
const RegistrationResult = registrationResult.meta({ id: 'RegistrationResult' })
const PetitionCount = petitionCountResult.meta({ id: 'PetitionCount' })
const Accepted = acceptedResult.meta({ id: 'Accepted' })

const NOT_JSON = parsableJson('invalid_json', 'The request body is not valid JSON.')

/** An input that fails its schema is answered 400 with the fields to correct. */
const INVALID = invalidInput('validation_failed', FIELDS_TO_CORRECT)

const registrationRoute = describeRoute({
  summary: 'Register a person for a course session',
  parameters: [idempotencyKey],
  responses: {
    201: jsonAnswer('Registered or waitlisted; an email was sent.', RegistrationResult),
    ...WRITE_ERRORS,
  },
})

const signatureRoute = describeRoute({
  summary: 'Sign a petition (counts once the person confirms by email)',
  parameters: [idempotencyKey],
  responses: {
    202: jsonAnswer('Accepted; a confirmation email was sent.', Accepted),
    ...WRITE_ERRORS,
  },
})

const alertRoute = describeRoute({
  summary: 'Subscribe to new-course alerts (double opt-in)',
  parameters: [idempotencyKey],
  responses: {
    202: jsonAnswer('Accepted; a confirmation email was sent.', Accepted),
    ...WRITE_ERRORS,
  },
})

const countRoute = describeRoute({
  summary: 'Confirmed signature count of a petition (cached 30 s)',
  responses: {
    200: jsonAnswer('The count.', PetitionCount),
    404: ref(404),
  },
})

function unavailable(): never {
  fail(
    503,
    'temporarily_unavailable',
    'We could not save this request and nothing was stored. Try again in a few minutes.',
  )
}

/** The work's answer; a storage or content failure fails with 503, a refusal passes through. */
async function orUnavailable<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof HTTPException) throw err
    console.error(`api ${what} failed: storage or content error`)
    unavailable()
  }
}

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

/** The shared error answers, each described once under components.responses. */
const errorResponses: ResponsesWithResolver = Object.fromEntries(
  Object.entries(ERROR_RESPONSES).map(([status, [name, description]]) => [
    name,
    {
      description,
      content: { 'application/json': { schema: resolver(ErrorSchema) } },
      ...(status === '429' || status === '503'
        ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds.' } } }
        : {}),
    },
  ]),
)

apiRoutes.use('/api/v1/*', noStore)

/**
 * POST /api/v1/<name>: described by `route`, rate limited as api-<name> with the API's body
 * checks (apiBodyGuard), then a body that is JSON and passes `schema`, or 400. `handle` gets the
 * valid input and the raw body, which an Idempotency-Key's hash is taken of.
 */
function postJson<T>(
  name: string,
  route: MiddlewareHandler,
  schema: z.ZodType<T>,
  handle: (c: Context<AppEnv>, input: T, raw: string) => Promise<Response>,
): void {
  apiRoutes.post(
    `/api/v1/${name}`,
    route,
    apiBodyGuard(`api-${name}`),
    NOT_JSON,
    validator('json', schema, INVALID),
    async (c) => handle(c, c.req.valid('json'), await c.req.text()),
  )
}

postJson('registrations', registrationRoute, RegistrationRequest, async (c, d, raw) => {
  const claim = await claimFor(c, 'registrations', raw, d.email)
  return orUnavailable('registration', async () => {
    const id = crypto.randomUUID()
    const written = writtenAnswers(d, id)
    const outcome = await register(c.env, d.courseSlug, d.sessionKey, d, 'api', {
      id,
      defer: deferTo(c),
      ...(claim ? { idempotency: { claim, answers: written } } : {}),
    })
    if (outcome.kind === 'key-taken') {
      return (claim && answerForTakenKey(c, claim, outcome.stored)) ?? unavailable()
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
  })
})

postJson('signatures', signatureRoute, SignatureRequest, (c, d, raw) =>
  orUnavailable('signature', () =>
    withIdempotency(c, 'signatures', raw, d.email, async () => {
      const outcome = await signPetition(c.env, d.campaignSlug, d, 'api')
      if (outcome.kind === 'not-found')
        return err(404, 'not_found', `There is no petition "${d.campaignSlug}".`)
      if (outcome.kind === 'closed') return err(409, 'petition_closed', outcome.message)
      return { status: 202, body: CHECK_EMAIL }
    }),
  ),
)

postJson('alerts', alertRoute, AlertRequest, (c, d, raw) =>
  orUnavailable('alert subscription', async () => {
    const offered = await alertTopics(c.env)
    const unknown = d.topics.filter((t) => !offered.includes(t))
    if (unknown.length > 0) {
      fail(400, 'validation_failed', FIELDS_TO_CORRECT, {
        fields: {
          topics: `These topics are not offered: ${unknown.join(', ')}. Offered: ${offered.join(', ') || 'none'}.`,
        },
      })
    }
    return withIdempotency(c, 'alerts', raw, d.email, async () => {
      await subscribeAlerts(c.env, d, 'api')
      return { status: 202, body: CHECK_EMAIL }
    })
  }),
)

apiRoutes.get(
  '/api/v1/campaigns/:slug/count',
  countRoute,
  validator('param', z.object({ slug: z.string() }), INVALID),
  async (c) => {
    const { slug } = c.req.valid('param')
    const campaign = await campaignBySlug(c.env, slug)
    if (!campaign?.petition) fail(404, 'not_found', `There is no petition "${slug}".`)
    const confirmed = await petitionCount(c.env.DB, campaign._id)
    const offline = campaign.petition.offlineCount
    c.header('Cache-Control', 'public, max-age=30, s-maxage=30')
    return c.json(
      {
        campaignSlug: campaign.slug,
        confirmed,
        offline,
        total: confirmed + offline,
        goal: campaign.petition.goal ?? null,
      },
      200,
    )
  },
)

apiRoutes.get('/api/openapi.json', async (c) => {
  c.header('Cache-Control', 'public, max-age=300')
  return c.json(
    await generateSpecs(apiRoutes, {
      documentation: {
        openapi: '3.1.0',
        info: {
          title: 'Safeguard signups API',
          version: '1.0.0',
          description:
            'Course registrations, petition signatures and course alerts for partner sites. Requests are JSON (Content-Type: application/json), at most 16 KB, rate limited per IP. Errors are `{error: {code, message, fields?}}`.',
        },
        servers: [{ url: c.env.SITE_URL }],
        components: { responses: errorResponses },
      },
      // Every route documents its own 400 (BadRequest) or cannot fail validation (the count).
      defaultValidationErrorResponse: false,
    }),
  )
})
