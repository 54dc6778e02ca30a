// Course registration through the partner JSON API: capacity under concurrency, duplicates by
// normalised email, refusals, every validation message, content types, limits, idempotency.
import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiPost, clearSignupTables, mailbox, person, rows, SEED } from './helpers'

const register = (session: string, p: Record<string, unknown>, headers?: Record<string, string>) =>
  apiPost(
    '/api/v1/registrations',
    { courseSlug: SEED.course.slug, sessionKey: session, ...p },
    headers,
  )

type ApiError = { error: { code: string; message: string; fields?: Record<string, string> } }

/**
 * Sends one registration body twice under one Idempotency-Key: both answers have `status`, and the
 * second is the first replayed (marked so, the same body). Returns that body.
 */
async function sendTwice(body: Record<string, unknown>, key: string, status: number) {
  const send = () => apiPost('/api/v1/registrations', body, { 'idempotency-key': key })
  const first = await send()
  expect(first.status).toBe(status)
  const firstBody = (await first.json()) as ApiError
  const again = await send()
  expect(again.status).toBe(status)
  expect(again.headers.get('idempotent-replayed')).toBe('true')
  expect(await again.json()).toEqual(firstBody)
  return firstBody
}

beforeEach(clearSignupTables)

describe('POST /api/v1/registrations', () => {
  it('never confirms more than the capacity: 500 concurrent → exactly 20 confirmed', async () => {
    const responses = await Promise.all(
      Array.from({ length: 500 }, (_, i) => register(SEED.sessions.open20, person(`c${i}`))),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s >= 500)).toEqual([])
    expect(new Set(statuses)).toEqual(new Set([201]))
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as {
      registration: { status: string }
    }[]
    expect(bodies.filter((b) => b.registration.status === 'confirmed')).toHaveLength(20)
    expect(bodies.filter((b) => b.registration.status === 'waitlisted')).toHaveLength(480)
    const counts = await rows<{ status: string; n: number }>(
      `SELECT status, count(*) AS n FROM registrations WHERE course_id = ? AND session_key = ?
        GROUP BY status ORDER BY status`,
      SEED.course.id,
      SEED.sessions.open20,
    )
    expect(counts).toEqual([
      { status: 'confirmed', n: 20 },
      { status: 'waitlisted', n: 480 },
    ])
    const seats = await rows<{ seat_no: number }>(
      `SELECT seat_no FROM registrations WHERE status = 'confirmed' ORDER BY seat_no`,
    )
    expect(seats.map((s) => s.seat_no)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    // One email per registration, written with it.
    const outbox = await rows<{ kind: string; n: number }>(
      'SELECT kind, count(*) AS n FROM outbox GROUP BY kind ORDER BY kind',
    )
    expect(outbox).toEqual([
      { kind: 'registration-confirmed', n: 20 },
      { kind: 'registration-waitlisted', n: 480 },
    ])
  }, 120_000)

  it('treats case and +tag variants of one address as the same person', async () => {
    const first = await register(
      SEED.sessions.open40,
      person(1, { email: 'Jo.Bloggs+training@Example.org' }),
    )
    expect(first.status).toBe(201)
    for (const variant of ['jo.bloggs@example.org', ' JO.BLOGGS+other@EXAMPLE.ORG ']) {
      const again = await register(SEED.sessions.open40, person(2, { email: variant }))
      expect(again.status).toBe(409)
      const body = (await again.json()) as ApiError
      expect(body.error.code).toBe('already_registered')
      expect(body.error.message).toContain('sends them again at most once an hour')
    }
    const stored = await rows<{ email: string; email_norm: string }>(
      'SELECT email, email_norm FROM registrations',
    )
    // What the person typed is kept for sending; the normalised form is the duplicate key.
    expect(stored).toEqual([
      { email: 'Jo.Bloggs+training@Example.org', email_norm: 'jo.bloggs@example.org' },
    ])
    // The first email, and one repeat of the details: the cap holds back the third.
    const mail = await mailbox()
    expect(mail.map((m) => m.subject.split(':')[0])).toEqual([
      "You're registered",
      "You're registered",
    ])
    // The resent details go to the registered address, never to the address in the new request.
    expect(new Set(mail.map((m) => m.to_addr))).toEqual(new Set(['Jo.Bloggs+training@Example.org']))
  })

  it('treats gmail dots and googlemail.com as the same mailbox', async () => {
    expect(
      (await register(SEED.sessions.open40, person(1, { email: 'jo.bloggs@gmail.com' }))).status,
    ).toBe(201)
    expect(
      (await register(SEED.sessions.open40, person(1, { email: 'JoBloggs+x@googlemail.com' })))
        .status,
    ).toBe(409)
  })

  it('refuses sessions that are closed, not open yet, cancelled or postponed', async () => {
    const cases: [string, string, string, string][] = [
      [SEED.course.slug, SEED.sessions.cancelled, 'session_cancelled', 'cancelled or postponed'],
      [
        SEED.london.slug,
        SEED.sessions.londonPostponed,
        'session_cancelled',
        'cancelled or postponed',
      ],
      [SEED.london.slug, SEED.sessions.londonClosed, 'registration_closed', 'has closed'],
      [
        SEED.london.slug,
        SEED.sessions.londonNotOpen,
        'registration_not_open',
        'has not opened yet',
      ],
    ]
    for (const [courseSlug, sessionKey, code, text] of cases) {
      const res = await apiPost('/api/v1/registrations', {
        courseSlug,
        sessionKey,
        ...person(sessionKey),
      })
      expect(res.status).toBe(409)
      const body = (await res.json()) as ApiError
      expect(body.error.code).toBe(code)
      expect(body.error.message).toContain(text)
    }
    expect(await rows('SELECT * FROM registrations')).toEqual([])
    expect(await rows('SELECT * FROM outbox')).toEqual([])
  })

  it('answers 404 for an unknown course or session', async () => {
    for (const [courseSlug, sessionKey] of [
      ['no-such-course', SEED.sessions.open20],
      [SEED.course.slug, 'no-such-session'],
    ]) {
      const res = await apiPost('/api/v1/registrations', { courseSlug, sessionKey, ...person(1) })
      expect(res.status).toBe(404)
      expect(((await res.json()) as ApiError).error.code).toBe('not_found')
    }
  })

  it('says what to fix for every invalid field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: '' }, 'name', 'Enter your full name'],
      [{ name: undefined }, 'name', 'Enter your full name'],
      [{ name: 'x'.repeat(201) }, 'name', 'Name must be 200 characters or fewer'],
      [{ email: '' }, 'email', 'Enter your email address'],
      [
        { email: 'not-an-email' },
        'email',
        'Enter an email address in the correct format, like name@example.org',
      ],
      [
        { email: `${'a'.repeat(250)}@example.org` },
        'email',
        'Email address must be 254 characters or fewer',
      ],
      [
        { organisation: 'o'.repeat(201) },
        'organisation',
        'Organisation must be 200 characters or fewer',
      ],
      [{ role: 'astronaut' }, 'role', 'Choose your role or sector from the list'],
      [{ role: undefined }, 'role', 'Choose your role or sector from the list'],
      [
        { accessNeeds: 'a'.repeat(1001) },
        'accessNeeds',
        'Access needs must be 1000 characters or fewer',
      ],
      [{ consent: false }, 'consent', 'Tick the box to agree to us storing your details'],
      [{ consent: undefined }, 'consent', 'Tick the box to agree to us storing your details'],
      [{ courseSlug: '' }, 'courseSlug', 'Give the course slug'],
      [{ sessionKey: undefined }, 'sessionKey', 'Give the session key'],
    ]
    for (const [patch, field, message] of cases) {
      const res = await register(SEED.sessions.open20, { ...person(1), ...patch })
      expect(res.status, field).toBe(400)
      const body = (await res.json()) as ApiError
      expect(body.error.code).toBe('validation_failed')
      expect(body.error.fields?.[field], JSON.stringify(patch).slice(0, 80)).toBe(message)
    }
    expect(await rows('SELECT * FROM registrations')).toEqual([])
  })

  it('stores the consent wording and its version with the registration', async () => {
    await register(SEED.sessions.open20, person(1))
    const [row] = await rows<{ consent_text: string; consent_version: string; source: string }>(
      'SELECT consent_text, consent_version, source FROM registrations',
    )
    expect(row?.consent_version).toBe('registration-2025-01')
    expect(row?.consent_text).toContain('I agree that Safeguard may store my details')
    expect(row?.source).toBe('api')
  })

  it('requires JSON, limits the body to 16 KB and rejects malformed JSON', async () => {
    const form = await apiPost('/api/v1/registrations', 'name=x', {
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(form.status).toBe(415)
    expect(((await form.json()) as ApiError).error.code).toBe('unsupported_media_type')
    const big = await register(
      SEED.sessions.open20,
      person(1, { accessNeeds: 'x'.repeat(17 * 1024) }),
    )
    expect(big.status).toBe(413)
    expect(((await big.json()) as ApiError).error.message).toContain('16 KB')
    const bad = await apiPost('/api/v1/registrations', '{"name": ')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ApiError).error.code).toBe('invalid_json')
    expect(big.headers.get('cache-control')).toBe('private, no-store')
  })

  it('rate-limits one address per route with 429 and Retry-After', async () => {
    const ip = '203.0.113.77'
    // The limiter counts in fixed 60 s windows; 45 requests put at least 21 in one window even
    // if a window boundary falls in the middle. Empty bodies keep each request cheap (the limit
    // is checked before validation).
    const answers: Response[] = []
    for (let i = 0; i < 45; i++) {
      answers.push(await apiPost('/api/v1/registrations', {}, { 'cf-connecting-ip': ip }))
    }
    expect(new Set(answers.map((r) => r.status))).toEqual(new Set([400, 429]))
    const limited = answers.filter((r) => r.status === 429)
    expect(limited.length).toBeGreaterThan(0)
    expect(limited[0]?.headers.get('retry-after')).toBe('60')
    expect(((await limited[0]?.json()) as ApiError).error.code).toBe('rate_limited')
  })

  it('replays the stored answer for the same Idempotency-Key and body, 422 for another body', async () => {
    const body = {
      courseSlug: SEED.course.slug,
      sessionKey: SEED.sessions.open20,
      ...person('idem'),
    }
    await sendTwice(body, 'key-1', 201)
    const other = await apiPost(
      '/api/v1/registrations',
      { ...body, name: 'Someone Else' },
      { 'idempotency-key': 'key-1' },
    )
    expect(other.status).toBe(422)
    expect(((await other.json()) as ApiError).error.code).toBe('idempotency_key_reused')
    expect(await rows('SELECT id FROM registrations')).toHaveLength(1)
    expect(await rows('SELECT id FROM outbox')).toHaveLength(1)
  })

  it('with an Idempotency-Key, stores and replays refusals and duplicates too', async () => {
    const unknown = {
      courseSlug: 'no-such-course',
      sessionKey: SEED.sessions.open20,
      ...person('k1'),
    }
    await sendTwice(unknown, 'key-404', 404)

    expect((await register(SEED.sessions.open40, person('k2'))).status).toBe(201)
    const dup = { courseSlug: SEED.course.slug, sessionKey: SEED.sessions.open40, ...person('k2') }
    expect((await sendTwice(dup, 'key-dup', 409)).error.code).toBe('already_registered')
    // The replay sends nothing again: one confirmation, one "details again".
    const outbox = await rows<{ kind: string }>('SELECT kind FROM outbox ORDER BY kind')
    expect(outbox.map((o) => o.kind)).toEqual([
      'registration-already-confirmed',
      'registration-confirmed',
    ])
    const keys = await rows<{ key: string; status_code: number }>(
      'SELECT key, status_code FROM idempotency_keys ORDER BY key',
    )
    expect(keys).toEqual([
      { key: 'key-404', status_code: 404 },
      { key: 'key-dup', status_code: 409 },
    ])
  })

  it('answers 409 in progress while another request holds the key, then takes over a stale one', async () => {
    const body = {
      courseSlug: SEED.course.slug,
      sessionKey: SEED.sessions.open20,
      ...person('held'),
    }
    const raw = JSON.stringify(body)
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(raw))
    const hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
    const reserve = (createdAt: number) =>
      env.DB.prepare(
        `INSERT OR REPLACE INTO idempotency_keys (scope, key, request_hash, email_norm, created_at)
         VALUES ('registrations', 'key-held', ?, 'personheld@example.org', ?)`,
      )
        .bind(hash, createdAt)
        .run()
    await reserve(Date.now())
    const busy = await apiPost('/api/v1/registrations', raw, { 'idempotency-key': 'key-held' })
    expect(busy.status).toBe(409)
    expect(((await busy.json()) as ApiError).error.code).toBe('idempotency_in_progress')
    expect(await rows('SELECT id FROM registrations')).toEqual([])
    // A reservation left unanswered for minutes belonged to a request that died: taken over.
    await reserve(Date.now() - 10 * 60_000)
    const taken = await apiPost('/api/v1/registrations', raw, { 'idempotency-key': 'key-held' })
    expect(taken.status).toBe(201)
    expect(await rows('SELECT id FROM registrations')).toHaveLength(1)
    const [key] = await rows<{ status_code: number }>('SELECT status_code FROM idempotency_keys')
    expect(key?.status_code).toBe(201)
  })

  it('answers 503 and stores nothing when D1 fails mid-signup', async () => {
    const { default: worker } = await import('../../../worker/index')
    const failing = new Proxy(env.DB, {
      get(target, prop, receiver) {
        if (prop === 'batch') return () => Promise.reject(new Error('D1_ERROR: injected failure'))
        const value: unknown = Reflect.get(target, prop, receiver)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const request = new Request('https://example.com/api/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '192.0.2.1' },
      body: JSON.stringify({
        courseSlug: SEED.course.slug,
        sessionKey: SEED.sessions.open20,
        ...person('fail'),
      }),
    })
    const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} }
    const res = await worker.fetch(
      request,
      { ...env, DB: failing },
      ctx as unknown as ExecutionContext,
    )
    expect(res.status).toBe(503)
    const body = (await res.json()) as ApiError
    expect(body.error.code).toBe('temporarily_unavailable')
    expect(body.error.message).toContain('nothing was stored')
    expect(await rows('SELECT * FROM registrations')).toEqual([])
    expect(await rows('SELECT * FROM outbox')).toEqual([])
    expect(await mailbox()).toEqual([])
  })
})
