// What the Studio's staff views say, kept apart from React so it can be tested in Node: times in
// the site's home zone (London, as the public site shows them, whatever zone the browser is in)
// and the "Latest publish" box's wording for the published revision and its rebuild receipt.
import type { PublishReceipt, PublishState } from '../../../worker/admin/publish-state'

const HOME_ZONE = 'Europe/London'

const STAMP = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: HOME_ZONE,
  timeZoneName: 'short',
})

/** An instant as "16 Nov 2026, 10:00 GMT" (London time, with the zone's short name). */
export function formatTime(iso: string | null): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : STAMP.format(date)
}

export type PublishText = {
  /** The receipt to list pages from: this revision's, or the last one for an earlier revision. */
  receipt: PublishReceipt | null
  /** Said before the receipt (or alone); null when the receipt speaks for itself. */
  note: string | null
  /** The note introduces a receipt for an earlier revision. */
  earlier: boolean
}

/**
 * The box's wording. A document whose published revision has no rebuild receipt says so and why,
 * with the date it was published (the one the Studio shows as "Last published"), instead of "no
 * publish recorded".
 */
export function publishText(publish: PublishState): PublishText {
  const when = publish.publishedAt ? ` on ${formatTime(publish.publishedAt)}` : ''
  switch (publish.state) {
    case 'recorded':
      return { receipt: publish.receipt, note: null, earlier: false }
    case 'awaiting':
      return {
        receipt: publish.earlier,
        note: `Published${when}: the site is rebuilding its pages; the receipt appears here when it is done.`,
        earlier: publish.earlier !== null,
      }
    case 'unrecorded':
      return {
        receipt: publish.earlier,
        note:
          `This version was published${when} without a rebuild receipt: it reached the dataset ` +
          'without the publish webhook reaching the site (imported, as the seed is, or published ' +
          'before receipts were kept or while the webhook was off). Publishing again records one.',
        earlier: publish.earlier !== null,
      }
  }
}
