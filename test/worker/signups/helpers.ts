// Shared helpers for the signup tests: requests as a browser form or a partner API client
// would send them, table cleanup, and reading delivered mail from the dev mailbox.
import { env, SELF } from 'cloudflare:test'
import { expect } from 'vitest'
import { flushOutbox } from '../../../worker/mail/consumer'
import { interceptD1 } from '../d1-intercept'

export const ORIGIN = 'https://example.com'

/** The seed content the signup tests use (studio/seed/dataset.ndjson). */
export const SEED = {
  /** The example course, online. */
  course: { slug: 'example-nrm-refresher', id: 'course.example-nrm-refresher' },
  /** A course in person, in London. */
  london: { slug: 'example-introduction-london' },
  /**
   * Session keys, named for what the tests rely on: the example course's open20 (20 seats) and
   * open40 (40 seats) take registrations and its third is cancelled; the London course's first
   * takes registrations, and the others have closed, not opened yet, or been postponed.
   */
  sessions: {
    open20: 'nrm-2027-11-17',
    open40: 'nrm-2027-06-16',
    cancelled: 'nrm-2027-03-10',
    londonOpen: 'london-2027-03-30',
    londonClosed: 'london-2027-03-04',
    londonNotOpen: 'london-2027-10-12',
    londonPostponed: 'london-2027-05-20',
  },
  /** A live petition. */
  petition: {
    slug: 'example-guardian-for-every-child',
    id: 'campaign.example-guardian-for-every-child',
  },
  /** A petition that has closed. */
  closedPetition: { slug: 'specialist-support-petition' },
} as const

/** The signup tables whose rows are about a person: what they sent, or what was sent to them. */
export const PERSON_TABLES = [
  'registrations',
  'signatures',
  'alert_subscriptions',
  'alert_deliveries',
  'outbox',
  'mailbox',
  'idempotency_keys',
]

const SIGNUP_TABLES = [...PERSON_TABLES, 'petition_counts', 'page_refreshes']

/**
 * A session snapshot as a registration stores it: by default the example course's open online
 * session, 90 minutes in London time; `over` replaces any of its fields.
 */
export function sessionSnapshot(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    courseId: SEED.course.id,
    courseTitle: 'Example course',
    courseSlug: SEED.course.slug,
    sessionKey: SEED.sessions.open20,
    title: '',
    start: '2027-11-17T10:00:00.000Z',
    durationMinutes: 90,
    timezone: 'Europe/London',
    mode: 'online',
    venue: '',
    onlineDetails: '',
    status: 'scheduled',
    ...over,
  }
}

export async function clearSignupTables(): Promise<void> {
  await env.DB.batch(SIGNUP_TABLES.map((t) => env.DB.prepare(`DELETE FROM ${t}`)))
}

let ipSeq = 0
/** A distinct client address per request, so the per-IP rate limit never interferes. */
export function freshIp(): string {
  ipSeq++
  return `198.51.${Math.floor(ipSeq / 250) % 250}.${(ipSeq % 250) + 1}`
}

export function apiPost(path: string, body: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export function formPost(
  path: string,
  fields: Record<string, string | string[]>,
  headers: Record<string, string> = {},
) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one)
  }
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: ORIGIN,
      'sec-fetch-site': 'same-origin',
      'cf-connecting-ip': freshIp(),
      ...headers,
    },
    body: body.toString(),
    redirect: 'manual',
  })
}

export function person(n: number | string, extra: Record<string, unknown> = {}) {
  return {
    name: `Test Person ${n}`,
    email: `person${n}@example.org`,
    organisation: 'Example Council',
    role: 'social-workers',
    accessNeeds: '',
    consent: true,
    ...extra,
  }
}

/** Person `n` registers through the partner API for a session of the example course. */
export function registerApi(
  n: number | string,
  options: { session?: string; extra?: Record<string, unknown> } = {},
) {
  return apiPost('/api/v1/registrations', {
    courseSlug: SEED.course.slug,
    sessionKey: options.session ?? SEED.sessions.open20,
    ...person(n, options.extra),
  })
}

/** As registerApi, for a registration the test needs to have succeeded. */
export async function mustRegister(
  n: number | string,
  options: { session?: string; extra?: Record<string, unknown> } = {},
): Promise<void> {
  expect((await registerApi(n, options)).status).toBe(201)
}

export function registrationForm(n: number | string, extra: Record<string, string> = {}) {
  return {
    name: `Form Person ${n}`,
    email: `form${n}@example.org`,
    organisation: '',
    role: 'police',
    accessNeeds: '',
    consent: 'yes',
    website: '',
    ...extra,
  }
}

export type MailRow = {
  id: string
  to_addr: string
  subject: string
  text_body: string
  html_body: string
  attachments: string
  headers: string
}

/** Delivers everything due and returns the mailbox (oldest first), optionally for one address. */
export async function mailbox(to?: string): Promise<MailRow[]> {
  for (let i = 0; i < 40; i++) {
    await flushOutbox(env, 500)
    const pending = await env.DB.prepare(
      `SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')`,
    ).first<{ n: number }>()
    if ((pending?.n ?? 0) === 0) break
    await new Promise((r) => setTimeout(r, 50))
  }
  const { results } = await env.DB.prepare(
    `SELECT * FROM mailbox ${to ? 'WHERE to_addr = ?' : ''} ORDER BY created_at, rowid`,
  )
    .bind(...(to ? [to] : []))
    .all<MailRow>()
  return results
}

/** The path and query of the link in a message that follows the given label line. */
export function linkAfter(text: string, label: string): string {
  const lines = text.split('\n')
  const i = lines.findIndex((l) => l.startsWith(label))
  // Actions put the URL on the next line, footer links on the same line.
  const sameLine = lines[i]?.slice(label.length).trim()
  const url = sameLine || lines[i + 1]
  if (i < 0 || !url) throw new Error(`no "${label}" link in:\n${text}`)
  const u = new URL(url)
  return `${u.pathname}${u.search}`
}

export function tokenOf(path: string): string {
  return new URL(path, ORIGIN).searchParams.get('token') ?? ''
}

export async function rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]) {
  const { results } = await env.DB.prepare(sql)
    .bind(...params)
    .all<T>()
  return results
}

/**
 * The real D1 binding, adding up the rows D1 reports reading (meta.rows_read, what the free
 * plan's daily allowance counts) for every statement run through it, batches included.
 */
export function meteredDb(real: D1Database): { db: D1Database; rowsRead(): number } {
  let read = 0
  const db = interceptD1(real, {
    execute: async (method, statement, original) => {
      if (method === 'raw') return original()
      // first() hides the meta: run the same statement with all() and hand back its first row.
      const result = method === 'run' ? await statement.run() : await statement.all()
      read += result.meta.rows_read
      return method === 'first' ? (result.results[0] ?? null) : result
    },
    batch: async (original) => {
      const results = await original()
      for (const r of results) read += r.meta.rows_read
      return results
    },
  })
  return { db, rowsRead: () => read }
}
