// The OpenAPI document generated from the zod schemas, and the signed-link tokens.
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signLink, verifyLink } from '../../../worker/lib/signed-links'
import { normaliseEmail } from '../../../worker/lib/email-norm'
import { ORIGIN } from './helpers'

describe('GET /api/openapi.json', () => {
  it('describes every API route with schemas generated from the validators', async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/openapi.json`)
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      openapi: string
      paths: Record<string, unknown>
      components: {
        schemas: Record<
          string,
          { properties?: Record<string, { enum?: string[] }>; required?: string[] }
        >
      }
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual([
      '/api/v1/registrations',
      '/api/v1/signatures',
      '/api/v1/alerts',
      '/api/v1/campaigns/{slug}/count',
    ])
    const reg = doc.components.schemas.RegistrationRequest
    expect(reg?.required).toEqual(
      expect.arrayContaining(['name', 'email', 'role', 'consent', 'courseSlug', 'sessionKey']),
    )
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
