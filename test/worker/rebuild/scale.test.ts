// Scale behaviour on a small generated dataset: /contacts pages and filters like the other
// listings, and a burst of publishes rebuilds each listing, feed and sitemap part once, not once
// per document. The queue consumer is driven directly with a metered environment (KV writes, D1
// rows, content-store requests), and the burst's deferred run is started by the test, so the
// counts do not depend on timing.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import worker from '../../../worker/index'
import { buildPage } from '../../../worker/pages/build'
import { runAggregates } from '../../../worker/rebuild/deferred'
import { listReceipts } from '../../../worker/rebuild/receipts'
import { newRebuildState } from '../../../worker/rebuild/rebuild'
import { interceptD1 } from '../d1-intercept'
import { fixtures } from './fixtures'
import { contentStore, prebuild, SITE, waitFor } from './helpers'

const P = 'scale'
const { org, course } = fixtures(P)
const client = contentStore()
const CONTACTS = 30
const COURSES = 20

const contacts = Array.from({ length: CONTACTS }, (_, i) => ({
  _id: `contact.${P}-${String(i).padStart(2, '0')}`,
  _type: 'contact',
  name: `Scale contact ${String(i).padStart(2, '0')}`,
  kind: 'service',
  serviceType: i % 3 === 0 ? 'press-office' : 'general',
  organisation: { _type: 'reference', _ref: org._id },
  phone: `0800 000 ${String(1000 + i)}`,
  visibility: 'public',
}))
const courses = Array.from({ length: COURSES }, (_, i) =>
  course(`c${String(i).padStart(2, '0')}`, `Scale course ${i}`),
)

beforeAll(async () => {
  const tx = client.transaction().createOrReplace(org)
  for (const doc of contacts) tx.createOrReplace(doc)
  for (const doc of courses) tx.createOrReplace(doc)
  await tx.commit({ visibility: 'sync' })
}, 60_000)

afterAll(async () => {
  const tx = client.transaction()
  for (const doc of [...contacts, ...courses, org]) tx.delete(doc._id)
  await tx.commit({ visibility: 'sync' })
}, 60_000)

async function built(path: string) {
  const page = await buildPage(env, new URL(path, SITE))
  if (!page) throw new Error(`${path} is not a page`)
  return page
}
const cards = (html: string) => html.split('class="contact-card"').length - 1

describe('/contacts at scale', () => {
  it('shows 12 contacts a page, filtered by organisation and service', async () => {
    const orgSlug = org.slug.current
    const first = await built(`/contacts?organisation=${orgSlug}`)
    expect(first.status).toBe(200)
    expect(cards(first.body)).toBe(12)
    expect(first.body).toContain(`${CONTACTS} contacts match your filters`)
    expect(first.body).toContain(`href="/contacts?organisation=${orgSlug}&amp;page=2"`)
    const third = await built(`/contacts?organisation=${orgSlug}&page=3`)
    expect(cards(third.body)).toBe(CONTACTS - 24)
    expect((await built(`/contacts?organisation=${orgSlug}&page=4`)).status).toBe(404)
    const press = await built(`/contacts?service=press-office&organisation=${orgSlug}`)
    expect(cards(press.body)).toBe(CONTACTS / 3)
    expect(press.body).not.toContain('Scale contact 01')
    // Unfiltered, the first page still holds at most 12, helplines first.
    const all = await built('/contacts')
    expect(cards(all.body)).toBeLessThanOrEqual(12)
    expect(all.body).toContain('Helplines')
    expect(all.body.indexOf('Helplines')).toBeLessThan(all.body.indexOf('class="contact-card"'))
    // A page depends on the contacts it shows, not every contact.
    const shown = first.deps.filter((d) => d.startsWith(`contact.${P}-`))
    expect(shown).toHaveLength(12)
  })
})

// ---- A metered environment: what a publish costs ----

type Meter = { kvWrites: Map<string, number>; d1RowsWritten: number; contentRequests: number }

function metered(base: Env, meter: Meter, coalesce = '600'): Env {
  const kv = new Proxy(base.PAGES, {
    get(target, prop) {
      if (prop === 'put')
        return (key: string, ...rest: unknown[]) => {
          meter.kvWrites.set(key, (meter.kvWrites.get(key) ?? 0) + 1)
          return Reflect.apply(target.put, target, [key, ...rest]) as Promise<void>
        }
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  const db = interceptD1(base.DB, {
    execute: async (method, statement, original) => {
      if (method === 'raw') return original()
      const result = method === 'run' ? await statement.run() : await statement.all()
      meter.d1RowsWritten += result.meta.rows_written
      return method === 'first' ? (result.results[0] ?? null) : result
    },
    batch: async (original) => {
      const results = await original()
      for (const r of results) meter.d1RowsWritten += r.meta.rows_written
      return results
    },
  })
  // The queued deferred run waits for the burst to settle (5 s); the test starts its own runs with
  // a window of 0 so they do not wait.
  return { ...base, PAGES: kv, DB: db, REBUILD_COALESCE_SECONDS: coalesce }
}

function newMeter(): Meter {
  return { kvWrites: new Map(), d1RowsWritten: 0, contentRequests: 0 }
}

async function consume(e: Env, messages: { id: string; body: unknown }[]) {
  const handler: ExportedHandler<Env> = worker
  if (!handler.queue) throw new Error('no queue handler')
  const batch = createMessageBatch(
    'safeguard-rebuild',
    messages.map((m) => ({ ...m, timestamp: new Date(), attempts: 1 })),
  )
  const ctx = createExecutionContext()
  await handler.queue(batch, e, ctx)
  return getQueueResult(batch, ctx)
}

function countContentRequests(meter: Meter) {
  const real = globalThis.fetch
  return vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url.startsWith(env.SANITY_API_HOST)) meter.contentRequests += 1
    return real(input, init)
  })
}

