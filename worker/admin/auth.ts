// Deny-by-default authentication for the staff API. Production: Cloudflare Access sits in front of
// /admin and forwards a signed `Cf-Access-Jwt-Assertion`, verified here against the team's keys
// (never trust that Access is configured correctly). Locally and in tests: a bearer STAFF_TOKEN.
// Nothing configured → every staff request is refused.
import type { Context, MiddlewareHandler } from 'hono'
import { verifyAccessJwt, type RsaJwk } from './jwt'
import type { StaffEnv } from './env'
import { apiError } from './errors'

export type JwksFetcher = (url: string) => Promise<{ keys: RsaJwk[] }>
export type StaffAuthOptions = { fetchJwks?: JwksFetcher; nowSeconds?: () => number }

/** Actor recorded in the audit log for requests authenticated with the local token. */
export const LOCAL_TOKEN_ACTOR = 'local-token'

const KEYS_TTL_MS = 60 * 60 * 1000
// A token signed with an unknown kid forces a refetch (key rotation), but not more often than this,
// so garbage tokens cannot turn the worker into a JWKS request amplifier.
const MIN_REFETCH_MS = 30 * 1000

const defaultFetchJwks: JwksFetcher = async (url) => {
  const res = await fetch(url, { headers: { accept: 'application/json' } })
  if (!res.ok) throw new Error(`Access certs answered ${res.status}`)
  const body: unknown = await res.json()
  const keys =
    typeof body === 'object' && body !== null && 'keys' in body && Array.isArray(body.keys)
      ? (body.keys as RsaJwk[])
      : []
  return { keys }
}

/** `https://team.cloudflareaccess.com/` and `team.cloudflareaccess.com` mean the same team. */
export function normaliseTeamDomain(value: string): string {
  return value
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '')
}

type KeySet = { keys: Map<string, RsaJwk>; fetchedAt: number }

/** In-memory JWKS cache per isolate; one per middleware instance so tests never share keys. */
function keyCache(fetchJwks: JwksFetcher) {
  const sets = new Map<string, KeySet>()
  return async (team: string, kid: string, refresh: boolean): Promise<RsaJwk | undefined> => {
    const now = Date.now()
    let set = sets.get(team)
    const stale = !set || now - set.fetchedAt > KEYS_TTL_MS
    const mayRefetch = !set || now - set.fetchedAt > MIN_REFETCH_MS
    if (stale || (refresh && mayRefetch)) {
      try {
        const { keys } = await fetchJwks(`https://${team}/cdn-cgi/access/certs`)
        set = {
          keys: new Map(keys.flatMap((k) => (k.kid ? [[k.kid, k] as const] : []))),
          fetchedAt: now,
        }
        sets.set(team, set)
      } catch (err) {
        console.error('staff auth: could not fetch Access signing keys', err)
      }
    }
    return set?.keys.get(kid)
  }
}

/** Constant-time comparison: both sides are hashed first so lengths never leak either. */
export async function tokensMatch(given: string, expected: string): Promise<boolean> {
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

function unauthenticated(c: Context<StaffEnv>, message: string) {
  c.header('WWW-Authenticate', 'Bearer realm="safeguard-staff"')
  return apiError(c, 401, 'unauthenticated', message)
}

export function staffAuth(opts: StaffAuthOptions = {}): MiddlewareHandler<StaffEnv> {
  const getKey = keyCache(opts.fetchJwks ?? defaultFetchJwks)
  return async (c, next) => {
    const team = normaliseTeamDomain(c.env.CF_ACCESS_TEAM_DOMAIN ?? '')
    const aud = (c.env.CF_ACCESS_AUD ?? '').trim()
    const staffToken = c.env.STAFF_TOKEN ?? ''

    if (team || aud) {
      // Access is the production mode: the bearer token is deliberately not accepted here, so a
      // leaked local token is useless against a deployed worker.
      if (!team || !aud) {
        console.error('staff auth: set both CF_ACCESS_TEAM_DOMAIN and CF_ACCESS_AUD')
        return unauthenticated(c, 'Staff access is not configured on this deployment.')
      }
      const assertion = c.req.header('Cf-Access-Jwt-Assertion')
      if (!assertion) {
        return unauthenticated(c, 'Sign in through Cloudflare Access to use the staff API.')
      }
      const result = await verifyAccessJwt(assertion, {
        audience: aud,
        issuer: `https://${team}`,
        getKey: (kid, refresh) => getKey(team, kid, refresh),
        nowSeconds: opts.nowSeconds?.(),
      })
      if (!result.ok) {
        console.warn(`staff auth: Access token refused (${result.reason})`)
        return apiError(
          c,
          403,
          'forbidden',
          'Your Cloudflare Access session is not valid here; sign in again.',
        )
      }
      const actor = result.claims.email ?? result.claims.common_name ?? result.claims.sub
      if (!actor) return apiError(c, 403, 'forbidden', 'The Access token names no user.')
      c.set('staff', { actor, via: 'access' })
      return next()
    }

    if (!staffToken) {
      return unauthenticated(
        c,
        'Staff access is not configured: set STAFF_TOKEN (local) or Cloudflare Access (production).',
      )
    }
    const header = c.req.header('Authorization')
    if (!header) return unauthenticated(c, 'Send Authorization: Bearer <STAFF_TOKEN>.')
    const match = /^Bearer\s+(.+)$/i.exec(header.trim())
    if (!match?.[1] || !(await tokensMatch(match[1], staffToken))) {
      return apiError(c, 403, 'forbidden', 'The staff token is not valid.')
    }
    c.set('staff', { actor: LOCAL_TOKEN_ACTOR, via: 'token' })
    return next()
  }
}
