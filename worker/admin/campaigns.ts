// Staff routes for petition campaigns: confirmed and pending signatures, milestones reached and
// the CSV export of signatories.
import { validator } from 'hono-openapi'
import { Hono } from 'hono'
import * as z from 'zod'
import { fail, invalidInput } from '../lib/http-errors'
import { loadStaffDocs, type StaffDoc } from './content'
import { csvFileName, csvResponse } from '../lib/csv'
import type { StaffEnv } from './env'
import { signaturesCsv } from './exports'
import { idParam } from '../lib/route-params'
import { campaignSignatureCounts, campaignSignatures, type SignatureCounts } from './store'

const campaignParams = z.object({ campaignId: idParam })

export type CampaignTotals = SignatureCounts & {
  offline: number
  /** What the public page shows: confirmed online signatures plus those gathered elsewhere. */
  total: number
  goal: number | null
  milestones: number[]
  milestonesReached: number[]
}

export function campaignTotals(
  doc: StaffDoc | undefined,
  counts: SignatureCounts | undefined,
): CampaignTotals {
  const confirmed = counts?.confirmed ?? 0
  const pending = counts?.pending ?? 0
  const offline = Math.max(0, doc?.petition?.offlineCount ?? 0)
  const total = confirmed + offline
  const milestones = [...(doc?.petition?.milestones ?? [])].sort((a, b) => a - b)
  return {
    confirmed,
    pending,
    offline,
    total,
    goal: doc?.petition?.goal ?? null,
    milestones,
    milestonesReached: milestones.filter((m) => total >= m),
  }
}

async function loadCampaign(env: Env, campaignId: string) {
  const [docs, counts] = await Promise.all([
    loadStaffDocs(env, [campaignId]),
    campaignSignatureCounts(env.DB, [campaignId]),
  ])
  const doc = docs.get(campaignId)
  const found = doc?._type === 'campaign' || counts[campaignId] !== undefined
  return found ? { doc, totals: campaignTotals(doc, counts[campaignId]) } : null
}

const validCampaign = validator(
  'param',
  campaignParams,
  invalidInput('invalid_request', 'Check the campaign id.'),
)

const notFound = (campaignId: string): never =>
  fail(
    404,
    'not_found',
    `No campaign "${campaignId}". Use the campaign document id (e.g. campaign.end-child-trafficking).`,
  )

export const campaignRoutes = new Hono<StaffEnv>()
  .get('/campaigns/:campaignId/export.csv', validCampaign, async (c) => {
    const { campaignId } = c.req.valid('param')
    c.set('audit', { action: 'campaign.export', target: campaignId })
    const loaded = await loadCampaign(c.env, campaignId)
    if (!loaded) return notFound(campaignId)
    const signatures = await campaignSignatures(c.env.DB, campaignId)
    const csv = signaturesCsv(signatures)
    return csvResponse(csv, csvFileName(loaded.doc?.slug ?? campaignId, 'signatures'))
  })
  .get('/campaigns/:campaignId', validCampaign, async (c) => {
    const { campaignId } = c.req.valid('param')
    c.set('audit', { action: 'campaign.view', target: campaignId })
    const loaded = await loadCampaign(c.env, campaignId)
    if (!loaded) return notFound(campaignId)
    c.header('Cache-Control', 'private, no-store')
    return c.json({
      campaign: {
        id: campaignId,
        title: loaded.doc?.title ?? null,
        slug: loaded.doc?.slug ?? null,
      },
      counts: loaded.totals,
    })
  })
