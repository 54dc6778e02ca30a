// Idempotency-Key for the partner API: the same key with the same body answers the stored
// response; the same key with a different body is a client error (422). The key is reserved
// before the work starts, so two concurrent retries cannot both register someone. If the answer
// cannot be stored after the work committed, the client still gets the true answer, and a
// reservation left without an answer is taken over once it is stale instead of blocking the key.
// Registrations take the key in the same D1 batch as their work and its answer (`claimKey`
// below): reserve, register, store the answer, all or nothing, in one round trip.
import type { Context } from 'hono'
import * as z from 'zod'
import type { AppEnv } from '../app-env'
import { mailboxAddress, normaliseEmail } from '../lib/email-norm'
import { fail } from '../lib/http-errors'

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/** A reservation this old with no answer belongs to a request that died or could not finish. */
const IDEMPOTENCY_STALE_MS = 2 * 60 * 1000
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/

export type ApiAnswer = { status: 200 | 201 | 202 | 400 | 404 | 409 | 422; body: unknown }

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

const storedRow = z.object({
  request_hash: z.string(),
  status_code: z.number().nullable(),
  response_body: z.string().nullable(),
  created_at: z.number(),
})
type Stored = z.infer<typeof storedRow>
const storedClaimRow = storedRow.extend({ claim: z.string().nullable() })

/** A request's hold on an Idempotency-Key, taken inside the batch that does its work. */
export type Claim = {
  scope: string
  key: string
  hash: string
  /** Whose request this is (the address as typed), so privacy erasure can remove the record. */
  email: string
  /** Marks the row as this request's when the batch reserved or took over the key. */
  nonce: string
  now: number
}

export type StoredClaim = z.infer<typeof storedClaimRow>

/** The key's row as storedClaim's statement returned it (none when the key is not stored). */
export function readStoredClaim(result: D1Result | undefined): StoredClaim | undefined {
  const row = result?.results[0]
  return row === undefined ? undefined : storedClaimRow.parse(row)
}

/**
 * The request's claim on its Idempotency-Key: null without the header; a malformed key fails
 * with 400. Nothing is written yet; see claimStatements.
 */
export async function claimFor(
  c: Context<AppEnv>,
  scope: string,
  rawBody: string,
  email: string,
): Promise<Claim | null> {
  const key = c.req.header('idempotency-key')
  if (key === undefined) return null
  if (!KEY_PATTERN.test(key)) invalidKey()
  const hash = await sha256Hex(rawBody)
  return { scope, key, hash, email, nonce: crypto.randomUUID(), now: Date.now() }
}

/**
 * The first statements of the batch: forget the key if expired, take over a stale unanswered
 * reservation for the same body, else reserve it. Afterwards the row carries this claim's nonce
 * only if this request may do the work; `holdsClaim` lets later statements depend on that.
 */
export function claimStatements(db: D1Database, k: Claim): D1PreparedStatement[] {
  return [
    db
      .prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND created_at < ?')
      .bind(k.scope, k.key, k.now - IDEMPOTENCY_TTL_MS),
    db
      .prepare(
        `UPDATE idempotency_keys SET created_at = ?, claim = ?
          WHERE scope = ? AND key = ? AND request_hash = ? AND status_code IS NULL
            AND created_at < ?`,
      )
      .bind(k.now, k.nonce, k.scope, k.key, k.hash, k.now - IDEMPOTENCY_STALE_MS),
    db
      .prepare(
        `INSERT INTO idempotency_keys
           (scope, key, request_hash, email_norm, email, created_at, claim)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING`,
      )
      .bind(
        k.scope,
        k.key,
        k.hash,
        normaliseEmail(k.email),
        mailboxAddress(k.email),
        k.now,
        k.nonce,
      ),
  ]
}

/** An SQL condition, with numbered placeholders from `first`: this request holds the key. */
export function holdsClaim(k: Claim): { sql: string; params: unknown[] } {
  return {
    sql: `EXISTS (SELECT 1 FROM idempotency_keys WHERE scope = ? AND key = ? AND claim = ?)`,
    params: [k.scope, k.key, k.nonce],
  }
}

/** The last statement of the batch: the key's row as the batch left it. */
export function storedClaim(db: D1Database, k: Claim): D1PreparedStatement {
  return db
    .prepare(
      `SELECT request_hash, status_code, response_body, created_at, claim FROM idempotency_keys
        WHERE scope = ? AND key = ?`,
    )
    .bind(k.scope, k.key)
}

/**
 * Null when this request held the key (its own answer stands); otherwise the answer owed to a
 * request whose key another request already used: the stored answer, or it fails (422, 409).
 */
export function answerForTakenKey(
  c: Context<AppEnv>,
  k: Claim,
  stored: StoredClaim | undefined,
): Response | null {
  if (stored?.claim === k.nonce) return null
  return storedAnswer(c, stored, k.hash)
}

