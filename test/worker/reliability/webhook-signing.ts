// Sanity's webhook signing, done independently of the worker's own code so the tests check the
// worker against the format rather than against itself: `t=<unix ms>,v1=<base64url
// HMAC-SHA256(secret, "<t>.<raw body>")>`, and the headers every delivery carries.
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { mac, signatureFor } from '../webhooks/sign'

export { mac }

export function sign(body: string, t = Date.now(), secret = env.SANITY_WEBHOOK_SECRET) {
  return signatureFor(body, secret, t)
}

export function deliveryHeaders(key: string, signature?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'idempotency-key': key,
    'sanity-transaction-id': `tx-${key}`,
    'sanity-project-id': env.SANITY_PROJECT_ID,
    'sanity-dataset': env.SANITY_DATASET,
    ...(signature === undefined ? {} : { 'sanity-webhook-signature': signature }),
  }
}

export const courseUpdate = (id = 'course.nrm-webinar', rev = 'rev-1') =>
  JSON.stringify({
    _id: id,
    _type: 'course',
    _rev: rev,
    operation: 'update',
    slugBefore: 'nrm-webinar',
    slugAfter: 'nrm-webinar',
  })

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const FIVE_MIN = 5 * 60 * 1000

/** One way of getting a signature wrong; `apply` turns the valid delivery into the forged one. */
export type Mutation = {
  kind: string
  apply(body: string, t: number, good: string): Promise<{ body: string; header: string }>
}

const same = (body: string) => (header: string) => ({ body, header })

/** Ten thousand ways to be wrong, none of which may be accepted. */
export const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => ({
    kind: 'flip-mac-char',
    apply: async (body: string, t: number, good: string) => {
      const at = i % good.length
      const current = good[at] ?? 'A'
      const others = B64URL.replace(current, '')
      const swapped = `${good.slice(0, at)}${others[j % others.length] ?? 'A'}${good.slice(at + 1)}`
      return same(body)(`t=${t},v1=${swapped}`)
    },
  })),
  fc
    .integer({ min: -FIVE_MIN, max: FIVE_MIN })
    .filter((d) => d !== 0)
    .map((d) => ({
      kind: 'shift-t',
      apply: async (body: string, t: number, good: string) => same(body)(`t=${t + d},v1=${good}`),
    })),
  fc.integer({ min: 1, max: 20 }).map((k) => ({
    kind: 'truncate-mac',
    apply: async (body: string, t: number, good: string) =>
      same(body)(`t=${t},v1=${good.slice(0, -k)}`),
  })),
  fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom(...B64URL) }).map((extra) => ({
    kind: 'extend-mac',
    apply: async (body: string, t: number, good: string) => same(body)(`t=${t},v1=${good}${extra}`),
  })),
  fc
    .string({ minLength: 1, maxLength: 40 })
    .filter((s) => s !== env.SANITY_WEBHOOK_SECRET)
    .map((secret) => ({
      kind: 'wrong-secret',
      apply: async (body: string, t: number) =>
        same(body)(`t=${t},v1=${await mac(secret, `${t}.${body}`)}`),
    })),
  fc.constantFrom('no-dot', 'body-only', 'trailing-newline', 'seconds').map((variant) => ({
    kind: `wrong-message:${variant}`,
    apply: async (body: string, t: number) => {
      const secret = env.SANITY_WEBHOOK_SECRET
      const text =
        variant === 'no-dot'
          ? `${t}${body}`
          : variant === 'body-only'
            ? body
            : variant === 'trailing-newline'
              ? `${t}.${body}\n`
              : `${Math.floor(t / 1000)}.${body}`
      return same(body)(`t=${t},v1=${await mac(secret, text)}`)
    },
  })),
  // An hour beyond the window, so a probe signed ahead of time is still outside it when a slow,
  // loaded run finally sends it (the exact boundary is tested in clock.test.ts).
  fc.integer({ min: FIVE_MIN + 3_600_000, max: 30 * 24 * 3_600_000 }).chain((d) =>
    fc.constantFrom(d, -d).map((delta) => ({
      kind: 'stale',
      apply: async (body: string, t: number) => same(body)(await sign(body, t + delta)),
    })),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(' ', 'x', '0', '"', '}')).map(([i, ch]) => ({
    kind: 'tamper-body',
    apply: async (body: string, t: number, good: string) => {
      const at = i % body.length
      const changed =
        body[at] === ch
          ? `${body.slice(0, at)}${ch}${ch}${body.slice(at + 1)}`
          : `${body.slice(0, at)}${ch}${body.slice(at + 1)}`
      return { body: changed, header: `t=${t},v1=${good}` }
    },
  })),
  fc
    .constantFrom('', 't=', 'v1=', 'garbage', 't=abc,v1=xyz', 'v0=AAAA', 'T=1,V1=AAAA')
    .map((header) => ({
      kind: 'malformed-header',
      apply: async (body: string, t: number, good: string) =>
        same(body)(header.replace('AAAA', good).replace('T=1', `T=${t}`)),
    })),
  fc.constant({
    kind: 'hex-mac',
    apply: async (body: string, t: number, good: string) => {
      const bytes = Uint8Array.from(atob(good.replace(/-/g, '+').replace(/_/g, '/') + '='), (c) =>
        c.charCodeAt(0),
      )
      return same(body)(
        `t=${t},v1=${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
      )
    },
  }),
  fc.constant({
    kind: 'no-t',
    apply: async (body: string, _t: number, good: string) => same(body)(`v1=${good}`),
  }),
)
