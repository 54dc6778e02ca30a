// What the staff API says about a document's published revision and its rebuild receipts. The
// worker builds these (worker/admin/receipts.ts) and the Studio shows them; this file holds types
// alone, with no imports, so both compile it and Node tests can use the types without the API
// client.

/** The latest rebuild receipt for a document (table publish_receipts). */
export type PublishReceipt = {
  id: string
  /** The transaction it rebuilt for (a webhook's is the revision it published). */
  transactionId: string
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

/**
 * What the Studio's "Latest publish" box says about the published revision of a document:
 * - `recorded`: `receipt` is the rebuild of this revision (the webhook's transaction is the
 *   revision) or one that started after it was published (a reconcile run that found it);
 * - `awaiting`: published moments ago, its rebuild receipt not written yet;
 * - `unrecorded`: no rebuild receipt covers this revision. It reached the dataset without a
 *   webhook reaching the site (imported, as the seed is, or published before receipts were kept
 *   or while the webhook was off); `earlier` is the last receipt for an older revision, if any.
 */
export type PublishState =
  | { state: 'recorded'; publishedAt: string | null; receipt: PublishReceipt }
  | { state: 'awaiting'; publishedAt: string; earlier: PublishReceipt | null }
  | { state: 'unrecorded'; publishedAt: string | null; earlier: PublishReceipt | null }
