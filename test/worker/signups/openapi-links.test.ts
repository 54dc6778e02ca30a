// The OpenAPI document generated from the zod schemas, and the signed-link tokens.
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signLink, verifyLink } from '../../../worker/lib/signed-links'
import { normaliseEmail } from '../../../worker/lib/email-norm'
import { ORIGIN } from './helpers'

type Ref = { $ref: string }
type Operation = {
  requestBody?: { content: Record<string, { schema: Ref }> }
  parameters?: { name: string; in: string }[]
  responses: Record<string, Ref | { content: Record<string, { schema: Ref }> }>
}
type OpenApiDoc = {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components: {
    schemas: Record<
      string,
      { properties?: Record<string, { enum?: string[] }>; required?: string[] }
    >
    responses: Record<string, { content: Record<string, { schema: Ref }> }>
  }
}

/** A response's schema, following a shared response's reference. */
function responseSchema(doc: OpenApiDoc, response: Operation['responses'][string] | undefined) {
  const resolved =
    response && '$ref' in response
      ? doc.components.responses[response.$ref.replace('#/components/responses/', '')]
      : response
  return resolved?.content['application/json']?.schema.$ref
}

describe('GET /api/openapi.json', () => {
  // Every public API route: its request schema (if it takes a body) and the errors it answers.
  const ROUTES: [string, string, string | null, string[]][] = [
    [
      'post',
      '/api/v1/registrations',
      'RegistrationRequest',
      ['400', '404', '409', '413', '415', '422', '429', '503'],
    ],
    [
      'post',
      '/api/v1/signatures',
      'SignatureRequest',
      ['400', '404', '409', '413', '415', '422', '429', '503'],
    ],
    [
      'post',
      '/api/v1/alerts',
      'AlertRequest',
      ['400', '404', '409', '413', '415', '422', '429', '503'],
    ],
    ['get', '/api/v1/campaigns/{slug}/count', null, ['404']],
  ]

  it('describes every API route with schemas generated from the validators', async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/openapi.json`)
    expect(res.status).toBe(200)
    const doc = (await res.json()) as OpenApiDoc
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(ROUTES.map(([, path]) => path))
    for (const [method, path, request, errors] of ROUTES) {
      const op = doc.paths[path]?.[method]
      expect(op, `${method} ${path}`).toBeDefined()
      if (!op) continue
      if (request) {
        expect(op.requestBody?.content['application/json']?.schema.$ref).toBe(
          `#/components/schemas/${request}`,
        )
        expect(doc.components.schemas[request]?.required?.length).toBeGreaterThan(0)
        expect(op.parameters?.map((p) => p.name)).toContain('Idempotency-Key')
      }
      for (const status of errors) {
        expect(responseSchema(doc, op.responses[status]), `${path} ${status}`).toBe(
          '#/components/schemas/Error',
        )
      }
    }
    const count = doc.paths['/api/v1/campaigns/{slug}/count']?.get
    expect(count?.parameters).toEqual([expect.objectContaining({ name: 'slug', in: 'path' })])
    const reg = doc.components.schemas.RegistrationRequest
    expect(reg?.required).toEqual(
      expect.arrayContaining(['name', 'email', 'role', 'consent', 'courseSlug', 'sessionKey']),
    )
    expect(reg?.required).not.toContain('organisation')
    expect(reg?.properties?.role?.enum).toContain('social-workers')
    expect(doc.components.schemas.Error?.required).toEqual(['error'])
  })
})

describe('signed links', () => {
  const secret = 'test-link-secret'
  it('round-trips, and refuses tampering, the wrong purpose and expiry', async () => {
    const token = await signLink(secret, {
      purpose: 'registration-cancel',
      subject: 'r1',
      expiresAt: 2_000,
    })
    expect(await verifyLink(secret, token, 'registration-cancel', 1_000)).toEqual({
      ok: true,
      claims: { purpose: 'registration-cancel', subject: 'r1', expiresAt: 2_000 },
    })
    expect(await verifyLink(secret, token, 'registration-claim', 1_000)).toEqual({
      ok: false,
      reason: 'wrong-purpose',
    })
    expect(await verifyLink(secret, token, 'registration-cancel', 3_000)).toEqual({
      ok: false,
      reason: 'expired',
    })
    expect(await verifyLink('another-secret-value', token, 'registration-cancel', 1_000)).toEqual({
      ok: false,
      reason: 'bad-signature',
    })
    const [payload, sig] = token.split('.')
    const forged = `${btoa('{"p":"registration-cancel","s":"r2"}').replace(/=+$/, '')}.${sig}`
    expect((await verifyLink(secret, forged, 'registration-cancel', 1_000)).ok).toBe(false)
    expect(await verifyLink(secret, `${payload}`, 'registration-cancel')).toEqual({
      ok: false,
      reason: 'malformed',
    })
  })
})

describe('normaliseEmail', () => {
  it('lower-cases, trims and drops +tags; ignores dots for Gmail', () => {
    expect(normaliseEmail('  Jo.Bloggs+News@Example.ORG ')).toBe('jo.bloggs@example.org')
    expect(normaliseEmail('J.o.Bloggs+x@GoogleMail.com')).toBe('jobloggs@gmail.com')
    expect(normaliseEmail('+only@example.org')).toBe('+only@example.org')
  })
})
