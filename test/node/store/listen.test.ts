// The listen stream (server-sent events) as @sanity/client and the Studio consume it: welcome
// first, then mutation events filtered by the listen query, with mendoza effects.
import { applyPatch } from 'mendoza'
import type { MutationEvent } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStore, type TestStore } from './helpers'

let t: TestStore
beforeAll(async () => {
  t = await startTestStore()
})
afterAll(async () => {
  await t.cleanup()
})

type Event = { type: string } & Partial<MutationEvent>

/** Subscribes, waits for `welcome`, runs `act`, and collects `count` further events. */
async function collect(
  query: string,
  params: Record<string, unknown>,
  options: Record<string, unknown>,
  count: number,
  act: () => Promise<unknown>,
): Promise<Event[]> {
  const events: Event[] = []
  let welcomed: () => void = () => {}
  const welcome = new Promise<void>((resolve) => {
    welcomed = resolve
  })
  let done: () => void = () => {}
  const finished = new Promise<void>((resolve) => {
    done = resolve
  })
  const sub = t.client
    .listen(query, params, { events: ['welcome', 'mutation'], ...options })
    .subscribe((event) => {
      if (event.type === 'welcome') {
        welcomed()
        return
      }
      events.push(event as Event)
      if (events.length >= count) done()
    })
  try {
    await welcome
    await act()
    await finished
  } finally {
    sub.unsubscribe()
  }
  return events
}

describe('listen', () => {
  it('sends a mutation event with the result, revisions and transition', async () => {
    const events = await collect('*[_type == "course"]', {}, {}, 1, () =>
      t.client
        .patch('course.nrm')
        .set({ title: 'NRM (listened)' })
        .commit({ transactionId: 'tx-listen-1' }),
    )
    expect(events[0]).toMatchObject({
      type: 'mutation',
      documentId: 'course.nrm',
      transactionId: 'tx-listen-1',
      resultRev: 'tx-listen-1',
      transition: 'update',
      visibility: 'query',
      result: { _id: 'course.nrm', title: 'NRM (listened)' },
    })
    expect(events[0]?.previousRev).toEqual(expect.any(String))
  })

  it('only reports documents matching the listen query, before or after the change', async () => {
    const events = await collect('*[_id in $ids]', { ids: ['contact.jo'] }, {}, 1, async () => {
      await t.client.patch('course.county').set({ title: 'ignored' }).commit()
      await t.client.delete('contact.jo')
    })
    expect(events).toHaveLength(1)
    // Deletes carry the transaction as resultRev too: the Studio chains events by revision.
    expect(events[0]).toMatchObject({
      documentId: 'contact.jo',
      transition: 'disappear',
      resultRev: events[0]?.transactionId,
      transactionTotalEvents: 1,
    })
  })

  it('carries mendoza effects that turn the previous document into the new one', async () => {
    const before = await t.client.getDocument('course.county')
    const events = await collect(
      '*[_id == $id]',
      { id: 'course.county' },
      { effectFormat: 'mendoza' },
      1,
      () => t.client.patch('course.county').set({ format: 'webinar' }).commit(),
    )
    const event = events[0]
    const effects = event?.effects as { apply: unknown[]; revert: unknown[] }
    const { _rev: _ignored, ...withoutRev } = before ?? {}
    const next: unknown = applyPatch(withoutRev, effects.apply)
    expect(next).toMatchObject({ _id: 'course.county', format: 'webinar' })
    expect(applyPatch(next, effects.revert)).toMatchObject({ format: 'in-person' })
  })

  it('reports a created draft as appearing, with a replayable mutation', async () => {
    const events = await collect('*[_id in $ids]', { ids: ['drafts.course.x'] }, {}, 1, () =>
      t.client.create({ _id: 'drafts.course.x', _type: 'course', title: 'X' }),
    )
    expect(events[0]).toMatchObject({
      transition: 'appear',
      mutations: [{ createOrReplace: { _id: 'drafts.course.x', title: 'X' } }],
    })
  })
})
