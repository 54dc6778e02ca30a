// When a session ends: one rule for the course page, the course lists, the calendars, a
// registrant's snapshot and certificates. A session whose length is not given counts as an hour;
// the course lists' query counts it the same way in the store (queries.ts, LIST_SESSIONS).
export const DEFAULT_DURATION_MINUTES = 60

/** The session's end in milliseconds since the epoch (NaN when its start cannot be read). */
export function sessionEnd(s: { start: string; durationMinutes?: number | null }): number {
  return Date.parse(s.start) + (s.durationMinutes ?? DEFAULT_DURATION_MINUTES) * 60_000
}
