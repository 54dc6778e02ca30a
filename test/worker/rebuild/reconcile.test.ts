// Reconciliation: a change whose webhook never arrived (Sanity gave up after two retries) is
// found by the cron run, which compares each stored page's recorded revisions with the content
// store's and rebuilds what differs. A delivery recorded but never queued is re-sent.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { listReceipts } from '../../../worker/rebuild/receipts'
import { changedDocuments, stalePaths } from '../../../worker/rebuild/reconcile'
import { fixtures } from './fixtures'
import { contentStore, page, receiptsFor, runCron, withDocuments } from './helpers'

const P = 'reconcile'
const { org, contact, course } = fixtures(P)
const delta = course('delta', 'Reconcile delta: a course edited without a webhook')
const client = contentStore()

withDocuments([org, contact, delta], ['/contacts', `/courses/${P}-delta`, '/courses'])

// Publishing waits for the queue consumer; allow for a busy machine.
describe('reconciliation', { timeout: 60_000 }, () => {
  it('rebuilds pages whose content changed without a webhook when the cron runs', async () => {
    await client.patch(contact._id).set({ phone: '0800 999 0000' }).commit({ visibility: 'sync' })
    await client
      .patch(delta._id)
      .set({ title: 'Reconcile delta: renamed while the hook was down' })
      .commit({ visibility: 'sync' })
    // No webhook: the stored pages are still the old ones.
    expect((await page('/contacts')).text).not.toContain('0800 999 0000')

    await runCron()

    expect((await page('/contacts')).text).toContain('0800 999 0000')
    expect((await page(`/courses/${P}-delta`)).text).toContain('renamed while the hook was down')
    expect((await page('/courses')).text).toContain('renamed while the hook was down')
    const receipt = (await listReceipts(env.DB, { limit: 50 })).find((r) =>
      r.reason.startsWith('reconcile'),
    )
    expect(receipt?.reason).toMatch(/^reconcile/)
    expect(receipt?.pagesChanged).toEqual(
      expect.arrayContaining(['/contacts', `/courses/${P}-delta`, '/courses']),
    )
    // The receipt names what was published without a webhook, so the Studio's "Latest publish"
    // finds it for those documents.
    expect(receipt?.documentIds).toEqual(expect.arrayContaining([contact._id, delta._id]))
  })

  it('finds exactly the pages whose recorded revisions differ', () => {
    const rows = [
      { path: '/a', dep: 'doc.1', rev: 'r1' },
      { path: '/a', dep: 'type:course', rev: '3:2026-01-01' },
      { path: '/b', dep: 'doc.2', rev: 'r2' },
      { path: '/c', dep: 'doc.gone', rev: 'r9' },
    ]
    const current = new Map([
      ['doc.1', 'r1'],
      ['type:course', '3:2026-01-01'],
      ['doc.2', 'r3'],
      ['doc.gone', '-'],
    ])
    expect(stalePaths(rows, current)).toEqual(['/b', '/c'])
    expect(stalePaths(rows.slice(0, 2), current)).toEqual([])
    // Documents, not list fingerprints, are what a publish changed.
    expect(changedDocuments(rows, current)).toEqual(['doc.2', 'doc.gone'])
  })

  it('re-sends a delivery that was recorded but never queued', async () => {
    await client.patch(contact._id).set({ phone: '0800 555 1212' }).commit({ visibility: 'sync' })
    const message = {
      type: 'documents',
      changes: [{ id: contact._id, type: 'contact', operation: 'update' }],
      transactionId: 'tx-stuck',
    }
    // As left by a request whose enqueue failed and whose retries Sanity gave up on.
    await env.DB.prepare(
      `INSERT INTO webhook_deliveries (idempotency_key, transaction_id, document_id, operation, message, status, received_at)
       VALUES ('stuck-1', 'tx-stuck', ?, 'update', ?, 'received', ?)`,
    )
      .bind(
        contact._id,
        JSON.stringify(message),
        new Date(Date.now() - 10 * 60 * 1000).toISOString(),
      )
      .run()

    await runCron()

    const row = await env.DB.prepare(
      `SELECT status FROM webhook_deliveries WHERE idempotency_key = 'stuck-1'`,
    ).first()
    expect(row).toEqual({ status: 'queued' })
    await receiptsFor('tx-stuck')
    expect((await page('/contacts')).text).toContain('0800 555 1212')
  })
})
