// The HTML form endpoints under 3,500 invalid posts: broken fields, noise, oversize bodies, wrong
// content types, cross-site posts, and emailed-link tokens that are forged, expired, for another
// purpose or for nobody. Never 5xx, never a row written; a filled honeypot looks like success
// (200) but stores nothing.
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { signLink, type LinkPurpose } from '../../../worker/lib/signed-links'
import { privacyLinkSubject } from '../../../worker/privacy/routes'
import { formBodies, opt, req, sample, type Body } from './bodies'
import { explain, fuzz, ORIGIN, SEED, type Probe } from './helpers'

const SAME_SITE = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' }

const toProbe =
  (path: string) =>
  (b: Body): Probe => ({
    label: b.label,
    path,
    headers: { ...SAME_SITE, ...(b.contentType ? { 'content-type': b.contentType } : {}) },
    body: b.body,
  })

/** 200 is allowed only where a bot filled the honeypot: it is told "thank you", nothing more. */
const refused = (status: number, probe: Probe) =>
  (status >= 400 && status < 500) || (status === 200 && /(^|&)website=[^&]/.test(probe.body ?? ''))

const person = { name: 'Fuzz Person', email: 'fuzz@example.org', consent: 'yes', website: '' }

const FORMS: {
  path: string
  runs: number
  valid: Record<string, string | string[]>
  fields: ReturnType<typeof req>
}[] = [
  {
    path: `/register/${SEED.course}/${SEED.openSession}`,
    runs: 700,
    valid: { ...person, organisation: 'Fuzz Council', role: 'police', accessNeeds: '' },
    fields: [...req('name', 'email', 'role', 'consent'), ...opt('organisation', 'accessNeeds')],
  },
  {
    path: `/campaigns/${SEED.petition}/sign`,
    runs: 550,
    valid: { ...person, postcode: 'SW1A 1AA', country: '' },
    fields: [...req('name', 'email', 'postcode', 'consent'), ...opt('country')],
  },
  {
    path: '/alerts',
    runs: 550,
    valid: { email: 'fuzz@example.org', topics: [SEED.topic], consent: 'yes', website: '' },
    fields: req('email', 'topics', 'consent'),
  },
  {
    path: '/privacy',
    runs: 200,
    valid: { email: 'fuzz@example.org', website: '' },
    fields: req('email'),
  },
]

const LINKS: { path: string; purpose: LinkPurpose }[] = [
  { path: '/signups/confirm', purpose: 'signature-confirm' },
  { path: '/signups/cancel', purpose: 'registration-cancel' },
  { path: '/signups/claim', purpose: 'registration-claim' },
  { path: '/alerts/confirm', purpose: 'alert-confirm' },
  { path: '/alerts/unsubscribe', purpose: 'alert-unsubscribe' },
  { path: '/privacy/erase', purpose: 'privacy' },
]
const LINK_RUNS = 250

type TokenKind =
  'random' | 'shaped' | 'wrong-secret' | 'wrong-purpose' | 'expired' | 'nobody' | 'tampered'
const tokenKinds = fc.constantFrom<TokenKind>(
  'random',
  'shaped',
  'wrong-secret',
  'wrong-purpose',
  'expired',
  'nobody',
  'tampered',
)

async function token(kind: TokenKind, purpose: LinkPurpose, n: number): Promise<string> {
  const nobody = `fuzz-nobody-${n}@example.org`
  const subject = purpose === 'privacy' ? privacyLinkSubject(nobody) : nobody
  const other: LinkPurpose = purpose === 'privacy' ? 'alert-confirm' : 'privacy'
  switch (kind) {
    case 'random':
      return sample(fc.string({ maxLength: 120 }), 1, n)[0] ?? ''
    case 'shaped':
      return (
        sample(
          fc.tuple(fc.base64String(), fc.base64String()).map(([a, b]) => `${a}.${b}`),
          1,
          n,
        )[0] ?? ''
      )
    case 'wrong-secret':
      return signLink('not-the-link-secret-at-all', { purpose, subject })
    case 'wrong-purpose':
      return signLink(env.LINK_SECRET, { purpose: other, subject })
    case 'expired':
      return signLink(env.LINK_SECRET, { purpose, subject, expiresAt: Date.now() - 1_000 })
    case 'nobody':
      return signLink(env.LINK_SECRET, { purpose, subject })
    case 'tampered': {
      const good = await signLink(env.LINK_SECRET, { purpose, subject })
      const [payload = '', sig = ''] = good.split('.')
      const flipped = payload.at(-2) === 'A' ? 'B' : 'A'
      return `${payload.slice(0, -2)}${flipped}${payload.slice(-1)}.${sig}`
    }
  }
}

describe('form fuzz: invalid posts are refused, never 5xx, never stored', () => {
  FORMS.forEach(({ path, runs, valid, fields }, i) => {
    it(`${path}: ${runs} invalid posts`, async () => {
      const probes = sample(formBodies(valid, fields), runs, 10 + i).map(toProbe(path))
      // Cross-site and header-less posts: the CSRF check answers before anything else runs.
      probes.push(
        ...sample(
          fc.constantFrom<Record<string, string>>(
            { origin: 'https://evil.example' },
            { 'sec-fetch-site': 'cross-site' },
            {},
          ),
          20,
          30 + i,
        ).map((headers): Probe => ({
          label: 'cross-site',
          path,
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(
            Object.entries(valid).map(([k, v]) => [k, String(v)]),
          ).toString(),
        })),
      )
      const report = await fuzz(probes, { allowed: refused })
      expect(report.serverErrors, explain(report)).toEqual([])
      expect(report.unexpected, explain(report)).toEqual([])
      expect(report.writes, explain(report)).toEqual([])
      expect(report.statuses[403]).toBeGreaterThan(0)
      expect(report.statuses[400] ?? 0).toBeGreaterThan(runs / 2)
    }, 120_000)
  })

  it(`emailed-link actions: ${LINKS.length * LINK_RUNS} forged, expired or misdirected tokens`, async () => {
    const probes: Probe[] = []
    for (const [i, { path, purpose }] of LINKS.entries()) {
      const kinds = sample(tokenKinds, LINK_RUNS, 40 + i)
      for (const [n, kind] of kinds.entries()) {
        probes.push({
          label: kind,
          path,
          headers: { ...SAME_SITE, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: await token(kind, purpose, n) }).toString(),
        })
      }
    }
    const report = await fuzz(probes, {
      // A correctly signed link for nobody may say "not found", "already done" or "gone"; any
      // other token is a bad link (400).
      allowed: (status, probe) =>
        probe.label === 'nobody' ? [200, 404, 410].includes(status) : status === 400,
    })
    expect(report.serverErrors, explain(report)).toEqual([])
    expect(report.unexpected, explain(report)).toEqual([])
    expect(report.writes, explain(report)).toEqual([])
  }, 120_000)
})
