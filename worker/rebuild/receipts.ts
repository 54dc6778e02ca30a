// Publish receipts: what each rebuild did, for staff ("which pages were rebuilt, when, for which
// transaction"). A large fan-out finishes in later queue messages that add to the same row, so
// pages are merged as sets (a retried chunk never lists a page twice).
import * as z from 'zod'

export type ReceiptStart = {
  id: string
  transactionId: string
  reason: string
  documentIds: string[]
  planned: number
}

export async function openReceipt(
  db: D1Database,
  r: ReceiptStart,
  now = new Date(),
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO publish_receipts
         (id, transaction_id, reason, document_ids, pages_planned, status, started_at)
       VALUES (?1, ?2, ?3, ?4, ?5, 'running', ?6)
       ON CONFLICT (id) DO UPDATE SET attempts = attempts + 1, status = 'running',
         pages_planned = max(pages_planned, ?5)`,
    )
    .bind(
      r.id,
      r.transactionId,
      r.reason,
      JSON.stringify(r.documentIds),
      r.planned,
      now.toISOString(),
    )
    .run()
}

const merge = (column: string, param: string) =>
  `(SELECT json_group_array(value) FROM
     (SELECT value FROM json_each(${column}) UNION SELECT value FROM json_each(${param})))`

export type ReceiptProgress = {
  pages: string[]
  changed: string[]
  failed: string[]
  error?: string
}

export async function recordProgress(
  db: D1Database,
  id: string,
  p: ReceiptProgress,
  now = new Date(),
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `UPDATE publish_receipts SET pages = ${merge('pages', '?2')}, changed = ${merge('changed', '?3')},
           failed = ${merge('failed', '?4')}, finished_at = ?5, error = coalesce(?6, error)
         WHERE id = ?1`,
      )
      .bind(
        id,
        JSON.stringify(p.pages),
        JSON.stringify(p.changed),
        JSON.stringify(p.failed),
        now.toISOString(),
        p.error ?? null,
      ),
    // A page that failed once and was rebuilt by a retry is no longer a failure.
    db
      .prepare(
        `UPDATE publish_receipts SET failed = (SELECT json_group_array(value) FROM json_each(failed)
           WHERE value NOT IN (SELECT value FROM json_each(pages)))
         WHERE id = ?1`,
      )
      .bind(id),
    db
      .prepare(
        `UPDATE publish_receipts SET
           status = CASE
             WHEN json_array_length(failed) > 0 THEN 'failed'
             WHEN json_array_length(pages) >= pages_planned THEN 'done'
             ELSE 'running' END,
           error = CASE WHEN json_array_length(failed) = 0 THEN NULL ELSE error END
         WHERE id = ?1`,
      )
      .bind(id),
  ])
}

const rowSchema = z.object({
  id: z.string(),
  transaction_id: z.string(),
  reason: z.string(),
  document_ids: z.string(),
  pages_planned: z.number(),
  pages: z.string(),
  changed: z.string(),
  failed: z.string(),
  status: z.string(),
  error: z.string().nullable(),
  attempts: z.number(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
})

const strings = z.array(z.string()).catch([])
const jsonList = (text: string) => {
  try {
    return strings.parse(JSON.parse(text))
  } catch {
    return []
  }
}

export type Receipt = {
  id: string
  transactionId: string
  reason: string
  documentIds: string[]
  pagesPlanned: number
  pagesRebuilt: string[]
  pagesChanged: string[]
  pagesFailed: string[]
  status: string
  error: string | null
  attempts: number
  startedAt: string
  finishedAt: string | null
}

export async function listReceipts(
  db: D1Database,
  opts: { limit: number; transactionId?: string },
): Promise<Receipt[]> {
  const stmt = opts.transactionId
    ? db
        .prepare(
          'SELECT * FROM publish_receipts WHERE transaction_id = ? ORDER BY started_at DESC, id LIMIT ?',
        )
        .bind(opts.transactionId, opts.limit)
    : db
        .prepare('SELECT * FROM publish_receipts ORDER BY started_at DESC, id LIMIT ?')
        .bind(opts.limit)
  const { results } = await stmt.all()
  return results.map((raw) => {
    const row = rowSchema.parse(raw)
    return {
      id: row.id,
      transactionId: row.transaction_id,
      reason: row.reason,
      documentIds: jsonList(row.document_ids),
      pagesPlanned: row.pages_planned,
      pagesRebuilt: jsonList(row.pages),
      pagesChanged: jsonList(row.changed),
      pagesFailed: jsonList(row.failed),
      status: row.status,
      error: row.error,
      attempts: row.attempts,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    }
  })
}
