// Deny-by-default authentication for the staff API. Production: Cloudflare Access sits in front of
// /admin and forwards a signed `Cf-Access-Jwt-Assertion`, verified here against the team's keys
// (never trust that Access is configured correctly). Locally and in tests: a bearer STAFF_TOKEN.
// Nothing configured → every staff request is refused.
import type { MiddlewareHandler } from 'hono'
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  jwtVerify,
  type FetchImplementation,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose'
import type { StaffEnv } from './env'
import { fail } from '../lib/http-errors'

/** Tests inject the fetch that serves the Access certs (no network in tests). */
export type StaffAuthOptions = { fetchJwks?: FetchImplementation }

/** Actor recorded in the audit log for requests authenticated with the local token. */
const LOCAL_TOKEN_ACTOR = 'local-token'

/** `https://team.cloudflareaccess.com/` and `team.cloudflareaccess.com` mean the same team. */
function normaliseTeamDomain(value: string): string {
  return value
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '')
}

/** One cached key set per team and middleware instance, so tests never share keys. */
function accessKeys(opts: StaffAuthOptions) {
  const sets = new Map<string, ReturnType<typeof createRemoteJWKSet>>()
  return (team: string) => {
    let set = sets.get(team)
    if (!set) {
      set = createRemoteJWKSet(new URL(`https://${team}/cdn-cgi/access/certs`), {
        cacheMaxAge: 60 * 60 * 1000,
        // A token with an unknown kid refetches the keys (rotation), but not more often than
        // this, so garbage tokens cannot turn the worker into a certs request amplifier.
        cooldownDuration: 30 * 1000,
        ...(opts.fetchJwks ? { [customFetch]: opts.fetchJwks } : {}),
      })
      sets.set(team, set)
    }
    return set
  }
}

/** The token's claims if Access signed it for this application; never throws. */
async function verifiedClaims(
  token: string,
  keys: JWTVerifyGetKey,
  team: string,
  audience: string,
): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      // Pinning RS256 closes the "alg: none" and HS256-with-public-key confusions.
      algorithms: ['RS256'],
      audience,
      issuer: `https://${team}`,
      requiredClaims: ['exp'],
      // Tolerance for clock differences between Access and the worker.
      clockTolerance: 60,
    })
    return payload
  } catch (err) {
    if (err instanceof errors.JOSEError) {
      console.warn(`staff auth: Access token refused (${err.code})`)
    } else {
      console.error('staff auth: could not fetch Access signing keys', err)
    }
    return undefined
  }
}

/** Who the audit log names: the user's email, or a service token's client id. */
function actorOf(claims: JWTPayload): string | undefined {
  return [claims.email, claims.common_name, claims.sub].find(
    (v): v is string => typeof v === 'string' && v !== '',
  )
}

/** Constant-time comparison: both sides are hashed first so lengths never leak either. */
async function tokensMatch(given: string, expected: string): Promise<boolean> {
  const enc = new TextEncoder()
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', enc.encode(given)),
    crypto.subtle.digest('SHA-256', enc.encode(expected)),
  ])
  const x = new Uint8Array(a)
  const y = new Uint8Array(b)
  let diff = 0
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return diff === 0
}

function unauthenticated(message: string): never {
  fail(401, 'unauthenticated', message, {
    headers: { 'WWW-Authenticate': 'Bearer realm="safeguard-staff"' },
  })
}

function forbidden(message: string): never {
  fail(403, 'forbidden', message)
}

export function staffAuth(opts: StaffAuthOptions = {}): MiddlewareHandler<StaffEnv> {
  const keysFor = accessKeys(opts)
  return async (c, next) => {
    const team = normaliseTeamDomain(c.env.CF_ACCESS_TEAM_DOMAIN ?? '')
    const aud = (c.env.CF_ACCESS_AUD ?? '').trim()
    const staffToken = c.env.STAFF_TOKEN ?? ''

    if (team || aud) {
      // Access is the production mode: the bearer token is deliberately not accepted here, so a
      // leaked local token is useless against a deployed worker.
      if (!team || !aud) {
        console.error('staff auth: set both CF_ACCESS_TEAM_DOMAIN and CF_ACCESS_AUD')
        unauthenticated('Staff access is not configured on this deployment.')
      }
      const assertion = c.req.header('Cf-Access-Jwt-Assertion')
      if (!assertion) {
        unauthenticated('Sign in through Cloudflare Access to use the staff API.')
      }
      const claims = await verifiedClaims(assertion, keysFor(team), team, aud)
      if (!claims) {
        forbidden('Your Cloudflare Access session is not valid here; sign in again.')
      }
      const actor = actorOf(claims)
      if (!actor) forbidden('The Access token names no user.')
      c.set('staff', { actor, via: 'access' })
      return next()
    }

    if (!staffToken) {
      unauthenticated(
        'Staff access is not configured: set STAFF_TOKEN (local) or Cloudflare Access (production).',
      )
    }
    const header = c.req.header('Authorization')
    if (!header) unauthenticated('Send Authorization: Bearer <STAFF_TOKEN>.')
    const match = /^Bearer\s+(.+)$/i.exec(header.trim())
    if (!match?.[1] || !(await tokensMatch(match[1], staffToken))) {
      forbidden('The staff token is not valid.')
    }
    c.set('staff', { actor: LOCAL_TOKEN_ACTOR, via: 'token' })
    return next()
  }
}