/**
 * Records an answer decided without writing anything else (unknown course, closed session)
 * under the key, in one batch; answers it, or what the key already holds.
 */
export async function answerWithClaim(
  c: Context<AppEnv>,
  k: Claim,
  answer: ApiAnswer,
): Promise<Response> {
  const db = c.env.DB
  const body = JSON.stringify(answer.body)
  const results = await db.batch([
    ...claimStatements(db, k),
    db
      .prepare(
        `UPDATE idempotency_keys SET status_code = ?, response_body = ?
          WHERE scope = ? AND key = ? AND claim = ?`,
      )
      .bind(answer.status, body, k.scope, k.key, k.nonce),
    storedClaim(db, k),
  ])
  const stored = readStoredClaim(results.at(-1))
  return (
    answerForTakenKey(c, k, stored) ??
    c.body(body, answer.status, { 'Content-Type': 'application/json' })
  )
}

function invalidKey(): never {
  fail(
    400,
    'invalid_idempotency_key',
    'Idempotency-Key must be 1 to 200 visible ASCII characters, for example a UUID.',
  )
}

/** A request with an already used key gets a replay, or fails: 422 (other body), 409 (unanswered). */
function storedAnswer(
  c: Context<AppEnv>,
  stored: Stored | null | undefined,
  hash: string,
): Response {
  if (stored && stored.request_hash !== hash) {
    fail(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request body. Send a new key for a new request.',
    )
  }
  if (!stored || stored.status_code === null || stored.response_body === null) {
    fail(
      409,
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed. Retry in a moment.',
      { headers: { 'Retry-After': '1' } },
    )
  }
  c.header('Idempotent-Replayed', 'true')
  return c.body(stored.response_body, stored.status_code as ApiAnswer['status'], {
    'Content-Type': 'application/json',
  })
}

export async function withIdempotency(
  c: Context<AppEnv>,
  scope: string,
  rawBody: string,
  email: string,
  work: () => Promise<ApiAnswer>,
): Promise<Response> {
  const key = c.req.header('idempotency-key')
  if (key === undefined) {
    const answer = await work()
    return c.json(answer.body, answer.status)
  }
  if (!KEY_PATTERN.test(key)) invalidKey()
  const db = c.env.DB
  const hash = await sha256Hex(rawBody)
  const now = Date.now()
  // An expired key is forgotten first, so it can be used again.
  await db
    .prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND created_at < ?')
    .bind(scope, key, now - IDEMPOTENCY_TTL_MS)
    .run()
  const reserved = await db
    .prepare(
      `INSERT INTO idempotency_keys (scope, key, request_hash, email_norm, email, created_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING`,
    )
    .bind(scope, key, hash, normaliseEmail(email), mailboxAddress(email), now)
    .run()
  if (reserved.meta.changes === 0 && !(await takeOverStale(db, scope, key, hash, now))) {
    const stored = await db
      .prepare(
        'SELECT request_hash, status_code, response_body, created_at FROM idempotency_keys WHERE scope = ? AND key = ?',
      )
      .bind(scope, key)
      .first<Stored>()
    return storedAnswer(c, stored, hash)
  }
  let answer: ApiAnswer
  try {
    answer = await work()
  } catch (err) {
    // Nothing was stored for this request, so the client may retry with the same key.
    await db
      .prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ?')
      .bind(scope, key)
      .run()
      .catch(() => undefined)
    throw err
  }
  const body = JSON.stringify(answer.body)
  // The work has committed: whatever happens to the stored answer, this answer is the truth.
  const store = () =>
    db
      .prepare(
        'UPDATE idempotency_keys SET status_code = ?, response_body = ? WHERE scope = ? AND key = ?',
      )
      .bind(answer.status, body, scope, key)
      .run()
  try {
    await store()
  } catch {
    await store().catch(() => {
      console.error('idempotency: answer not stored; the reservation is released when stale')
    })
  }
  return c.body(body, answer.status, { 'Content-Type': 'application/json' })
}

/**
 * A reservation with no answer, older than IDEMPOTENCY_STALE_MS and for the same body, is taken
 * over by this request (re-running the work is safe: a stored signup answers as a duplicate).
 */
async function takeOverStale(
  db: D1Database,
  scope: string,
  key: string,
  hash: string,
  now: number,
): Promise<boolean> {
  const taken = await db
    .prepare(
      `UPDATE idempotency_keys SET created_at = ?
        WHERE scope = ? AND key = ? AND request_hash = ? AND status_code IS NULL
          AND created_at < ?`,
    )
    .bind(now, scope, key, hash, now - IDEMPOTENCY_STALE_MS)
    .run()
  return taken.meta.changes === 1
}
