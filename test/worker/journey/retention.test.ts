// Retention for the after-registration tables: certificates for RETENTION_DAYS after issue,
// feedback with its registration, reminder records for 30 days.
import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { runRetention } from '../../../worker/privacy/retention'
import { clearSignupTables, rows } from '../signups/helpers'
import { clearJourneyTables } from './helpers'

const DAY = 86_400_000

beforeEach(async () => {
  await clearSignupTables()
  await clearJourneyTables()
})

const certificate = (id: string, issuedAt: number) =>
  env.DB.prepare(
    `INSERT INTO certificates (id, code, registration_id, email_norm, name, course_id, course_title,
       course_slug, session_key, session_start, duration_minutes, cpd_hours, provider, issued_at)
     VALUES (?1, ?1, ?1, 'a@example.org', 'A', 'course.x', 'X', 'x', 's', '2026-01-01T10:00:00Z',
       60, 1, 'P', ?2)`,
  ).bind(id, issuedAt)

describe('retention after registration', () => {
  it('deletes old certificates, orphaned feedback and old reminder records only', async () => {
    const now = Date.now()
    await env.DB.batch([
      certificate('old', now - 400 * DAY),
      certificate('recent', now - 10 * DAY),
      env.DB.prepare(
        `INSERT INTO feedback (registration_id, email_norm, course_id, session_key, rating,
           created_at, updated_at) VALUES ('gone', 'a@example.org', 'course.x', 's', 4, ?1, ?1)`,
      ).bind(now),
      env.DB.prepare(
        `INSERT INTO journey_reminders (registration_id, kind, email_norm, outbox_id, sent_at)
         VALUES ('r1', '48h@x', 'a@example.org', 'o1', ?1), ('r2', '1h@x', 'a@example.org', 'o2', ?2)`,
      ).bind(now - 31 * DAY, now - DAY),
    ])
    await runRetention(env, now)
    expect(await rows('SELECT id FROM certificates')).toEqual([{ id: 'recent' }])
    expect(await rows('SELECT 1 FROM feedback')).toEqual([])
    expect(await rows('SELECT registration_id FROM journey_reminders')).toEqual([
      { registration_id: 'r2' },
    ])
  })
})
