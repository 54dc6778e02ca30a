// No personal data in logs: whatever a signup goes through (accepted, refused, or failing
// half-way because D1 is down), nothing the worker logs names the person who signed up.
import { env } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { callWorker, faultyDb } from './faults'
import { jsonRequest, SEED } from './helpers'

const PERSON = {
  name: 'Ottoline Quenby-Farraday',
  email: 'ottoline.quenby+logs@example.org',
  postcode: 'SW1A 1AA',
}
const SECRETS = [PERSON.name, 'Quenby', PERSON.email, 'ottoline.quenby', PERSON.postcode]

let logged: string[] = []

beforeEach(() => {
  logged = []
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(
        args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '),
      )
    })
  }
})

afterEach(() => {
  vi.restoreAllMocks()
})

/** A registration naming PERSON, for the seed's open session. */
const REGISTRATION = {
  courseSlug: SEED.course,
  sessionKey: SEED.openSession,
  name: PERSON.name,
  email: PERSON.email,
  organisation: 'Example Council',
  role: 'health',
  consent: true,
}

function leaks(): string[] {
  return logged.filter((line) => SECRETS.some((s) => line.toLowerCase().includes(s.toLowerCase())))
}

describe('logs carry no personal data', () => {
  it('registrations and signatures, accepted and refused', async () => {
    const registration = { ...REGISTRATION, accessNeeds: 'Step-free access please' }
    expect((await callWorker('/api/v1/registrations', jsonRequest(registration))).status).toBe(201)
    expect(
      (await callWorker('/api/v1/registrations', jsonRequest(registration))).status,
    ).toBeLessThan(500)
    const invalid = { ...registration, email: `${PERSON.name}@@`, consent: false }
    expect((await callWorker('/api/v1/registrations', jsonRequest(invalid))).status).toBe(400)
    const signature = {
      campaignSlug: SEED.petition,
      name: PERSON.name,
      email: PERSON.email,
      postcode: PERSON.postcode,
      consent: true,
    }
    expect((await callWorker('/api/v1/signatures', jsonRequest(signature))).status).toBeLessThan(
      300,
    )
    expect(leaks()).toEqual([])
  })

  it('a signup that fails because D1 is down logs the failure, not the person', async () => {
    const { db, tripped } = faultyDb(env.DB, 'execute', 1)
    const res = await callWorker('/api/v1/registrations', jsonRequest(REGISTRATION), { DB: db })
    expect(tripped()).toBe(true)
    expect(res.status).toBe(503)
    // The failure is logged (so operators can see it) ...
    expect(logged.length).toBeGreaterThan(0)
    // ... without naming who was signing up.
    expect(leaks()).toEqual([])
  })
})
