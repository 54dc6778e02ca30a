// The latest publish receipt per document (table publish_receipts, owned by the rebuild layer,
// migration 0002): which pages went live and when, shown next to the counts in the Studio.
import { z } from 'zod'

export type ReceiptSummary = {
  id: string
  reason: string
  status: 'running' | 'done' | 'failed'
  startedAt: string
  finishedAt: string | null
  /** Every page rebuilt for the change. */
  pages: string[]
  /** The pages whose content actually changed (what visitors now see differently). */
  changed: string[]
  failed: string[]
}

const paths = z.array(z.string()).catch([])

function parsePaths(json: string): string[] {
  try {
    return paths.parse(JSON.parse(json))
  } catch {
    return []
  }
}

type ReceiptRow = {
  doc_id: string
  id: string
  reason: string
  status: 'running' | 'done' | 'failed'
  started_at: string
  finished_at: string | null
  pages: string
  changed: string
  failed: string
}

/** `{ documentId: latest receipt }` for the given published ids (absent when none yet). */
export async function latestReceipts(
  db: D1Database,
  documentIds: string[],
): Promise<Record<string, ReceiptSummary>> {
  const out: Record<string, ReceiptSummary> = {}
  if (documentIds.length === 0) return out
  const { results } = await db
    .prepare(
      `SELECT doc_id, id, reason, status, started_at, finished_at, pages, changed, failed FROM (
         SELECT d.value AS doc_id, r.*,
                row_number() OVER (PARTITION BY d.value ORDER BY r.started_at DESC, r.id DESC) AS n
           FROM publish_receipts r, json_each(r.document_ids) d
          WHERE d.value IN (SELECT value FROM json_each(?1))
       ) WHERE n = 1`,
    )
    .bind(JSON.stringify(documentIds))
    .all<ReceiptRow>()
  for (const row of results) {
    out[row.doc_id] = {
      id: row.id,
      reason: row.reason,
      status: row.status,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      pages: parsePaths(row.pages),
      changed: parsePaths(row.changed),
      failed: parsePaths(row.failed),
    }
  }
  return out
}
