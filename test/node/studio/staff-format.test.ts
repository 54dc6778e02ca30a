// The Studio's staff views, without a browser: times read in London time with the zone's short
// name whatever zone the machine (the editor's browser) is in, and the "Latest publish" box's
// wording for each state of the published revision's rebuild receipt.
import { afterEach, describe, expect, it } from 'vitest'
import { formatTime, publishText } from '../../../studio/components/staff/format'
import type { PublishReceipt } from '../../../worker/admin/publish-state'

const originalTz = process.env.TZ
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ
  else process.env.TZ = originalTz
})

const receipt = (id: string): PublishReceipt => ({
  id,
  transactionId: `tx-${id}`,
  reason: 'update course course.x',
  status: 'done',
  startedAt: '2026-11-16T10:00:05.000Z',
  finishedAt: '2026-11-16T10:00:07.000Z',
  pages: ['/courses/x', '/courses'],
  changed: ['/courses/x'],
  failed: [],
})

describe('formatTime', () => {
  it('shows London time with GMT or BST, whatever the local zone', () => {
    for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Tokyo', 'Europe/London']) {
      process.env.TZ = tz
      expect(formatTime('2026-11-16T10:00:00.000Z'), tz).toBe('16 Nov 2026, 10:00 GMT')
      expect(formatTime('2027-06-16T09:00:00.000Z'), tz).toBe('16 Jun 2027, 10:00 BST')
      // Just after midnight in London is still the previous day in UTC.
      expect(formatTime('2027-06-16T23:30:00.000Z'), tz).toBe('17 Jun 2027, 00:30 BST')
    }
  })

  it('passes through what it cannot read', () => {
    expect(formatTime(null)).toBe('—')
    expect(formatTime('not a date')).toBe('not a date')
  })
})

describe('publishText', () => {
  it('lets the receipt of the published version speak for itself', () => {
    const r = receipt('a')
    expect(
      publishText({ state: 'recorded', publishedAt: '2026-11-16T10:00:00.000Z', receipt: r }),
    ).toEqual({ receipt: r, note: null, earlier: false })
  })

  it('says why a published version has no receipt and when it was published, never "none"', () => {
    const text = publishText({
      state: 'unrecorded',
      publishedAt: '2026-11-16T10:00:00.000Z',
      earlier: null,
    })
    expect(text.receipt).toBeNull()
    expect(text.earlier).toBe(false)
    expect(text.note).toContain('published on 16 Nov 2026, 10:00 GMT without a rebuild receipt')
    expect(text.note).toContain('imported, as the seed is')
    expect(text.note).not.toMatch(/no publish recorded/i)
  })

  it('shows the last receipt as an earlier version when the published one has none', () => {
    const old = receipt('old')
    const text = publishText({
      state: 'unrecorded',
      publishedAt: '2026-11-16T10:00:00.000Z',
      earlier: old,
    })
    expect(text).toMatchObject({ receipt: old, earlier: true })
  })

  it('says a publish of moments ago is being rebuilt', () => {
    const text = publishText({
      state: 'awaiting',
      publishedAt: '2027-06-16T09:00:00.000Z',
      earlier: null,
    })
    expect(text.note).toContain('Published on 16 Jun 2027, 10:00 BST: the site is rebuilding')
    expect(text).toMatchObject({ receipt: null, earlier: false })
  })
})
