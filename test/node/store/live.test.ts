// The Live Content API's event stream as @sanity/client (and so the Presentation tool) consumes
// it: `welcome` first, then a `restart` per change the client may see; drafts only for a client
// that asked for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStore, type TestStore } from './helpers'

let t: TestStore
beforeAll(async () => {
  t = await startTestStore()
})
afterAll(async () => {
  await t.cleanup()
})

/** Subscribes, waits for `welcome`, runs `act`, and collects the events up to the first restart. */
async function eventsAfter(includeDrafts: boolean, act: () => Promise<unknown>) {
  const client = t.client.withConfig({ token: 'local-token' })
  const seen: { type: string; id?: string }[] = []
  let welcomed: () => void = () => {}
  const welcome = new Promise<void>((resolve) => (welcomed = resolve))
  let changed: () => void = () => {}
  const restarted = new Promise<void>((resolve) => (changed = resolve))
  const sub = client.live.events({ includeDrafts }).subscribe((event) => {
    if (event.type === 'welcome') return welcomed()
    seen.push({ type: event.type, ...('id' in event ? { id: event.id } : {}) })
    if (event.type === 'restart') changed()
  })
  try {
    await welcome
    await act()
    await restarted
  } finally {
    sub.unsubscribe()
  }
  return seen
}

describe('live events', () => {
  it('tells a drafts client about a draft change', async () => {
    const seen = await eventsAfter(true, () =>
      t.client
        .patch('drafts.course.nrm')
        .set({ title: 'Live draft' })
        .commit({ transactionId: 'tx-live-draft' }),
    )
    expect(seen).toEqual([{ type: 'restart', id: 'tx-live-draft' }])
  })

  it('tells a published-only client about published changes, not drafts', async () => {
    const seen = await eventsAfter(false, async () => {
      await t.client.patch('drafts.course.nrm').set({ title: 'Unseen draft' }).commit()
      await t.client
        .patch('course.county')
        .set({ title: 'County lines (live)' })
        .commit({ transactionId: 'tx-live-published' })
    })
    expect(seen).toEqual([{ type: 'restart', id: 'tx-live-published' }])
  })
})
