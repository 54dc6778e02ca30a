// Pages that change with time as well as content: each stored page records when it next goes
// stale (a session's registration closing, here), and the '*/10' cron rebuilds the pages whose
// moment has passed, with no content change and no webhook.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { listReceipts } from '../../../worker/rebuild/receipts'
import { reconcile } from '../../../worker/rebuild/reconcile'
import { fixtures } from './fixtures'
import { runCron, withDocuments } from './helpers'

const P = 'staleat'
const { org, contact, course } = fixtures(P)
// The fixture session's registration closes when it starts; it opened in the past.
const START = '2031-05-14T09:30:00.000Z'
const timed = course('timed', 'Stale-at: a course whose registration closes', START)
const PATH = `/courses/${P}-timed`

async function staleAt(path: string): Promise<string | null | undefined> {
  const row = await env.DB.prepare('SELECT stale_at FROM page_revs WHERE path = ?')
    .bind(path)
    .first<{ stale_at: string | null }>()
  return row?.stale_at
}

withDocuments([org, contact, timed], [PATH, '/contacts'])

describe('pages that go stale with time', { timeout: 60_000 }, () => {
  it('records when each stored page next changes by itself', async () => {
    expect(await staleAt(PATH)).toBe(START)
    // Contacts change only when content does.
    expect(await staleAt('/contacts')).toBeNull()
  })

  it('picks the pages whose moment has passed when the clock reaches it', async () => {
    const before = await reconcile(env, new Date(Date.parse(START) - 60_000))
    expect(before.due).toEqual([])
    const after = await reconcile(env, new Date(Date.parse(START) + 60_000))
    expect(after.due).toEqual([PATH])
    const receipt = (await listReceipts(env.DB, { limit: 50 })).find(
      (r) => r.id === `reconcile:${new Date(Date.parse(START) + 60_000).toISOString()}`,
    )
    expect(receipt?.reason).toContain('reached a date')
    expect(receipt?.pagesRebuilt).toEqual([PATH])
  })

  it('rebuilds a page from the cron once its recorded stale time is in the past', async () => {
    await env.DB.prepare('UPDATE page_revs SET stale_at = ? WHERE path = ?')
      .bind('2020-01-01T00:00:00.000Z', PATH)
      .run()
    const earlier = new Set((await listReceipts(env.DB, { limit: 50 })).map((r) => r.id))

    await runCron()

    const receipt = (await listReceipts(env.DB, { limit: 50 })).find(
      (r) => !earlier.has(r.id) && r.reason.includes('reached a date'),
    )
    expect(receipt?.pagesRebuilt).toContain(PATH)
    expect(receipt?.pagesRebuilt).not.toContain('/contacts')
    // Rebuilt now, the page records its next moment again.
    expect(await staleAt(PATH)).toBe(START)
  })
})
