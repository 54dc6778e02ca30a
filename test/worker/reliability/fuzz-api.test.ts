// The partner JSON API under 3,600 bodies that are invalid by construction (see bodies.ts): every
// one must be refused with a 4xx that says what to fix, none may answer 5xx, and no batch of them
// may write a single row anywhere.
import { describe, expect, it } from 'vitest'
import { apiBodies, opt, req, sample, VALID, type Body } from './bodies'
import { explain, fuzz, type Probe } from './helpers'

const RUNS = 1_200

const ENDPOINTS: {
  path: string
  valid: Record<string, unknown>
  fields: ReturnType<typeof req>
}[] = [
  {
    path: '/api/v1/registrations',
    valid: VALID.registration,
    fields: [
      ...req('courseSlug', 'sessionKey', 'name', 'email', 'role', 'consent'),
      ...opt('organisation', 'accessNeeds'),
    ],
  },
  {
    path: '/api/v1/signatures',
    valid: VALID.signature,
    fields: [...req('campaignSlug', 'name', 'email', 'postcode', 'consent'), ...opt('country')],
  },
  { path: '/api/v1/alerts', valid: VALID.alert, fields: req('email', 'topics', 'consent') },
]

const toProbe =
  (path: string) =>
  (b: Body): Probe => ({
    label: b.label,
    path,
    headers: b.contentType ? { 'content-type': b.contentType } : {},
    body: b.body,
  })

describe('JSON API fuzz: invalid bodies are refused, never 5xx, never stored', () => {
  ENDPOINTS.forEach(({ path, valid, fields }, i) => {
    it(`${path}: ${RUNS} invalid bodies`, async () => {
      const probes = sample(apiBodies(valid, fields), RUNS, i).map(toProbe(path))
      const report = await fuzz(probes, {
        allowed: (status) => status >= 400 && status < 500,
      })
      expect(report.sent).toBe(RUNS)
      expect(report.serverErrors, explain(report)).toEqual([])
      expect(report.unexpected, explain(report)).toEqual([])
      expect(report.writes, explain(report)).toEqual([])
      for (const status of [400, 413, 415]) expect(report.statuses[status]).toBeGreaterThan(0)
    }, 120_000)
  })
})
