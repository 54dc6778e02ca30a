// Publish-to-fresh: change a course's, report's or organisation's title (or a contact's name) in
// the embedded store (whose webhook points at the worker), then poll the page that shows it until
// the new text is served. What is timed is the whole
// path a publish takes: store commit → signed webhook → D1 delivery record → rebuild queue
// (including its batch timeout) → page rebuild → KV write and cache purge → next GET.
import { setField } from './content'
import { FIXTURES } from './dataset'
import type { BenchD1 } from './runtime'

export type PublishResult = {
  samplesMs: number[]
  timedOut: number
  p50: number
  p95: number
  max: number
  /** The same from the publish to a page that embeds the document (when the target has one). */
  embedding?: { path: string; samplesMs: number[]; timedOut: number; p50: number; p95: number }
  /** Medians from D1's own timestamps: where the time goes. */
  phases: { webhookToRebuildStartMs: number; rebuildMs: number; samples: number }
}

const POLL_MS = 10
const TIMEOUT_MS = 15_000

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index] ?? Number.NaN
}

async function pageBody(url: string): Promise<string> {
  const res = await fetch(url)
  return res.ok ? res.text() : ''
}

/** Waits until `url` serves `text`; returns how long it took, or null on timeout. */
export async function waitForText(
  url: string,
  text: string,
  since: number,
): Promise<number | null> {
  for (;;) {
    if ((await pageBody(url)).includes(text)) return performance.now() - since
    if (performance.now() - since > TIMEOUT_MS) return null
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

/**
 * A document the bench republishes, the field it changes, the page that must show it and,
 * optionally, a page that embeds it (rebuilt right after its own page).
 */
export type PublishTarget = {
  kind: string
  id: string
  field: string
  path: string
  embeddedAt?: string
}

export const PUBLISH_TARGETS: PublishTarget[] = [
  {
    kind: 'course',
    id: FIXTURES.publishCourse.id,
    field: 'title',
    path: `/courses/${FIXTURES.publishCourse.slug}`,
  },
  {
    kind: 'report',
    id: FIXTURES.publishReport.id,
    field: 'title',
    path: `/reports/${FIXTURES.publishReport.slug}`,
  },
  {
    kind: 'organisation',
    id: FIXTURES.publishOrganisation.id,
    field: 'name',
    path: `/organisations/${FIXTURES.publishOrganisation.slug}`,
    // The course it provides names it on its page.
    embeddedAt: `/courses/${FIXTURES.publishCourse.slug}`,
  },
  // A contact has no page of its own: the directory (where it sorts first) must show the change.
  { kind: 'contact', id: FIXTURES.publishContact.id, field: 'name', path: '/contacts' },
]

/** Delivery received → rebuild started (queue wait) and rebuild duration, per publish. */
async function phases(db: BenchD1, documentId: string): Promise<PublishResult['phases']> {
  const { results } = await db
    .prepare(
      `SELECT d.received_at AS received, r.started_at AS started, r.finished_at AS finished
         FROM webhook_deliveries d JOIN publish_receipts r ON r.transaction_id = d.transaction_id
        WHERE d.document_id = ?1 AND r.finished_at IS NOT NULL`,
    )
    .bind(documentId)
    .all<{ received: string; started: string; finished: string }>()
  const ms = (a: string, b: string) => Date.parse(b) - Date.parse(a)
  return {
    webhookToRebuildStartMs: percentile(
      results.map((r) => ms(r.received, r.started)),
      50,
    ),
    rebuildMs: percentile(
      results.map((r) => ms(r.started, r.finished)),
      50,
    ),
    samples: results.length,
  }
}

export async function publishToFresh(
  db: BenchD1,
  appUrl: string,
  storeUrl: string,
  count: number,
  tag: string,
  target: PublishTarget,
): Promise<PublishResult> {
  const url = appUrl + target.path
  const embeddedUrl = target.embeddedAt === undefined ? null : appUrl + target.embeddedAt
  // The pages must be built and cached first, or the first publish measures a cold build.
  for (const u of [url, embeddedUrl]) {
    if (u === null) continue
    await pageBody(u)
    await pageBody(u)
  }
  const samplesMs: number[] = []
  const embeddedMs: number[] = []
  let timedOut = 0
  let embeddedTimedOut = 0
  for (let i = 1; i <= count; i++) {
    // Starts with "Aaaa" so that a contact keeps sorting first in the directory.
    const text = `Aaaa benchmark ${target.kind} ${tag} revision ${i}`
    const started = performance.now()
    await setField(storeUrl, target.id, target.field, text)
    const took = await waitForText(url, text, started)
    if (took === null) timedOut++
    else samplesMs.push(took)
    if (embeddedUrl !== null) {
      const embedded = await waitForText(embeddedUrl, text, started)
      if (embedded === null) embeddedTimedOut++
      else embeddedMs.push(embedded)
    }
    // Editors do not publish the same document every few ms; let the last rebuild settle.
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const p95 = (samples: number[], missed: number) =>
    missed > 0 && missed >= count * 0.05 ? Number.POSITIVE_INFINITY : percentile(samples, 95)
  return {
    samplesMs,
    timedOut,
    p50: percentile(samplesMs, 50),
    p95: p95(samplesMs, timedOut),
    max: samplesMs.length ? Math.max(...samplesMs) : Number.NaN,
    ...(target.embeddedAt === undefined
      ? {}
      : {
          embedding: {
            path: target.embeddedAt,
            samplesMs: embeddedMs,
            timedOut: embeddedTimedOut,
            p50: percentile(embeddedMs, 50),
            p95: p95(embeddedMs, embeddedTimedOut),
          },
        }),
    phases: await phases(db, target.id).catch(() => ({
      webhookToRebuildStartMs: Number.NaN,
      rebuildMs: Number.NaN,
      samples: 0,
    })),
  }
}
