// Builders for /campaigns (paginated) and /campaigns/:slug (petition count from D1, best effort).
import { pagePath } from '../../../schemas/content-types'
import { campaign, campaignCard, type CampaignCard } from '../../content/models'
import { campaignListQuery, campaignQuery } from '../../content/queries'
import { portableTextToHtml } from '../../render/portable-text'
import { petitionCount } from '../../signups/store'
import { cardBoundaries } from '../course-logic'
import {
  deps,
  documentSource,
  htmlPage,
  listParams,
  listPath,
  listWindow,
  loadDocument,
  notFoundPage,
  pageParam,
  sideRead,
  staleAfter,
  type BuildContext,
  type BuiltPage,
} from '../kit'
import { parseSettings } from '../../content/settings'
import { field } from '../../content/raw-results'
import { CampaignsView, CampaignView } from '../views/campaign'

// The campaign page's document, as loadDocument (kit.tsx) reads it.
const CAMPAIGN = documentSource('campaign', campaignQuery, 'campaign', campaign)

const isLive = (c: CampaignCard) => c.status === 'live' || c.status === 'upcoming'

export async function buildCampaignList(ctx: BuildContext): Promise<BuiltPage> {
  // Live and upcoming first, then past ones, each newest first; the store orders and pages them.
  const raw = await ctx.fetch(campaignListQuery, listParams(ctx.url))
  const settings = parseSettings(field(raw, 'settings'))
  const page = pageParam(ctx.url)
  const { pages, slice } = listWindow(raw, page, campaignCard)
  const pageDeps = deps([field(raw, 'settings'), ...slice.map((c) => c.raw)], ['campaign'])
  if (page === null || page > pages) return notFoundPage(ctx, settings, pageDeps)
  const path = listPath('/campaigns', [], page)
  return htmlPage({
    path,
    title: 'Campaigns',
    deps: pageDeps,
    element: (
      <CampaignsView
        env={ctx.env}
        settings={settings}
        path={path}
        live={slice.filter((c) => isLive(c.item)).map((c) => c.item)}
        other={slice.filter((c) => !isLive(c.item)).map((c) => c.item)}
        page={page}
        pages={pages}
      />
    ),
  })
}

// The petition count, read from D1 alongside the content once this isolate knows the campaign.
const petitionCountFor = sideRead(petitionCount)

export async function buildCampaign(ctx: BuildContext, slug: string): Promise<BuiltPage> {
  const countFor = petitionCountFor(ctx, slug)
  const found = await loadDocument(ctx, CAMPAIGN, slug)
  if ('notFound' in found) return found.notFound
  const { doc: c, settings } = found
  const path = pagePath('campaign', c.slug)
  // Only a petition that shows its count needs it: the others skip the D1 read.
  const confirmed = await countFor(c._id, c.petition?.showCount === true)
  return htmlPage({
    path,
    title: c.title,
    deps: found.deps,
    // The petition form gives way to "closed" at the closing date; related course cards move on.
    staleAt: staleAfter(ctx.now, [c.petition?.closingDate, ...cardBoundaries(c.relatedCourses)]),
    element: (
      <CampaignView
        env={ctx.env}
        settings={settings}
        campaign={c}
        bodyHtml={portableTextToHtml(ctx.env, c.body)}
        path={path}
        now={ctx.now}
        confirmed={confirmed}
      />
    ),
  })
}