const edit = (c: (typeof courses)[number], i: number) => ({
  id: `burst-${i}`,
  body: {
    type: 'documents',
    transactionId: `tx-${P}-${i}`,
    changes: [
      {
        id: c._id,
        type: 'course',
        operation: 'update',
        slugBefore: c.slug.current,
        slugAfter: c.slug.current,
      },
    ],
  },
})

const AGGREGATES = [
  '/',
  '/courses',
  '/sessions.ics',
  '/topics/nrm/sessions.ics',
  '/sitemap.xml',
  '/sitemap-pages.xml',
  '/sitemap-courses-1.xml',
  `/organisations/${P}-org`,
]

describe('publishing at scale', { timeout: 120_000 }, () => {
  it('a burst of 20 course publishes rebuilds each listing, feed and sitemap part once', async () => {
    // Visitors have seen these pages: they are stored and listed in the dependency index.
    await prebuild([...AGGREGATES, ...courses.map((c) => `/courses/${c.slug.current}`)])
    for (const c of courses) {
      await client
        .patch(c._id)
        .set({ summary: `${c.title}: edited in a burst.` })
        .commit({ visibility: 'sync' })
    }

    const meter = newMeter()
    const spy = countContentRequests(meter)
    const e = metered(env, meter)
    const settled = metered(env, meter, '0')
    try {
      // The 20 webhooks' messages in one consumer call (the deployed queue hands over 10 at a time).
      const result = await consume(
        e,
        courses.map((c, i) => edit(c, i)),
      )
      expect(result.retryMessages).toEqual([])
      // Nothing that lists courses was rebuilt yet: each publish only marked it.
      for (const path of AGGREGATES)
        expect(meter.kvWrites.get(`page:${path}`), path).toBeUndefined()
      const { results: pending } = await env.DB.prepare(
        'SELECT path FROM pending_rebuilds ORDER BY path',
      ).all<{ path: string }>()
      expect(pending.map((r) => r.path)).toEqual(
        expect.arrayContaining(['/courses', '/sessions.ics', '/sitemap-courses-1.xml']),
      )
      // One deferred run for the whole burst.
      const scheduled = await env.DB.prepare('SELECT count(*) AS n FROM rebuild_schedule').first<{
        n: number
      }>()
      expect(scheduled?.n).toBe(1)

      // The deferred run (and its follow-ups, for pages beyond one invocation's budget).
      for (let run = 0; run < 5; run++) {
        const left = await env.DB.prepare('SELECT count(*) AS n FROM pending_rebuilds').first<{
          n: number
        }>()
        if (!left?.n) break
        await consume(settled, [{ id: `aggregates-${run}`, body: { type: 'aggregates' } }])
      }
      for (const path of AGGREGATES) {
        expect(meter.kvWrites.get(`page:${path}`) ?? 0, path).toBeLessThanOrEqual(1)
      }
      // The index lists parts, not documents: edits leave it alone.
      expect(meter.kvWrites.get('page:/sitemap.xml')).toBeUndefined()
      console.log(
        `burst of ${COURSES} course edits: ${[...meter.kvWrites.values()].reduce((a, b) => a + b, 0)} KV writes, ` +
          `${meter.d1RowsWritten} D1 rows written, ${meter.contentRequests} content-store requests`,
      )
    } finally {
      spy.mockRestore()
    }
    // Every publish's receipt completes, listing the aggregates the burst's run rebuilt.
    const receipts = await waitFor('the burst receipts', async () => {
      const all = await Promise.all(
        courses.map((_, i) => listReceipts(env.DB, { limit: 5, transactionId: `tx-${P}-${i}` })),
      )
      const flat = all.flat()
      return flat.length === COURSES && flat.every((r) => r.status === 'done') ? flat : undefined
    })
    for (const r of receipts) expect(r.pagesRebuilt).toEqual(expect.arrayContaining(['/courses']))
  })

  it('one course publish: its page first, then a bounded cost', async () => {
    const c = courses[0]
    if (!c) throw new Error('no course')
    await client
      .patch(c._id)
      .set({ title: 'Scale course 0, renamed' })
      .commit({ visibility: 'sync' })
    const meter = newMeter()
    const spy = countContentRequests(meter)
    const e = metered(env, meter)
    try {
      await consume(e, [edit(c, 100)])
      // Fresh before any aggregate: the page is stored, the listings are only marked.
      const stored = await env.PAGES.get(`page:/courses/${c.slug.current}`)
      expect(stored).toContain('Scale course 0, renamed')
      expect(meter.kvWrites.get('page:/courses')).toBeUndefined()
      const own = { ...meter, kvWrites: new Map(meter.kvWrites) }
      await consume(metered(env, meter, '0'), [
        { id: 'aggregates-one', body: { type: 'aggregates' } },
      ])
      const kv = [...meter.kvWrites.values()].reduce((a, b) => a + b, 0)
      console.log(
        `one course publish: own page ${[...own.kvWrites.values()].reduce((a, b) => a + b, 0)} KV writes, ` +
          `${own.d1RowsWritten} D1 rows, ${own.contentRequests} content requests; with aggregates ` +
          `${kv} KV writes, ${meter.d1RowsWritten} D1 rows, ${meter.contentRequests} content requests`,
      )
      // The README's operations section quotes these: at most one write per stored page that
      // shows the course, and a content-request count that does not grow with the dataset (the
      // pages that show the course, their revision lookups, the signups' course read).
      expect(kv).toBeLessThanOrEqual(1 + AGGREGATES.length)
      expect(own.contentRequests).toBeLessThanOrEqual(15)
      expect(meter.contentRequests).toBeLessThanOrEqual(30)
    } finally {
      spy.mockRestore()
    }
  })
})

