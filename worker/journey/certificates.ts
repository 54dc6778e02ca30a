// Certificates of attendance. After a session ends, every registration staff checked in
// (staff_check_ins) gets a certificate row and the after-session email in one batch, the email
// written only if this run inserted the certificate: one certificate and one email per
// registration, however often the cron runs. The row copies the printed facts, and its
// verification code is random (80 bits), so it can be checked publicly without a lookup by name.
import { notifyMailQueue, outboxInsertIf } from '../mail/message'
import type { RegistrationRow } from '../signups/registrations'
import { parseSnapshot, type SessionSnapshot } from '../mail/contracts'
import { sessionEnd } from '../content/session-time'
import { journeyCourses, loadJourneySettings, providerName } from './content'
import { afterSessionEmail } from './emails'

/** Ended sessions' attendees handled per run; the next run takes the rest. */
const MAX_PER_RUN = 200
/**
 * Attendance marked up to this long after a session still earns a certificate automatically;
 * older sessions are not looked at again.
 */
const ISSUE_WINDOW_DAYS = 30

export type CertificateRow = {
  id: string
  code: string
  registration_id: string
  email_norm: string
  name: string
  course_id: string
  course_title: string
  course_slug: string
  session_key: string
  session_start: string
  duration_minutes: number
  cpd_hours: number | null
  provider: string
  issued_at: number
  withdrawn_at: number | null
  withdrawn_reason: string
}

// Crockford's base32 without I, L, O, U: no characters a reader can confuse.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A random verification code, "7KD2-M9QX-4TZB-H1CE": 16 characters, 80 bits. */
function newVerificationCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31] ?? '0').join('')
  return chars.match(/.{4}/g)?.join('-') ?? chars
}

/** A code as typed by a person: case, spaces and missing dashes do not matter. */
export function normaliseCode(input: string): string | null {
  const plain = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(plain)) return null
  return plain.match(/.{4}/g)?.join('-') ?? null
}

/** Issues certificates for sessions ended by `now`; rows and mail are stamped with the real time. */
export async function issueCertificates(env: Env, now: number = Date.now()): Promise<number> {
  const db = env.DB
  // Checked in, still confirmed, no certificate yet, for a session that started within the
  // window: read through the (status, start) index, so the cost follows recent sessions only.
  const { results } = await db
    .prepare(
      `SELECT r.* FROM registrations r JOIN staff_check_ins c ON c.registration_id = r.id
        WHERE r.status = 'confirmed'
          AND json_extract(r.session_snapshot, '$.start') > ?2
          AND json_extract(r.session_snapshot, '$.start') <= ?3
          AND NOT EXISTS (SELECT 1 FROM certificates x WHERE x.registration_id = r.id)
        ORDER BY c.checked_in_at LIMIT ?1`,
    )
    .bind(
      MAX_PER_RUN,
      new Date(now - ISSUE_WINDOW_DAYS * 86_400_000).toISOString(),
      new Date(now).toISOString(),
    )
    .all<RegistrationRow>()
  const ended = results.filter((r) => {
    const s = parseSnapshot(r.session_snapshot)
    return s.status === 'scheduled' && sessionEnd(s) <= now
  })
  if (ended.length === 0) return 0
  const [courses, settings] = await Promise.all([
    journeyCourses(env, [...new Set(ended.map((r) => r.course_id))]),
    loadJourneySettings(env),
  ])
  let issued = 0
  for (const row of ended) {
    const s = parseSnapshot(row.session_snapshot)
    const course = courses.get(row.course_id)
    const cert = {
      id: crypto.randomUUID(),
      code: newVerificationCode(),
      cpdHours: course?.cpdHours ?? null,
    }
    const outboxId = crypto.randomUUID()
    const email = await afterSessionEmail(env, s, row, cert)
    const [inserted] = await db.batch([
      db
        .prepare(
          `INSERT INTO certificates (id, code, registration_id, email_norm, name, course_id,
             course_title, course_slug, session_key, session_start, duration_minutes, cpd_hours,
             provider, issued_at)
           SELECT ?1, ?2, r.id, r.email_norm, r.name, r.course_id, ?3, r.course_slug,
                  r.session_key, ?4, ?5, ?6, ?7, ?8
             FROM registrations r JOIN staff_check_ins c ON c.registration_id = r.id
            WHERE r.id = ?9 AND r.status = 'confirmed'
           ON CONFLICT DO NOTHING`,
        )
        .bind(
          cert.id,
          cert.code,
          s.courseTitle,
          s.start,
          s.durationMinutes,
          cert.cpdHours,
          providerName(course, settings),
          Date.now(),
          row.id,
        ),
      outboxInsertIf(db, outboxId, email, Date.now(), 'SELECT 1 FROM certificates WHERE id = ?', [
        cert.id,
      ]),
    ])
    if ((inserted?.meta.changes ?? 0) === 0) continue
    issued++
    await notifyMailQueue(env, [outboxId])
  }
  return issued
}

export async function certificateById(db: D1Database, id: string) {
  return db.prepare('SELECT * FROM certificates WHERE id = ?1').bind(id).first<CertificateRow>()
}

export async function certificateByCode(db: D1Database, code: string) {
  return db.prepare('SELECT * FROM certificates WHERE code = ?1').bind(code).first<CertificateRow>()
}

/** Withdraws a certificate; a second withdrawal keeps the first time and reason. */
export async function withdrawCertificate(
  db: D1Database,
  code: string,
  reason: string,
  now: number = Date.now(),
): Promise<CertificateRow | null> {
  await db
    .prepare(
      `UPDATE certificates SET withdrawn_at = ?2, withdrawn_reason = ?3
        WHERE code = ?1 AND withdrawn_at IS NULL`,
    )
    .bind(code, now, reason)
    .run()
  return certificateByCode(db, code)
}
