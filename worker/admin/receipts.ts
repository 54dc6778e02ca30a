// The latest publish receipt per document (table publish_receipts, owned by the rebuild layer,
// migration 0002): which pages went live and when, shown next to the counts in the Studio, and
// whether it is the rebuild of the revision now published.
import * as z from 'zod'
import type { PublishReceipt, PublishState } from './publish-state'

// The shapes the staff API sends; the Studio imports the same types-only module to read them.
export type ReceiptSummary = PublishReceipt
export type { PublishState }

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
  transaction_id: string
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
      `SELECT doc_id, id, transaction_id, reason, status, started_at, finished_at, pages, changed,
              failed FROM (
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
      transactionId: row.transaction_id,
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

/** How long after a publish its receipt may still be on its way (a reconcile run is 10 min). */
const RECEIPT_GRACE_MS = 15 * 60_000

/** The state of a document's published revision, as `PublishState` describes. */
export function publishState(
  published: { rev?: string | null; updatedAt?: string | null },
  latest: ReceiptSummary | null,
  now: Date,
): PublishState {
  const publishedAt = published.updatedAt ?? null
  const at = publishedAt === null ? Number.NaN : Date.parse(publishedAt)
  if (latest) {
    const rev = published.rev ?? null
    const sameRevision = rev !== null && latest.transactionId === rev
    const startedAfter = Number.isNaN(at) || Date.parse(latest.startedAt) >= at
    if (sameRevision || startedAfter) return { state: 'recorded', publishedAt, receipt: latest }
  }
  const earlier = latest ?? null
  if (publishedAt !== null && !Number.isNaN(at) && now.getTime() - at < RECEIPT_GRACE_MS) {
    return { state: 'awaiting', publishedAt, earlier }
  }
  return { state: 'unrecorded', publishedAt, earlier }
}
