// Read-side counts that other parts of the site show (seats left on course pages, petition
// totals). Writes live beside their flows (registrations.ts, petitions.ts, alerts.ts).

export type SeatCounts = { confirmed: number; waitlisted: number }

// 'offered' seats are held for the person we offered them to, so they count as taken.
export async function sessionSeatCounts(
  db: D1Database,
  courseId: string,
): Promise<Record<string, SeatCounts>> {
  const { results } = await db
    .prepare(
      `SELECT session_key,
              sum(CASE WHEN status IN ('confirmed', 'offered') THEN 1 ELSE 0 END) AS confirmed,
              sum(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END) AS waitlisted
         FROM registrations
        WHERE course_id = ?1 AND status != 'cancelled'
        GROUP BY session_key`,
    )
    .bind(courseId)
    .all<{ session_key: string; confirmed: number; waitlisted: number }>()
  const counts: Record<string, SeatCounts> = {}
  for (const row of results) {
    counts[row.session_key] = { confirmed: row.confirmed, waitlisted: row.waitlisted }
  }
  return counts
}

// Confirmed signatures only; the campaign's offlineCount is added by whoever displays a total.
// One row read: the counter kept beside the writes (migration 0006), not a count(*) that reads
// every confirmed signature on each page build and count request.
export async function petitionCount(db: D1Database, campaignId: string): Promise<number> {
  const row = await db
    .prepare('SELECT confirmed FROM petition_counts WHERE campaign_id = ?1')
    .bind(campaignId)
    .first<{ confirmed: number }>()
  return row?.confirmed ?? 0
}
