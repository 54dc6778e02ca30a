// POST /webhooks/sanity under fire: 1,500 invalid deliveries (bad bodies with good signatures,
// missing or foreign headers, oversize, unsigned) and 10,000 forged signatures on a real
// delivery. None may be accepted, none may answer 5xx, and no delivery row may be written; the
// unforged delivery is accepted afterwards, so the refusals are not an endpoint that refuses all.
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sample } from './bodies'
import { explain, fuzz, type Probe } from './helpers'
import { courseUpdate, deliveryHeaders, mac, mutations, sign } from './webhook-signing'

const PATH = '/webhooks/sanity'

const badBodies = fc.oneof(
  fc
    .jsonValue()
    .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 100 }).map((s) => `{${s}`),
  fc
    .record({
      _id: fc.oneof(fc.constant(''), fc.integer(), fc.constant(null)),
      _type: fc.oneof(fc.string(), fc.integer()),
      operation: fc.string(),
    })
    .map((o) => JSON.stringify(o)),
  fc
    .record({
      _id: fc.string({ minLength: 1 }),
      _type: fc.string({ minLength: 1 }),
      operation: fc.string(),
    })
    .filter((o) => !['create', 'update', 'delete'].includes(o.operation))
    .map((o) => JSON.stringify(o)),
  fc.constantFrom(
    '{"_type":"course","operation":"update"}',
    '{"_id":"x","operation":"update"}',
    '{"_id":"x","_type":"course"}',
  ),
)

type Case = {
  label: string
  body: string
  headers: (key: string) => Promise<Record<string, string>>
}

const cases: fc.Arbitrary<Case> = fc.oneof(
  badBodies.map((body) => ({
    label: 'signed-bad-body',
    body,
    headers: async (key: string) => deliveryHeaders(key, await sign(body)),
  })),
  fc.constantFrom('idempotency-key', 'sanity-project-id', 'sanity-dataset').map((drop) => ({
    label: `missing-${drop}`,
    body: courseUpdate(),
    headers: async (key: string) => {
      const h = deliveryHeaders(key, await sign(courseUpdate()))
      delete h[drop]
      return h
    },
  })),
  fc
    .constantFrom(['other-project', 'production'], ['safeguard', 'staging'])
    .map(([project, dataset]) => ({
      label: 'foreign-dataset',
      body: courseUpdate(),
      headers: async (key: string) => ({
        ...deliveryHeaders(key, await sign(courseUpdate())),
        'sanity-project-id': project ?? '',
        'sanity-dataset': dataset ?? '',
      }),
    })),
  fc.integer({ min: 65 * 1024, max: 100 * 1024 }).map((n) => ({
    label: 'oversize',
    body: JSON.stringify({ _id: 'x', _type: 'course', operation: 'update', pad: 'x'.repeat(n) }),
    headers: async (key: string) => deliveryHeaders(key, 't=1,v1=x'),
  })),
  fc.string({ maxLength: 60 }).map((signature) => ({
    label: 'random-signature',
    body: courseUpdate(),
    headers: async (key: string) => deliveryHeaders(key, signature),
  })),
  fc.constant({
    label: 'unsigned',
    body: courseUpdate(),
    headers: async (key: string) => deliveryHeaders(key),
  }),
)

const noDeliveryRows = { exclude: ['mailbox', 'page_revs', 'page_deps', 'publish_receipts'] }

describe('webhook fuzz', () => {
  it('1,500 invalid deliveries: refused with 4xx, never 5xx, nothing recorded', async () => {
    const probes: Probe[] = []
    for (const [i, c] of sample(cases, 1_500, 50).entries()) {
      probes.push({
        label: c.label,
        path: PATH,
        headers: await c.headers(`fuzz-${i}`),
        body: c.body,
      })
    }
    const report = await fuzz(probes, { allowed: (s) => s >= 400 && s < 500, ...noDeliveryRows })
    expect(report.serverErrors, explain(report)).toEqual([])
    expect(report.unexpected, explain(report)).toEqual([])
    expect(report.writes, explain(report)).toEqual([])
    for (const status of [400, 401, 403, 413]) expect(report.statuses[status]).toBeGreaterThan(0)
  }, 120_000)

  it('10,000 forged signatures on a real delivery: none accepted', async () => {
    const t = Date.now()
    const body = courseUpdate('course.nrm-webinar', 'rev-forged')
    const good = await mac(env.SANITY_WEBHOOK_SECRET, `${t}.${body}`)
    const probes: Probe[] = []
    for (const [i, m] of sample(mutations, 10_000, 60).entries()) {
      const forged = await m.apply(body, t, good)
      if (forged.header === `t=${t},v1=${good}` && forged.body === body) continue
      probes.push({
        label: m.kind,
        path: PATH,
        headers: deliveryHeaders(`forged-${i}`, forged.header),
        body: forged.body,
      })
    }
    expect(probes.length).toBeGreaterThan(9_900)
    const report = await fuzz(probes, { batch: 50, allowed: (s) => s === 401, ...noDeliveryRows })
    expect(report.serverErrors, explain(report)).toEqual([])
    expect(report.unexpected, explain(report)).toEqual([])
    expect(report.writes, explain(report)).toEqual([])

    // The same delivery, unforged, is accepted: the refusals above were about the signature.
    const accepted = await fuzz(
      [
        {
          label: 'genuine',
          path: PATH,
          headers: deliveryHeaders('genuine-1', `t=${t},v1=${good}`),
          body,
        },
      ],
      { allowed: (s) => s === 202, ...noDeliveryRows },
    )
    expect(accepted.unexpected, explain(accepted)).toEqual([])
    expect(accepted.writes.map((w) => w.changed)).toEqual([{ webhook_deliveries: 1 }])
  }, 180_000)

  it('a MAC re-encoded with its unused trailing bits set is refused (no malleable signatures)', async () => {
    // 32 bytes are 43 base64url characters; the last one carries 4 bits and 2 unused ones.
    // Decoders that ignore the unused bits accept four spellings of one MAC.
    const t = Date.now()
    const body = courseUpdate('course.nrm-webinar', 'rev-malleable')
    const good = await mac(env.SANITY_WEBHOOK_SECRET, `${t}.${body}`)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(good.at(-1) ?? 'A')
    const twin = `${good.slice(0, -1)}${alphabet[last ^ 1] ?? 'A'}`
    const report = await fuzz(
      [
        {
          label: 'non-canonical-mac',
          path: PATH,
          headers: deliveryHeaders('twin-1', `t=${t},v1=${twin}`),
          body,
        },
      ],
      { allowed: (s) => s === 401, ...noDeliveryRows },
    )
    expect(report.unexpected, explain(report)).toEqual([])
    expect(report.writes).toEqual([])
  })
})
