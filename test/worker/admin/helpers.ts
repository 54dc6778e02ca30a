// Shared fixtures for the staff API tests: signup rows written straight into D1 (the signup flows
// are tested elsewhere), staff requests with the test token, and Cloudflare Access JWTs signed
// with a locally generated RSA key whose JWKS the tests inject.
import { env, SELF } from 'cloudflare:test'
import { base64url } from '../../../worker/lib/crypto'
import { storeClient } from '../store-client'

export const STAFF_TOKEN = 'test-staff-token'

export function staffFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('Authorization', `Bearer ${STAFF_TOKEN}`)
  return SELF.fetch(`https://example.com${path}`, { ...init, headers })
}

let seq = 0

export type RegistrationSeed = {
  id?: string
  courseId: string
  sessionKey: string
  name?: string
  email?: string
  organisation?: string
  role?: string
  accessNeeds?: string
  status?: 'confirmed' | 'waitlisted' | 'offered' | 'cancelled'
  createdAt?: number
}

export async function insertRegistration(seed: RegistrationSeed): Promise<string> {
  seq++
  const id = seed.id ?? `reg-${crypto.randomUUID()}`
  const email = seed.email ?? `person${seq}-${id}@example.org`
  await env.DB.prepare(
    `INSERT INTO registrations (id, course_id, course_slug, session_key, name, email, email_norm,
       organisation, role, access_needs, status, seat_no, session_snapshot, consent_text,
       consent_version, source, created_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, '{}', 'I agree', 'test', 'form', ?12, ?12)`,
  )
    .bind(
      id,
      seed.courseId,
      seed.courseId.replace(/^course\./, ''),
      seed.sessionKey,
      seed.name ?? `Person ${seq}`,
      email,
      email.toLowerCase(),
      seed.organisation ?? 'Example Council',
      seed.role ?? 'social-workers',
      seed.accessNeeds ?? '',
      seed.status ?? 'confirmed',
      seed.createdAt ?? Date.UTC(2027, 0, 1) + seq * 1000,
    )
    .run()
  return id
}

export async function insertSignature(seed: {
  campaignId: string
  name?: string
  email?: string
  postcode?: string
  status?: 'pending' | 'confirmed'
}): Promise<string> {
  seq++
  const id = `sig-${crypto.randomUUID()}`
  const email = seed.email ?? `signer${seq}-${id}@example.org`
  const created = Date.UTC(2027, 1, 1) + seq * 1000
  const status = seed.status ?? 'confirmed'
  // A confirmed signature counts in its campaign's counter, as confirmSignature keeps it.
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO signatures (id, campaign_id, campaign_slug, name, email, email_norm, postcode,
         country, status, confirmed_seq, consent_text, consent_version, source, created_at,
         confirmed_at)
       VALUES (?1, ?2, 'test-campaign', ?3, ?4, ?5, ?6, 'United Kingdom', ?7, NULL,
         'I agree', 'test', 'form', ?8, ?9)`,
    ).bind(
      id,
      seed.campaignId,
      seed.name ?? `Signer ${seq}`,
      email,
      email.toLowerCase(),
      seed.postcode ?? 'SW1A 1AA',
      status,
      created,
      status === 'pending' ? null : created + 60_000,
    ),
    env.DB.prepare(
      `INSERT INTO petition_counts (campaign_id, confirmed) SELECT ?1, 1 WHERE ?2 = 'confirmed'
       ON CONFLICT (campaign_id) DO UPDATE SET confirmed = petition_counts.confirmed + 1`,
    ).bind(seed.campaignId, status),
  ])
  return id
}

export async function auditRows(): Promise<
  { actor: string; action: string; target: string; status: number }[]
> {
  const { results } = await env.DB.prepare(
    'SELECT actor, action, target, status FROM staff_audit_log ORDER BY id',
  ).all<{ actor: string; action: string; target: string; status: number }>()
  return results
}

// --- Cloudflare Access JWTs ---------------------------------------------------------------

export type TestSigner = {
  kid: string
  jwk: JsonWebKey & { kid: string; kty: string }
  privateKey: CryptoKey
}

export async function makeSigner(kid = 'test-key-1'): Promise<TestSigner> {
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair
  const exported = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey
  return { kid, jwk: { ...exported, kid, kty: 'RSA' }, privateKey: pair.privateKey }
}

export async function signJwt(
  signer: TestSigner,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const enc = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)))
  const head = enc({ alg: 'RS256', kid: signer.kid, typ: 'JWT', ...header })
  const body = enc(claims)
  const sig = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    signer.privateKey,
    new TextEncoder().encode(`${head}.${body}`),
  )
  return `${head}.${body}.${base64url(sig)}`
}

export const ACCESS_TEAM = 'safeguard-test.cloudflareaccess.com'
export const ACCESS_AUD = 'test-access-audience-tag'

export function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  return {
    aud: [ACCESS_AUD],
    iss: `https://${ACCESS_TEAM}`,
    email: 'trainer@safeguard.example',
    sub: 'user-1',
    iat: now,
    nbf: now,
    exp: now + 600,
    type: 'app',
    ...overrides,
  }
}

// --- Content in the embedded store ----------------------------------------------------------

export { storeClient }

/** A published course of our own per test file, so counts never mix with other suites' rows. */
export async function createTestCourse(suffix: string): Promise<{ id: string; slug: string }> {
  const slug = `staff-test-${suffix}-${crypto.randomUUID().slice(0, 8)}`
  const id = `course.${slug}`
  await storeClient().createOrReplace({
    _id: id,
    _type: 'course',
    title: `Staff test course ${suffix}`,
    slug: { _type: 'slug', current: slug },
    format: 'webinar',
    summary: 'A course created by the staff tools tests.',
    sessions: [
      {
        _key: 'morning',
        _type: 'courseSession',
        title: 'Morning',
        start: '2027-06-16T09:00:00Z',
        durationMinutes: 90,
        timezone: 'Europe/London',
        mode: 'online',
        capacity: 3,
        status: 'scheduled',
      },
      {
        _key: 'evening',
        _type: 'courseSession',
        title: 'Evening',
        start: '2027-06-16T18:00:00Z',
        durationMinutes: 90,
        timezone: 'Europe/London',
        mode: 'online',
        capacity: 10,
        status: 'scheduled',
      },
    ],
  })
  return { id, slug }
}

/** A test course with a draft whose title only the draft has, for the preview tests. */
export async function createTestCourseWithDraft(
  suffix: string,
  draftTitle: string,
): Promise<{ id: string; slug: string }> {
  const course = await createTestCourse(suffix)
  const published = await storeClient().getDocument(course.id)
  await storeClient().createOrReplace({
    ...published,
    _id: `drafts.${course.id}`,
    _type: 'course',
    title: draftTitle,
  })
  return course
}

export async function createTestCampaign(suffix: string): Promise<{ id: string; slug: string }> {
  const slug = `staff-test-${suffix}-${crypto.randomUUID().slice(0, 8)}`
  const id = `campaign.${slug}`
  await storeClient().createOrReplace({
    _id: id,
    _type: 'campaign',
    title: `Staff test petition ${suffix}`,
    slug: { _type: 'slug', current: slug },
    kind: 'petition',
    status: 'live',
    summary: 'A petition created by the staff tools tests.',
    petition: {
      target: 'Home Secretary',
      goal: 50,
      milestones: [2, 5, 40],
      offlineCount: 1,
      showCount: true,
    },
  })
  return { id, slug }
}
