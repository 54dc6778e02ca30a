// Feedback after a session: a 1–5 rating and two optional answers, one per registration.
// Sending the form again replaces the earlier answer (people correct a slip of the finger), in
// one statement, so a double submit stores one answer.
import * as z from 'zod'

export const FEEDBACK_TEXT_MAX = 2000

export const feedbackInput = z.object({
  rating: z
    .string()
    .trim()
    .regex(/^[1-5]$/, 'Choose a rating from 1 to 5')
    .transform(Number),
  mostUseful: z
    .string()
    .trim()
    .max(FEEDBACK_TEXT_MAX, `Keep this answer to ${FEEDBACK_TEXT_MAX} characters or fewer`),
  improve: z
    .string()
    .trim()
    .max(FEEDBACK_TEXT_MAX, `Keep this answer to ${FEEDBACK_TEXT_MAX} characters or fewer`),
})
export type FeedbackInput = z.output<typeof feedbackInput>

export type FeedbackRow = {
  registration_id: string
  course_id: string
  session_key: string
  rating: number
  most_useful: string
  improve: string
  created_at: number
  updated_at: number
}

export async function findFeedback(db: D1Database, registrationId: string) {
  return db
    .prepare('SELECT * FROM feedback WHERE registration_id = ?1')
    .bind(registrationId)
    .first<FeedbackRow>()
}

/** Stores (or replaces) the answer; 'updated' when one was already there. False: no registration. */
export async function saveFeedback(
  db: D1Database,
  registrationId: string,
  input: FeedbackInput,
  now: number = Date.now(),
): Promise<'saved' | 'updated' | 'unknown'> {
  const row = await db
    .prepare(
      `INSERT INTO feedback (registration_id, email_norm, course_id, session_key, rating,
         most_useful, improve, created_at, updated_at)
       SELECT id, email_norm, course_id, session_key, ?2, ?3, ?4, ?5, ?5
         FROM registrations WHERE id = ?1
       ON CONFLICT (registration_id) DO UPDATE SET rating = excluded.rating,
         most_useful = excluded.most_useful, improve = excluded.improve,
         updated_at = excluded.updated_at
       RETURNING created_at`,
    )
    .bind(registrationId, input.rating, input.mostUseful, input.improve, now)
    .first<{ created_at: number }>()
  if (!row) return 'unknown'
  return row.created_at === now ? 'saved' : 'updated'
}

export type SessionFeedback = {
  count: number
  average: number | null
  ratings: Record<'1' | '2' | '3' | '4' | '5', number>
  answers: { rating: number; mostUseful: string; improve: string; submittedAt: string }[]
}

/** Results for one session, for staff. The answers carry no names or email addresses. */
export async function sessionFeedback(
  db: D1Database,
  courseId: string,
  sessionKey: string,
): Promise<SessionFeedback> {
  const { results } = await db
    .prepare(
      `SELECT rating, most_useful, improve, updated_at FROM feedback
        WHERE course_id = ?1 AND session_key = ?2 ORDER BY updated_at, registration_id`,
    )
    .bind(courseId, sessionKey)
    .all<{ rating: number; most_useful: string; improve: string; updated_at: number }>()
  const ratings = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }
  let sum = 0
  for (const r of results) {
    sum += r.rating
    const key = String(r.rating) as keyof typeof ratings
    ratings[key]++
  }
  return {
    count: results.length,
    average: results.length ? Math.round((sum / results.length) * 100) / 100 : null,
    ratings,
    answers: results.map((r) => ({
      rating: r.rating,
      mostUseful: r.most_useful,
      improve: r.improve,
      submittedAt: new Date(r.updated_at).toISOString(),
    })),
  }
}
