// The count a visitor sees on a campaign page follows confirmations within the refresh spacing,
// without a page rebuild per signature: the first confirmation after a quiet spell refreshes the
// page at once; those that follow within the spacing share one delayed refresh. The queue's
// delay is the clock here: the test records what was queued (and its delay) and delivers it to
// the worker's own queue consumer, as the queue would once the delay has passed.
import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  SELF,
} from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import worker from '../../../worker/index'
import { confirmSignature, COUNT_REFRESH_SPACING_MS } from '../../../worker/signups/petitions'
import { clearSignupTables, formPost, ORIGIN, rows, SEED } from './helpers'

const handler: ExportedHandler<Env> = worker
const PATH = `/campaigns/${SEED.petition.slug}`
const OFFLINE = 37

type Queued = { body: unknown; delaySeconds: number }

/** An env whose rebuild queue records messages instead of delivering them. */
function recordingEnv(queued: Queued[]): Env {
  const send = async (body: unknown, opts?: { delaySeconds?: number }) => {
    queued.push({ body, delaySeconds: opts?.delaySeconds ?? 0 })
  }
  return { ...env, REBUILD_QUEUE: { send } } as unknown as Env
}

/** Hands recorded messages to the worker's queue handler, as the queue does when they are due. */
async function deliver(messages: Queued[]) {
  if (!handler.queue) throw new Error('the worker exports no queue handler')
  const batch = createMessageBatch(
    'safeguard-rebuild',
    messages.map((m, i) => ({
      id: `count-${crypto.randomUUID()}-${i}`,
      timestamp: new Date(),
      attempts: 1,
      body: m.body,
    })),
  )
  const ctx = createExecutionContext()
  await handler.queue(batch, env, ctx)
  const result = await getQueueResult(batch, ctx)
  expect(result.retryMessages).toEqual([])
}

async function shownCount(): Promise<number> {
  const res = await SELF.fetch(`${ORIGIN}${PATH}`)
  expect(res.status).toBe(200)
  const text = (await res.text()).replace(/<[^>]+>/g, '')
  const match = /([\d,]+) people have signed/.exec(text)
  if (!match?.[1]) throw new Error('the campaign page shows no count')
  return Number(match[1].replace(/,/g, ''))
}

/** A pending signature, signed through the form as a visitor would; returns its id. */
async function pending(n: string): Promise<string> {
  const email = `count${n}@example.org`
  const res = await formPost(`/campaigns/${SEED.petition.slug}/sign`, {
    name: `Counted ${n}`,
    email,
    postcode: 'SW1A 1AA',
    country: '',
    consent: 'yes',
    website: '',
  })
  expect(res.status).toBe(200)
  const [row] = await rows<{ id: string }>('SELECT id FROM signatures WHERE email = ?', email)
  if (!row) throw new Error('signature not stored')
  return row.id
}

const refreshes = (queued: Queued[]) => queued.filter((q) => JSON.stringify(q.body).includes(PATH))

beforeEach(clearSignupTables)

describe('the campaign page count', () => {
  it('shows a confirmation at once after a quiet spell, then coalesces', async () => {
    const queued: Queued[] = []
    const recording = recordingEnv(queued)
    const t0 = Date.now()
    expect(await shownCount()).toBe(OFFLINE)

    // The first confirmation: one refresh, not delayed.
    expect(await confirmSignature(recording, await pending('a'), t0)).toMatchObject({
      kind: 'confirmed',
    })
    expect(refreshes(queued)).toEqual([
      { body: { type: 'paths', paths: [PATH], reason: 'petition count' }, delaySeconds: 0 },
    ])
    await deliver(queued.splice(0))
    expect(await shownCount()).toBe(OFFLINE + 1)

    // Five more within the spacing: one refresh between them, due one spacing after the first.
    for (let i = 1; i <= 5; i++) {
      await confirmSignature(recording, await pending(`b${i}`), t0 + i * 1000)
    }
    const coalesced = refreshes(queued)
    expect(coalesced).toHaveLength(1)
    expect(coalesced[0]?.delaySeconds).toBe((COUNT_REFRESH_SPACING_MS - 1000) / 1000)
    expect(coalesced[0]?.delaySeconds).toBeLessThanOrEqual(60)
    await deliver(queued.splice(0))
    expect(await shownCount()).toBe(OFFLINE + 6)

    // After that refresh has run, the next confirmation schedules the next one, again spaced.
    const later = t0 + COUNT_REFRESH_SPACING_MS + 500
    await confirmSignature(recording, await pending('c'), later)
    const next = refreshes(queued)
    expect(next).toHaveLength(1)
    expect(next[0]?.delaySeconds).toBe(
      Math.ceil((t0 + 2 * COUNT_REFRESH_SPACING_MS - later) / 1000),
    )
    await deliver(queued.splice(0))
    expect(await shownCount()).toBe(OFFLINE + 7)
  })

  it('a repeat click schedules nothing; a lost queue message is retried by the next change', async () => {
    const queued: Queued[] = []
    const t0 = Date.now()
    const first = await pending('r')
    const failing = {
      ...env,
      REBUILD_QUEUE: {
        send: async () => {
          throw new Error('queue down')
        },
      },
    } as unknown as Env
    expect(await confirmSignature(failing, first, t0)).toMatchObject({ kind: 'confirmed' })
    // The refresh was not queued, so it is not recorded as pending either.
    expect(await rows('SELECT path FROM page_refreshes')).toEqual([])
    expect(await confirmSignature(recordingEnv(queued), first, t0 + 10)).toMatchObject({
      kind: 'already',
    })
    expect(queued).toEqual([])
    await confirmSignature(recordingEnv(queued), await pending('s'), t0 + 20)
    expect(refreshes(queued)).toEqual([
      { body: { type: 'paths', paths: [PATH], reason: 'petition count' }, delaySeconds: 0 },
    ])
    await deliver(queued.splice(0))
    expect(await shownCount()).toBe(OFFLINE + 2)
  })
})