describe('a contact publish', { timeout: 60_000 }, () => {
  const pathsWith = async (dep: string) =>
    (
      await env.DB.prepare('SELECT path FROM page_deps WHERE dep = ?1')
        .bind(dep)
        .all<{ path: string }>()
    ).results.map((r) => r.path)

  it('shows the change at once wherever the contact is listed; other listings wait for the burst', async () => {
    await prebuild(['/', '/contacts'])
    // A contact the stored directory page shows (it has no page of its own).
    const target = contacts.find((c) => c.name === 'Scale contact 00') ?? contacts[0]
    if (!target) throw new Error('no contact')
    const showing = await pathsWith(target._id)
    expect(showing).toContain('/contacts')
    const listing = (await pathsWith('type:contact')).filter((p) => !showing.includes(p))
    expect(listing.length).toBeGreaterThan(0)
    const renamed = `${target.name}, renamed`
    await client.patch(target._id).set({ name: renamed }).commit({ visibility: 'sync' })
    const meter = newMeter()
    await consume(metered(env, meter), [
      {
        id: 'contact-edit',
        body: {
          type: 'documents',
          transactionId: `tx-${P}-contact`,
          changes: [{ id: target._id, type: 'contact', operation: 'update' }],
        },
      },
    ])
    for (const path of showing) expect(await env.PAGES.get(`page:${path}`), path).toContain(renamed)
    // The pages that list contacts without showing this one are only marked for the burst's run.
    const marked = (
      await env.DB.prepare('SELECT path FROM pending_rebuilds').all<{ path: string }>()
    ).results.map((r) => r.path)
    for (const path of listing) {
      expect(meter.kvWrites.get(`page:${path}`), path).toBeUndefined()
      expect(marked, path).toContain(path)
    }
    for (const path of showing) expect(marked, path).not.toContain(path)
    await consume(metered(env, newMeter(), '0'), [
      { id: 'aggregates-contact', body: { type: 'aggregates' } },
    ])
  })
})

describe('a long burst', { timeout: 60_000 }, () => {
  const pending = async () =>
    (await env.DB.prepare('SELECT path FROM pending_rebuilds').all<{ path: string }>()).results.map(
      (r) => r.path,
    )

  it('waits while publishes keep coming, and never longer than a minute', async () => {
    const c = courses[1]
    if (!c) throw new Error('no course')
    await prebuild(['/courses'])
    await client
      .patch(c._id)
      .set({ summary: 'Edited during a long import.' })
      .commit({ visibility: 'sync' })
    const e = metered(env, newMeter(), '5')
    await consume(e, [edit(c, 200)])
    expect(await pending()).toContain('/courses')

    // A second after the last publish the burst is still going: nothing is rebuilt, and the run
    // is put off (one scheduled run, the mark kept).
    const t0 = Date.now()
    await runAggregates(e, newRebuildState(e), new Date(t0 + 1_000))
    expect(await pending()).toContain('/courses')
    const scheduled = await env.DB.prepare('SELECT count(*) AS n FROM rebuild_schedule').first<{
      n: number
    }>()
    expect(scheduled?.n).toBe(1)

    // Publishes kept marking it for almost a minute: a minute after its first mark it is rebuilt
    // although the newest mark is a second old.
    await env.DB.prepare('UPDATE pending_rebuilds SET marked_at = ?')
      .bind(new Date(t0 + 60_000).toISOString())
      .run()
    await runAggregates(e, newRebuildState(e), new Date(t0 + 61_000))
    expect(await pending()).not.toContain('/courses')
  })
})
