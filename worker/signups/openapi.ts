// GET /api/openapi.json: the partner API described as OpenAPI 3.1, generated from the very zod
// schemas the handlers validate with (zod 4's z.toJSONSchema), so the document cannot drift.
import { z } from 'zod'
import {
  acceptedResult,
  alertInput,
  apiErrorSchema,
  apiPetitionInput,
  apiRegistrationInput,
  petitionCountResult,
  registrationResult,
} from './schemas'

type Json = Record<string, unknown>

const schema = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  })
  return rest
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } })

function errors(...statuses: number[]): Json {
  const text: Record<number, string> = {
    400: 'Invalid JSON or fields to correct (`error.fields` names each field).',
    404: 'Unknown course, session or campaign.',
    409: 'Refused: registration not open / closed / session cancelled / already registered / petition closed, or the Idempotency-Key is in progress.',
    413: 'Body larger than 16 KB.',
    415: 'Content-Type is not application/json.',
    422: 'Idempotency-Key reused with a different body.',
    429: 'Rate limited: wait for Retry-After seconds.',
    503: 'Temporarily unavailable; nothing was stored.',
  }
  return Object.fromEntries(
    statuses.map((s) => [String(s), { description: text[s] ?? 'Error', ...json('Error') }]),
  )
}

const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Optional. Same key + same body within 24 h replays the stored answer (header Idempotent-Replayed: true); same key + different body → 422.',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
}

const post = (summary: string, body: string, ok: [number, string, string]) => ({
  summary,
  parameters: [idempotencyHeader],
  requestBody: { required: true, ...json(body) },
  responses: {
    [String(ok[0])]: { description: ok[1], ...json(ok[2]) },
    ...errors(400, 404, 409, 413, 415, 422, 429, 503),
  },
})

export function openApiDocument(siteUrl: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Safeguard signups API',
      version: '1.0.0',
      description:
        'Course registrations, petition signatures and course alerts for partner sites. Requests are JSON (Content-Type: application/json), at most 16 KB, rate limited per IP. Errors are `{error: {code, message, fields?}}`.',
    },
    servers: [{ url: siteUrl }],
    paths: {
      '/api/v1/registrations': {
        post: post('Register a person for a course session', 'RegistrationRequest', [
          201,
          'Registered or waitlisted; an email was sent.',
          'RegistrationResult',
        ]),
      },
      '/api/v1/signatures': {
        post: post(
          'Sign a petition (counts once the person confirms by email)',
          'SignatureRequest',
          [202, 'Accepted; a confirmation email was sent.', 'Accepted'],
        ),
      },
      '/api/v1/alerts': {
        post: post('Subscribe to new-course alerts (double opt-in)', 'AlertRequest', [
          202,
          'Accepted; a confirmation email was sent.',
          'Accepted',
        ]),
      },
      '/api/v1/campaigns/{slug}/count': {
        get: {
          summary: 'Confirmed signature count of a petition (cached 30 s)',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The count.', ...json('PetitionCount') },
            ...errors(404),
          },
        },
      },
    },
    components: {
      schemas: {
        RegistrationRequest: schema(apiRegistrationInput, 'input'),
        SignatureRequest: schema(apiPetitionInput, 'input'),
        AlertRequest: schema(alertInput, 'input'),
        RegistrationResult: schema(registrationResult, 'output'),
        Accepted: schema(acceptedResult, 'output'),
        PetitionCount: schema(petitionCountResult, 'output'),
        Error: schema(apiErrorSchema, 'output'),
      },
    },
  }
}
