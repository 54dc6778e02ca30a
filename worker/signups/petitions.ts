// Petition signatures: stored pending, counted once the signer clicks the emailed link. A
// second signature from the same normalised email is never revealed on screen: the same
// "check your email" answer, and an email that explains they already signed.
import { pagePath, pagePrefix } from '../../schemas/content-types'
import { signedUrl } from '../lib/signed-links'
import { notifyMailQueue, outboxInsert, outboxInsertIf, type MailMessage } from '../mail/message'
import { renderEmail, siteUrl } from '../mail/render'
import { consentFor } from './consent'
import { campaignBySlug, type SignupCampaign } from './content'
import { normaliseEmail } from '../lib/email-norm'
import { requestRebuild } from './rebuild'
import type { PetitionInput } from './schemas'

const CONFIRM_DAYS = 30

export type SignOutcome =
  { kind: 'not-found' } | { kind: 'closed'; message: string } | { kind: 'accepted' }

type SignatureRow = {
  id: string
  campaign_id: string
  campaign_slug: string
  name: string
  email: string
  status: 'pending' | 'confirmed'
}

/** Whether the campaign takes signatures now: a petition, not closed, before its closing date. */
function petitionOpen(campaign: SignupCampaign, now: number = Date.now()): boolean {
  if (!campaign.petition || campaign.status === 'closed') return false
  const closing = campaign.petition.closingDate
  return !closing || Date.parse(closing) > now
}

async function signatureEmail(
  env: Env,
  kind: 'confirm' | 'already-signed',
  campaign: { title: string; slug: string },
  who: { id: string; name: string; email: string },
): Promise<MailMessage> {
  const footer = [
    `You are getting this because someone (we hope you) signed "${campaign.title}" with this address.`,
    { label: 'Your data (download or erase)', url: siteUrl(env, '/privacy') },
  ]
  if (kind === 'already-signed') {
    const parts = {
      heading: `You have already signed: ${campaign.title}`,
      paragraphs: [
        `Hello ${who.name},`,
        'Someone tried to sign this petition again with your email address. Each person can sign once, so nothing has changed and your signature still counts.',
        'If this was not you, you do not need to do anything.',
      ],
      actions: [{ label: 'Campaign page', url: siteUrl(env, pagePath('campaign', campaign.slug)) }],
      footer,
    }
    return {
      kind: 'signature-already-signed',
      to: who.email,
      subject: parts.heading,
      ...renderEmail(parts),
    }
  }
  const url = await signedUrl(env, '/signups/confirm', {
    purpose: 'signature-confirm',
    subject: who.id,
    expiresAt: Date.now() + CONFIRM_DAYS * 86_400_000,
  })
  const parts = {
    heading: `Confirm your signature: ${campaign.title}`,
    paragraphs: [
      `Hello ${who.name},`,
      'Thank you for signing. Your signature counts once you confirm it with the link below.',
      'If you did not sign this petition, ignore this email and nothing will be counted.',
    ],
    actions: [{ label: 'Confirm my signature', url }],
    footer,
  }
  return { kind: 'signature-confirm', to: who.email, subject: parts.heading, ...renderEmail(parts) }
}

async function findSignature(db: D1Database, campaignId: string, emailNorm: string) {
  return db
    .prepare('SELECT * FROM signatures WHERE campaign_id = ? AND email_norm = ?')
    .bind(campaignId, emailNorm)
    .first<SignatureRow>()
}

/** A second signup for someone who already signed: a repeat, capped per address and campaign. */
async function remind(env: Env, campaign: SignupCampaign, row: SignatureRow): Promise<void> {
  const kind = row.status === 'confirmed' ? 'already-signed' : 'confirm'
  const msg = await signatureEmail(env, kind, campaign, row)
  const outboxId = crypto.randomUUID()
  const res = await outboxInsert(
    env.DB,
    outboxId,
    { ...msg, repeatItem: campaign._id },
    Date.now(),
  ).run()
  if ((res.meta.changes ?? 0) > 0) await notifyMailQueue(env, [outboxId])
}

