// Staff authentication: deny by default, the local bearer token, Cloudflare Access JWTs verified
// against a key set served by an injected fetch, and the audit trail naming who did it.
import { env, SELF } from 'cloudflare:test'
import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAdminApp } from '../../../worker/admin'
import {
  ACCESS_AUD,
  ACCESS_TEAM,
  accessClaims,
  auditRows,
  makeSigner,
  signJwt,
  STAFF_TOKEN,
  type TestSigner,
} from './helpers'

const SUMMARY = '/admin/summary?ids=course.example-nrm-refresher'
// Reading the audit log is itself audited; the summary poll is not (it holds no personal data).
const AUDITED = '/admin/audit?limit=1'

describe('staff token (local mode)', () => {
  it('answers 401 without credentials, with a hint', async () => {
    const res = await SELF.fetch(`https://example.com${SUMMARY}`)
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toContain('Bearer')
    const body = await res.json<{ error: { code: string; message: string } }>()
    expect(body.error.code).toBe('unauthenticated')
    expect(body.error.message).toContain('STAFF_TOKEN')
  })

  it('answers 403 for a wrong token and for another scheme', async () => {
    for (const value of [
      'Bearer not-the-token',
      `Basic ${btoa('staff:' + STAFF_TOKEN)}`,
      'Bearer',
    ]) {
      const res = await SELF.fetch(`https://example.com${SUMMARY}`, {
        headers: { Authorization: value },
      })
      expect(res.status, value).toBe(403)
    }
  })

  it('answers 200 for the right token and records the action as local-token', async () => {
    const res = await SELF.fetch(`https://example.com${AUDITED}`, {
      headers: { Authorization: `Bearer ${STAFF_TOKEN}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const rows = await auditRows()
    expect(rows.at(-1)).toMatchObject({ actor: 'local-token', action: 'audit.view', status: 200 })
  })

  it('answers the summary poll without writing an audit row (counts only, no personal data)', async () => {
    const before = (await auditRows()).length
    const res = await SELF.fetch(`https://example.com${SUMMARY}`, {
      headers: { Authorization: `Bearer ${STAFF_TOKEN}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const rows = await auditRows()
    expect(rows).toHaveLength(before)
    expect(rows.map((r) => r.action)).not.toContain('summary.view')
  })

  it('denies unknown /admin paths before saying they do not exist', async () => {
    expect((await SELF.fetch('https://example.com/admin/nope')).status).toBe(401)
    const res = await SELF.fetch('https://example.com/admin/nope', {
      headers: { Authorization: `Bearer ${STAFF_TOKEN}` },
    })
    expect(res.status).toBe(404)
  })

  it('refuses everyone when neither STAFF_TOKEN nor Access is configured', async () => {
    const app = new Hono().route('/admin', createAdminApp())
    const res = await app.request(
      SUMMARY,
      { headers: { Authorization: 'Bearer ' } },
      { ...env, STAFF_TOKEN: '', CF_ACCESS_TEAM_DOMAIN: '', CF_ACCESS_AUD: '' },
    )
    expect(res.status).toBe(401)
    const empty = await app.request(
      SUMMARY,
      { headers: { Authorization: 'Bearer anything' } },
      { ...env, STAFF_TOKEN: '' },
    )
    expect(empty.status).toBe(401)
  })
})

describe('Cloudflare Access (production mode)', () => {
  let signer: TestSigner
  let other: TestSigner
  let fetches: string[]
  let app: Hono
  const accessEnv = { ...env, CF_ACCESS_TEAM_DOMAIN: ACCESS_TEAM, CF_ACCESS_AUD: ACCESS_AUD }

  beforeAll(async () => {
    signer = await makeSigner('key-1')
    other = await makeSigner('key-1') // same kid, different key: a forgery
    fetches = []
    app = new Hono().route(
      '/admin',
      createAdminApp({
        fetchJwks: async (url) => {
          fetches.push(url)
          return Response.json({ keys: [signer.jwk] })
        },
      }),
    )
  })

  const call = (headers: Record<string, string>, e: Env = accessEnv, path = SUMMARY) =>
    app.request(path, { headers }, e)

  it('accepts a valid assertion, fetches the team keys once, and audits the email', async () => {
    const token = await signJwt(signer, accessClaims())
    const first = await call({ 'Cf-Access-Jwt-Assertion': token })
    expect(first.status).toBe(200)
    const second = await call({ 'Cf-Access-Jwt-Assertion': token }, accessEnv, AUDITED)
    expect(second.status).toBe(200)
    expect(fetches).toEqual([`https://${ACCESS_TEAM}/cdn-cgi/access/certs`])
    expect((await auditRows()).at(-1)).toMatchObject({
      actor: 'trainer@safeguard.example',
      action: 'audit.view',
    })
  })

  it('accepts a single-string aud and a team domain given as a URL', async () => {
    const token = await signJwt(signer, accessClaims({ aud: ACCESS_AUD }))
    const res = await call(
      { 'Cf-Access-Jwt-Assertion': token },
      { ...accessEnv, CF_ACCESS_TEAM_DOMAIN: `https://${ACCESS_TEAM}/` },
    )
    expect(res.status).toBe(200)
  })

  it('answers 401 without an assertion, even with the local token', async () => {
    const res = await call({ Authorization: `Bearer ${STAFF_TOKEN}` })
    expect(res.status).toBe(401)
  })

  const now = () => Math.floor(Date.now() / 1000)
  const refused: [string, () => Promise<string>][] = [
    [
      'expired',
      () =>
        signJwt(signer, accessClaims({ exp: now() - 3600, iat: now() - 7200, nbf: now() - 7200 })),
    ],
    ['wrong audience', () => signJwt(signer, accessClaims({ aud: ['someone-elses-app'] }))],
    [
      'wrong issuer',
      () => signJwt(signer, accessClaims({ iss: 'https://evil.cloudflareaccess.com' })),
    ],
    ['not yet valid', () => signJwt(signer, accessClaims({ nbf: now() + 3600 }))],
    ['signed with another key', () => signJwt(other, accessClaims())],
    ['unknown key id', () => signJwt(signer, accessClaims(), { kid: 'key-2' })],
    [
      'alg none',
      async () => (await signJwt(signer, accessClaims(), { alg: 'none' })).replace(/\.[^.]+$/, '.'),
    ],
    ['HS256', () => signJwt(signer, accessClaims(), { alg: 'HS256' })],
    ['garbage', async () => 'not.a.jwt'],
  ]

  for (const [name, makeToken] of refused) {
    it(`answers 403 for an assertion that is ${name}`, async () => {
      const res = await call({ 'Cf-Access-Jwt-Assertion': await makeToken() })
      expect(res.status).toBe(403)
      const body = await res.json<{ error: { code: string } }>()
      expect(body.error.code).toBe('forbidden')
    })
  }

  it('refuses everyone when only half of the Access settings are present', async () => {
    const token = await signJwt(signer, accessClaims())
    const res = await call(
      { 'Cf-Access-Jwt-Assertion': token },
      { ...accessEnv, CF_ACCESS_AUD: '' },
    )
    expect(res.status).toBe(401)
  })
})

describe('CORS for the Studio', () => {
  const studio = 'https://safeguard.sanity.studio'
  const app = new Hono().route('/admin', createAdminApp())
  const corsEnv = { ...env, STUDIO_ORIGIN: `${studio}, http://localhost:3333` }

  it('answers the preflight from the Studio origin with credentials allowed', async () => {
    const res = await app.request(
      SUMMARY,
      {
        method: 'OPTIONS',
        headers: {
          Origin: studio,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      },
      corsEnv,
    )
    expect(res.status).toBe(204)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(studio)
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBe('true')
  })

  it('does not allow other origins', async () => {
    const res = await app.request(
      SUMMARY,
      { headers: { Origin: 'https://evil.example', Authorization: `Bearer ${STAFF_TOKEN}` } },
      corsEnv,
    )
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })
})
