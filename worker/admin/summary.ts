// GET /admin/summary?ids=a,b: batched numbers for the Studio's document views in one request —
// seats left and registrations per session for courses, signatures for campaigns, and each
// document's latest publish receipt with whether it covers the published revision (`publish`).
// Counts only: no personal data, so it is not audited.
import { validator } from 'hono-openapi'
import { Hono } from 'hono'
import * as z from 'zod'
import { invalidInput } from '../lib/http-errors'
import { campaignTotals, type CampaignTotals } from './campaigns'
import { loadStaffDocs, publishedDocId, sessionLabel } from './content'
import type { StaffEnv } from './env'
import { latestReceipts, publishState, type PublishState, type ReceiptSummary } from './receipts'
import { withCapacity, type SessionCountsWithCapacity } from './sessions'
import { campaignSignatureCounts, courseSessionCounts, emptyCounts } from './store'

const MAX_IDS = 50

const querySchema = z.object({
  ids: z
    .string({ error: 'Send ids=<document id>[,<document id>...]' })
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((id) => publishedDocId(id.trim()))
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^[A-Za-z0-9._-]{1,128}$/, 'Ids have letters, digits, dot, dash or underscore.'),
        )
        .min(1, 'Send at least one document id.')
        .max(MAX_IDS, `At most ${MAX_IDS} ids per request.`),
    ),
})

export type SessionSummary = {
  key: string
  label: string
  start: string | null
  status: string | null
  counts: SessionCountsWithCapacity
}

/** What the summary of a course and of a campaign both say, besides their counts. */
type SummaryCommon = {
  title: string | null
  latestReceipt: ReceiptSummary | null
  publish: PublishState
}

export type DocumentSummary = SummaryCommon &
  ({ type: 'course'; sessions: SessionSummary[] } | { type: 'campaign'; counts: CampaignTotals })

export const summaryRoutes = new Hono<StaffEnv>().get(
  '/summary',
  validator(
    'query',
    querySchema,
    invalidInput('invalid_request', 'Send ids=course.x,campaign.y (published document ids).'),
  ),
  async (c) => {
    const { ids } = c.req.valid('query')
    // Not audited: the Studio polls this every 30 s for each open document, and the answer is
    // aggregate counts and receipts with no personal data. Auditing it would bury the reads that
    // do reveal people (registrant lists, exports, check-ins) under thousands of poll rows.
    c.set('audit', { action: 'summary.view', target: ids.join(','), skip: true })
    const [docs, courseCounts, signatureCounts, receipts] = await Promise.all([
      loadStaffDocs(c.env, ids),
      courseSessionCounts(c.env.DB, ids),
      campaignSignatureCounts(c.env.DB, ids),
      latestReceipts(c.env.DB, ids),
    ])
    const documents: Record<string, DocumentSummary> = {}
    const missing: string[] = []
    for (const id of ids) {
      const doc = docs.get(id)
      const latestReceipt = receipts[id] ?? null
      const publish = publishState(
        { rev: doc?._rev, updatedAt: doc?._updatedAt },
        latestReceipt,
        new Date(),
      )
      const common: SummaryCommon = { title: doc?.title ?? null, latestReceipt, publish }
      if (doc?._type === 'course') {
        const counts = courseCounts[id] ?? {}
        const sessions = (doc.sessions ?? []).map((s) => ({
          key: s._key,
          label: sessionLabel(s),
          start: s.start ?? null,
          status: s.status ?? null,
          counts: withCapacity(counts[s._key] ?? emptyCounts(), s.capacity ?? null),
        }))
        documents[id] = { type: 'course', ...common, sessions }
      } else if (doc?._type === 'campaign') {
        const counts = campaignTotals(doc, signatureCounts[id])
        documents[id] = { type: 'campaign', ...common, counts }
      } else {
        // Not published yet (or not a course/campaign): the Studio says so instead of showing zeros.
        missing.push(id)
      }
    }
    c.header('Cache-Control', 'private, no-store')
    return c.json({ documents, missing, generatedAt: new Date().toISOString() })
  },
)