export async function signPetition(
  env: Env,
  campaignSlug: string,
  input: PetitionInput,
  source: 'form' | 'api',
): Promise<SignOutcome> {
  const campaign = await campaignBySlug(env, campaignSlug)
  if (!campaign?.petition) return { kind: 'not-found' }
  if (!petitionOpen(campaign)) return { kind: 'closed', message: 'This petition is closed.' }
  const emailNorm = normaliseEmail(input.email)
  const existing = await findSignature(env.DB, campaign._id, emailNorm)
  if (existing) {
    await remind(env, campaign, existing)
    return { kind: 'accepted' }
  }
  const consent = consentFor('petition', input.consentVersion)
  const id = crypto.randomUUID()
  const now = Date.now()
  const msg = await signatureEmail(env, 'confirm', campaign, {
    id,
    name: input.name,
    email: input.email,
  })
  const outboxId = crypto.randomUUID()
  const [inserted] = await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO signatures (id, campaign_id, campaign_slug, name, email, email_norm, postcode,
         country, status, consent_text, consent_version, source, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
       ON CONFLICT (campaign_id, email_norm) DO NOTHING`,
    ).bind(
      id,
      campaign._id,
      campaign.slug,
      input.name,
      input.email,
      emailNorm,
      input.postcode,
      input.country,
      consent.text,
      consent.version,
      source,
      now,
    ),
    outboxInsertIf(env.DB, outboxId, msg, now, 'SELECT 1 FROM signatures WHERE id = ?', [id]),
  ])
  // The batch's own result says whether this signature was stored: no read after the commit
  // that could fail and make a stored signature look like a failure.
  if ((inserted?.meta.changes ?? 0) > 0) {
    await notifyMailQueue(env, [outboxId])
  } else {
    // A simultaneous submission for the same person won: treat this one as the duplicate.
    const winner = await findSignature(env.DB, campaign._id, emailNorm)
    if (winner) await remind(env, campaign, winner)
  }
  return { kind: 'accepted' }
}

export type ConfirmOutcome =
  { kind: 'confirmed' | 'already'; campaignSlug: string } | { kind: 'unknown' }

/**
 * How far apart rebuilds of a campaign page for its count are, and so how far behind the count
 * the page can be: a confirmation after a quiet spell is shown by a rebuild at once, later ones
 * by one rebuild at most this long after the last. Well inside a minute, leaving time for the
 * queue and the build.
 */
export const COUNT_REFRESH_SPACING_MS = 30_000

/**
 * Counts a signature: one batch (one transaction) adds it to the campaign's counter, numbers it
 * with the counter's new value, and asks for the campaign page's coalesced refresh (see
 * migration 0007): only when no rebuild is still to run, at the earliest one spacing after the
 * previous. All three match only a signature this batch confirmed, so a repeat click changes
 * nothing.
 */
export async function confirmSignature(
  env: Env,
  id: string,
  now: number = Date.now(),
): Promise<ConfirmOutcome> {
  const db = env.DB
  const [, updated, refresh] = await db.batch([
    // The WHERE clause also keeps SQLite from reading ON CONFLICT as a join constraint.
    db
      .prepare(
        `INSERT INTO petition_counts (campaign_id, confirmed)
           SELECT campaign_id, 1 FROM signatures WHERE id = ?1 AND status = 'pending'
           ON CONFLICT (campaign_id) DO UPDATE SET confirmed = petition_counts.confirmed + 1`,
      )
      .bind(id),
    db
      .prepare(
        `UPDATE signatures SET status = 'confirmed', confirmed_at = ?2,
                confirmed_seq = (SELECT confirmed FROM petition_counts c
                                  WHERE c.campaign_id = signatures.campaign_id)
          WHERE id = ?1 AND status = 'pending'
          RETURNING campaign_slug`,
      )
      .bind(id, now),
    db
      .prepare(
        `INSERT INTO page_refreshes (path, run_at)
           SELECT ?4 || campaign_slug, ?2 FROM signatures
            WHERE id = ?1 AND status = 'confirmed' AND confirmed_at = ?2
           ON CONFLICT (path) DO UPDATE
              SET run_at = max(excluded.run_at, page_refreshes.run_at + ?3)
            WHERE page_refreshes.run_at <= ?2
           RETURNING path, run_at`,
      )
      .bind(id, now, COUNT_REFRESH_SPACING_MS, pagePrefix('campaign')),
  ])
  const row = updated?.results[0] as { campaign_slug: string } | undefined
  if (!row) {
    // Nothing changed: confirmed before (or by a simultaneous click), or erased.
    const existing = await db
      .prepare(`SELECT campaign_slug FROM signatures WHERE id = ? AND status = 'confirmed'`)
      .bind(id)
      .first<{ campaign_slug: string }>()
    return existing
      ? { kind: 'already', campaignSlug: existing.campaign_slug }
      : { kind: 'unknown' }
  }
  const scheduled = refresh?.results[0] as { path: string; run_at: number } | undefined
  if (scheduled) await scheduleRefresh(env, scheduled, now)
  return { kind: 'confirmed', campaignSlug: row.campaign_slug }
}

/** Queues the refresh the batch recorded; if that fails, forgets it so the next change retries. */
async function scheduleRefresh(env: Env, refresh: { path: string; run_at: number }, now: number) {
  const delaySeconds = Math.max(0, Math.ceil((refresh.run_at - now) / 1000))
  if (await requestRebuild(env, [refresh.path], 'petition count', { delaySeconds })) return
  await env.DB.prepare('DELETE FROM page_refreshes WHERE path = ? AND run_at = ?')
    .bind(refresh.path, refresh.run_at)
    .run()
    .catch(() => console.warn('petition count refresh not recorded as lost'))
}
