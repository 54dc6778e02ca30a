// What the staff API says about a document's published revision and its rebuild receipts
// (worker/admin/receipts.ts), apart from the API client so Node tests can use the types alone.

export type PublishReceipt = {
  id: string
  transactionId: string
  reason: string
  status: 'running' | 'done' | 'failed'
  startedAt: string
  finishedAt: string | null
  pages: string[]
  changed: string[]
  failed: string[]
}

/** The published revision and its rebuild receipt (worker/admin/receipts.ts publishState). */
export type PublishState =
  | { state: 'recorded'; publishedAt: string | null; receipt: PublishReceipt }
  | { state: 'awaiting'; publishedAt: string; earlier: PublishReceipt | null }
  | { state: 'unrecorded'; publishedAt: string | null; earlier: PublishReceipt | null }
