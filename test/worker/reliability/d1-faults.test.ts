// D1 fails part-way through a request: for every write endpoint, the request is repeated with the
// database failing on its 1st, 2nd, … call (either prepare() throwing or an execution rejecting),
// up to as many calls as the request makes when nothing fails. Each time the answer must be an
// error a client can act on (503, never 500) or the success itself, and what is stored must be
// all of the request or none of it: never a registration without its email, a cancellation
// without its notice, or an idempotency key left "in progress" with no answer.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signLink, type LinkPurpose } from '../../../worker/lib/signed-links'
import { privacyLinkSubject } from '../../../worker/privacy/routes'
import { VALID } from './bodies'
import { callWorker, faultyDb, type FaultMode } from './faults'
import { diff, formRequest, jsonRequest, rowCounts, SEED } from './helpers'
import { courseUpdate, deliveryHeaders, sign } from './webhook-signing'

let seq = 0
const unique = (tag: string) => `d1-${tag}-${++seq}@example.org`

type Case = { name: string; ok: number; request: () => Promise<[string, RequestInit]> }

const CASES: Case[] = [
  {
    name: 'registration API',
    ok: 201,
    request: async () => [
      '/api/v1/registrations',
      jsonRequest({ ...VALID.registration, email: unique('reg') }),
    ],
  },
  {
    name: 'registration API with Idempotency-Key',
    ok: 201,
    request: async () => [
      '/api/v1/registrations',
      jsonRequest(
        { ...VALID.registration, email: unique('idem') },
        { 'idempotency-key': crypto.randomUUID() },
      ),
    ],
  },
  {
    name: 'signature API',
    ok: 202,
    request: async () => [
      '/api/v1/signatures',
      jsonRequest({ ...VALID.signature, email: unique('sig') }),
    ],
  },
  {
    name: 'alerts API',
    ok: 202,
    request: async () => [
      '/api/v1/alerts',
      jsonRequest({ ...VALID.alert, email: unique('alert') }),
    ],
  },
  {
    name: 'registration form',
    ok: 200,
    request: async () => [
      `/register/${SEED.course}/${SEED.openSession}`,
      formRequest({
        name: 'Fault Person',
        email: unique('form'),
        role: 'police',
        consent: 'yes',
        website: '',
      }),
    ],
  },
  {
    name: 'petition form',
    ok: 200,
    request: async () => [
      `/campaigns/${SEED.petition}/sign`,
      formRequest({
        name: 'Fault Person',
        email: unique('pet'),
        postcode: 'SW1A 1AA',
        consent: 'yes',
        website: '',
      }),
    ],
  },
  {
    name: 'alerts form',
    ok: 200,
    request: async () => [
      '/alerts',
      formRequest({ email: unique('alertform'), topics: SEED.topic, consent: 'yes', website: '' }),
    ],
  },
  {
    name: 'webhook delivery',
    ok: 202,
    request: async () => {
      const body = courseUpdate('course.nrm-webinar', `rev-${++seq}`)
      return [
        '/webhooks/sanity',
        { method: 'POST', headers: deliveryHeaders(`d1-fault-${seq}`, await sign(body)), body },
      ]
    },
  },
  {
    name: 'cancel a place (emailed link)',
    ok: 200,
    request: async () => {
      const email = unique('cancel')
      const made = await callWorker(
        '/api/v1/registrations',
        jsonRequest({ ...VALID.registration, email }),
      )
      const { registration } = (await made.json()) as { registration: { id: string } }
      const token = await signLink(env.LINK_SECRET, {
        purpose: 'registration-cancel',
        subject: registration.id,
      })
      return ['/signups/cancel', formRequest({ token })]
    },
  },
  {
    name: 'confirm a signature (emailed link)',
    ok: 200,
    request: async () => {
      const email = unique('confirm')
      await callWorker('/api/v1/signatures', jsonRequest({ ...VALID.signature, email }))
      return [
        '/signups/confirm',
        formRequest({ token: await tokenFor('signatures', email, 'signature-confirm') }),
      ]
    },
  },
  {
    name: 'confirm alerts (emailed link)',
    ok: 200,
    request: async () => {
      const email = unique('alertconfirm')
      await callWorker('/api/v1/alerts', jsonRequest({ ...VALID.alert, email }))
      return [
        '/alerts/confirm',
        formRequest({ token: await tokenFor('alert_subscriptions', email, 'alert-confirm') }),
      ]
    },
  },
  {
    name: 'unsubscribe from alerts (emailed link)',
    ok: 200,
    request: async () => {
      const email = unique('unsub')
      await callWorker('/api/v1/alerts', jsonRequest({ ...VALID.alert, email }))
      return [
        '/alerts/unsubscribe',
        formRequest({ token: await tokenFor('alert_subscriptions', email, 'alert-unsubscribe') }),
      ]
    },
  },
  {
    name: 'claim an offered place (emailed link)',
    ok: 200,
    request: async () => {
      const email = unique('claim')
      const made = await callWorker(
        '/api/v1/registrations',
        jsonRequest({ ...VALID.registration, email }),
      )
      const { registration } = (await made.json()) as { registration: { id: string } }
      await env.DB.prepare(
        `UPDATE registrations SET status = 'offered', seat_no = NULL, offer_expires_at = ? WHERE id = ?`,
      )
        .bind(Date.now() + 3_600_000, registration.id)
        .run()
      const token = await signLink(env.LINK_SECRET, {
        purpose: 'registration-claim',
        subject: registration.id,
      })
      return ['/signups/claim', formRequest({ token })]
    },
  },
  {
    name: 'erase my data (emailed link)',
    ok: 200,
    request: async () => {
      const email = unique('erase')
      await callWorker('/api/v1/registrations', jsonRequest({ ...VALID.registration, email }))
      const token = await signLink(env.LINK_SECRET, {
        purpose: 'privacy',
        subject: privacyLinkSubject(email),
        expiresAt: Date.now() + 3_600_000,
      })
      return ['/privacy/erase', formRequest({ token })]
    },
  },
]

