// The staff endpoints under 1,400 hostile requests: forged or missing credentials on every write
// route (401/403, nothing written, not even an audit entry), and, with the real token, invalid
// preview-link bodies and check-in ids (4xx, nothing written but exactly one audit entry each).
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sample } from './bodies'
import { BACKGROUND_TABLES, explain, fuzz, rowCounts, type Probe } from './helpers'

const WRITE_ROUTES: { method: string; path: string }[] = [
  { method: 'POST', path: '/admin/preview-links' },
  { method: 'POST', path: '/admin/registrations/reg-1/check-in' },
  { method: 'DELETE', path: '/admin/registrations/reg-1/check-in' },
  { method: 'POST', path: '/admin/rebuild' },
]

const forgedAuth = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 60 }),
  fc.string({ minLength: 1, maxLength: 60 }).map((t) => `Bearer ${t}`),
  fc.constantFrom(
    'Bearer ',
    'Basic dGVzdDp0ZXN0',
    `Bearer ${'x'.repeat(500)}`,
    'bearer test-staff-tokenx',
    'Bearer test-staff-toke',
  ),
)

const badPreviewBodies = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 80 }),
  fc
    .oneof(
      fc.string({ maxLength: 40 }).filter((s) => !/^[A-Za-z0-9._-]{1,200}$/.test(s)),
      fc.integer(),
      fc.constant(null),
      fc.string({ minLength: 201, maxLength: 260, unit: fc.constantFrom('a', '.', '-') }),
    )
    .map((documentId) => JSON.stringify({ documentId })),
  fc
    .stringMatching(/^[a-z]{3,12}\.[a-z-]{3,20}$/)
    .map((id) => JSON.stringify({ documentId: `nothing.${id}` })),
)

const badIds = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 150, maxLength: 300 }),
  fc.uuid().map((u) => `reg-${u}`),
)

describe('staff API fuzz', () => {
  it('400 requests with forged or missing credentials: refused, nothing written', async () => {
    const probes: Probe[] = sample(
      fc.tuple(fc.constantFrom(...WRITE_ROUTES), forgedAuth, fc.string({ maxLength: 60 })),
      400,
      70,
    ).map(([route, auth, body]) => ({
      label: 'forged-auth',
      method: route.method,
      path: route.path,
      headers: {
        'content-type': 'application/json',
        ...(auth === undefined ? {} : { authorization: auth }),
      },
      body: route.method === 'DELETE' ? undefined : body,
    }))
    const report = await fuzz(probes, {
      allowed: (s) => s === 401 || s === 403,
      exclude: BACKGROUND_TABLES,
    })
    expect(report.serverErrors, explain(report)).toEqual([])
    expect(report.unexpected, explain(report)).toEqual([])
    expect(report.writes, explain(report)).toEqual([])
  }, 120_000)

  it('1,000 authenticated but invalid requests: 4xx, nothing written, each one audited', async () => {
    const auth = { authorization: `Bearer ${env.STAFF_TOKEN}`, 'content-type': 'application/json' }
    const probes: Probe[] = [
      ...sample(badPreviewBodies, 500, 71).map((body) => ({
        label: 'preview-link',
        path: '/admin/preview-links',
        headers: auth,
        body,
      })),
      ...sample(fc.tuple(badIds, fc.constantFrom('POST', 'DELETE')), 500, 72).map(
        ([id, method]): Probe => ({
          label: `check-in ${method}`,
          method,
          path: `/admin/registrations/${encodeURIComponent(id)}/check-in`,
          headers: auth,
        }),
      ),
    ]
    const audited = async () => (await rowCounts([]))['staff_audit_log'] ?? 0
    const before = await audited()
    const report = await fuzz(probes, {
      allowed: (s) => s >= 400 && s < 500,
      exclude: [...BACKGROUND_TABLES, 'staff_audit_log'],
    })
    expect(report.serverErrors, explain(report)).toEqual([])
    expect(report.unexpected, explain(report)).toEqual([])
    expect(report.writes, explain(report)).toEqual([])
    expect((await audited()) - before).toBe(probes.length)
  }, 120_000)
})
