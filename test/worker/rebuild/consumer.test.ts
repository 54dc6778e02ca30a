// The queue consumer on its own: messages that cannot be parsed are dropped (not retried
// forever), and a fan-out larger than one invocation's budget (REBUILD_PAGES_PER_INVOCATION)
// continues in follow-up messages that complete the same receipt.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../../worker/index'
import { WHOLE_NUMBER_SETTINGS, wholeNumberSetting } from '../../../worker/lib/settings'
import { listReceipts } from '../../../worker/rebuild/receipts'
import { waitFor } from './helpers'

const PAGES_PER_INVOCATION = WHOLE_NUMBER_SETTINGS.REBUILD_PAGES_PER_INVOCATION.fallback

// Typed as the runtime calls it (batch, env, ctx), whatever parameters the entry point declares.
const handler: ExportedHandler<Env> = worker

async function queue(batch: MessageBatch, e: Env, ctx: ExecutionContext): Promise<void> {
  if (!handler.queue) throw new Error('the worker exports no queue handler')
  await handler.queue(batch, e, ctx)
}

async function runBatch(messages: { id: string; body: unknown }[], e: Env = env) {
  const batch = createMessageBatch(
    'safeguard-rebuild',
    messages.map((m) => ({ ...m, timestamp: new Date(), attempts: 1 })),
  )
  const ctx = createExecutionContext()
  await queue(batch, e, ctx)
  return getQueueResult(batch, ctx)
}

const FAN_OUT = [
  '/',
  '/courses',
  '/campaigns',
  '/reports',
  '/contacts',
  '/news',
  '/sitemap.xml',
  '/feed.xml',
  '/sessions.ics',
  '/robots.txt',
  '/courses/nrm-webinar',
  '/courses/statutory-defence-webinar',
  '/reports/nrm-statistics-q1-2020',
  '/organisations/ecpat-uk',
]

/** The receipt of `transactionId` once its follow-up messages have completed it. */
async function completed(transactionId: string) {
  return waitFor('the follow-up messages', async () => {
    const [r] = await listReceipts(env.DB, { limit: 1, transactionId })
    return r?.status === 'done' ? r : undefined
  })
}

// Publishing waits for the queue consumer; allow for a busy machine.
describe('rebuild consumer', { timeout: 60_000 }, () => {
  it('acknowledges and drops a malformed message', async () => {
    const result = await runBatch([{ id: 'bad-1', body: { type: 'paths', paths: 'not-a-list' } }])
    expect(result.explicitAcks).toEqual(['bad-1'])
    expect(result.retryMessages).toEqual([])
  })

  it('rebuilds a fan-out beyond one invocation in follow-up messages, on one receipt', async () => {
    const paths = FAN_OUT
    expect(paths.length).toBeGreaterThan(PAGES_PER_INVOCATION)
    const result = await runBatch([
      { id: 'big-1', body: { type: 'paths', paths, reason: 'test fan-out' } },
    ])
    expect(result.explicitAcks).toEqual(['big-1'])

    const [first] = await listReceipts(env.DB, { limit: 1, transactionId: 'big-1' })
    expect(first?.pagesRebuilt).toHaveLength(PAGES_PER_INVOCATION)
    // The rest arrives through the real queue and lands on the same receipt.
    const done = await completed('big-1')
    expect([...done.pagesRebuilt].sort()).toEqual([...paths].sort())
    expect(done.pagesFailed).toEqual([])
  })

  it('builds REBUILD_PAGES_PER_INVOCATION pages an invocation, and the default when it is invalid', async () => {
    const three = await runBatch(
      [{ id: 'three-1', body: { type: 'paths', paths: FAN_OUT, reason: 'budget of three' } }],
      { ...env, REBUILD_PAGES_PER_INVOCATION: '3' },
    )
    expect(three.explicitAcks).toEqual(['three-1'])
    const [first] = await listReceipts(env.DB, { limit: 1, transactionId: 'three-1' })
    expect(first?.pagesRebuilt).toHaveLength(3)
    expect([...(await completed('three-1')).pagesRebuilt].sort()).toEqual([...FAN_OUT].sort())

    // A value out of range or not a number is taken as unset.
    for (const value of ['0', '101', 'ten', '', ' 3.5']) {
      const withValue = { ...env, REBUILD_PAGES_PER_INVOCATION: value }
      expect(wholeNumberSetting(withValue, 'REBUILD_PAGES_PER_INVOCATION')).toBe(
        PAGES_PER_INVOCATION,
      )
    }
  })

  it('retries a message whose pages could not be built (content store down)', async () => {
    const batch = createMessageBatch('safeguard-rebuild', [
      {
        id: 'down-1',
        timestamp: new Date(),
        attempts: 1,
        body: { type: 'paths', paths: ['/campaigns/the-secret-gardeners'], reason: 'store down' },
      },
    ])
    const ctx = createExecutionContext()
    await queue(batch, { ...env, SANITY_API_HOST: 'http://127.0.0.1:9' }, ctx)
    const result = await getQueueResult(batch, ctx)
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(['down-1'])
    const [receipt] = await listReceipts(env.DB, { limit: 1, transactionId: 'down-1' })
    expect(receipt).toMatchObject({
      status: 'failed',
      pagesFailed: ['/campaigns/the-secret-gardeners'],
    })
    expect(await env.PAGES.get('page:/campaigns/the-secret-gardeners')).toBeNull()
  })
})