/** The emailed-link token for the row just created for `email` (ids are not in API answers). */
async function tokenFor(table: string, email: string, purpose: LinkPurpose): Promise<string> {
  const row = await env.DB.prepare(`SELECT id FROM ${table} WHERE email = ?`)
    .bind(email)
    .first<{ id: string }>()
  if (!row) throw new Error(`no ${table} row for ${email}`)
  return signLink(env.LINK_SECRET, { purpose, subject: row.id })
}

/** What a request writes, plus registration statuses (a cancel changes a row, not a count). */
async function state() {
  const statuses = await env.DB.prepare(
    `SELECT 'registrations' AS t, status, count(*) AS n FROM registrations GROUP BY status
     UNION ALL SELECT 'signatures', status, count(*) FROM signatures GROUP BY status
     UNION ALL SELECT 'alerts', status, count(*) FROM alert_subscriptions GROUP BY status
     ORDER BY 1, 2`,
  ).all<{ t: string; status: string; n: number }>()
  const pending = await env.DB.prepare(
    'SELECT count(*) AS n FROM idempotency_keys WHERE status_code IS NULL',
  ).first<{ n: number }>()
  return {
    counts: { ...(await rowCounts()), 'idempotency keys without an answer': pending?.n ?? 0 },
    statuses: JSON.stringify(statuses.results),
  }
}

async function outcome(c: Case, mode: FaultMode, failAt: number) {
  const [path, init] = await c.request()
  const before = await state()
  const fault = faultyDb(env.DB, mode, failAt)
  const res = await callWorker(path, init, { DB: fault.db })
  const text = await res.text()
  const after = await state()
  return {
    status: res.status,
    text: text.slice(0, 200),
    changed: diff(before.counts, after.counts),
    statusesChanged: before.statuses !== after.statuses,
    calls: fault.calls(),
    tripped: fault.tripped(),
  }
}

describe('D1 failing on its Nth call', () => {
  for (const c of CASES) {
    for (const mode of ['execute', 'prepare'] as const) {
      it(`${c.name} (${mode}): never 500, all of the request stored or none`, async () => {
        const clean = await outcome(c, mode, 0)
        expect(clean.status, clean.text).toBe(c.ok)
        expect(clean.calls).toBeGreaterThan(0)
        const failures: string[] = []
        for (let n = 1; n <= clean.calls; n++) {
          const o = await outcome(c, mode, n)
          const nothing = Object.keys(o.changed).length === 0 && !o.statusesChanged
          const everything =
            JSON.stringify(o.changed) === JSON.stringify(clean.changed) &&
            o.statusesChanged === clean.statusesChanged
          // A 503 after everything was committed (a later step failed) is allowed: the client
          // retries and is told it is already done. 500, or half the writes, is not.
          const fine =
            (o.status === 503 && (nothing || everything)) || (o.status === c.ok && everything)
          if (!fine) {
            failures.push(
              `call ${n}/${clean.calls}: ${o.status}, wrote ${JSON.stringify(o.changed)}` +
                `${o.statusesChanged ? ' + status change' : ''} (success writes ${JSON.stringify(clean.changed)}): ${o.text}`,
            )
          }
        }
        expect(failures).toEqual([])
      }, 60_000)
    }
  }
})
