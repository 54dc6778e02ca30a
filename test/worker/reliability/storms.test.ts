// Webhook storms and duplicate deliveries, all at once: Sanity retries, a hook configured twice,
// an editor publishing in bulk. Every distinct delivery is recorded and enqueued exactly once,
// however many copies arrive and however they interleave; a delivery whose enqueue failed is
// taken by the retry.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { RebuildMessage } from '../../../worker/queues/rebuild-messages'
import { callWorker, countingQueue } from './faults'
import { courseUpdate, deliveryHeaders, sign } from './webhook-signing'

async function deliver(key: string, body: string, queue: Queue<RebuildMessage>) {
  const res = await callWorker(
    '/webhooks/sanity',
    { method: 'POST', headers: deliveryHeaders(key, await sign(body)), body },
    { REBUILD_QUEUE: queue },
  )
  return { status: res.status, body: (await res.json()) as { duplicate?: boolean } }
}

async function recorded(prefix: string): Promise<number> {
  const row = await env.DB.prepare(
    'SELECT count(*) AS n FROM webhook_deliveries WHERE idempotency_key LIKE ?',
  )
    .bind(`${prefix}%`)
    .first<{ n: number }>()
  return row?.n ?? 0
}

describe('webhook storms', () => {
  it('100 deliveries of 10 distinct changes, concurrently: exactly 10 recorded and enqueued', async () => {
    const { queue, sent } = countingQueue<RebuildMessage>()
    const distinct = Array.from({ length: 10 }, (_, i) => ({
      key: `dup-${i}`,
      body: courseUpdate(`course.storm-${i}`, `rev-${i}`),
    }))
    // Round-robin, not grouped: copies of one delivery race each other and all the others.
    const copies = Array.from({ length: 10 }, () => distinct).flat()
    const answers = await Promise.all(copies.map((d) => deliver(d.key, d.body, queue)))

    expect(answers.filter((a) => a.status === 202)).toHaveLength(10)
    expect(answers.filter((a) => a.status === 200 && a.body.duplicate === true)).toHaveLength(90)
    expect(await recorded('dup-')).toBe(10)
    expect(sent).toHaveLength(10)
    const ids = sent.flatMap((m) => (m.type === 'documents' ? m.changes.map((c) => c.id) : []))
    expect(new Set(ids)).toEqual(new Set(distinct.map((_, i) => `course.storm-${i}`)))
  })

  it('a storm of 300 distinct changes at once: every one recorded and enqueued once', async () => {
    const { queue, sent } = countingQueue<RebuildMessage>()
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        deliver(`storm-${i}`, courseUpdate(`course.bulk-${i}`, `rev-${i}`), queue),
      ),
    )
    expect(answers.map((a) => a.status).filter((s) => s !== 202)).toEqual([])
    expect(await recorded('storm-')).toBe(300)
    expect(sent).toHaveLength(300)
  })

  it('an enqueue that fails answers 503 and the retry is accepted once', async () => {
    const broken = {
      async send() {
        throw new Error('queue unavailable')
      },
      async sendBatch() {
        throw new Error('queue unavailable')
      },
    } as unknown as Queue<RebuildMessage>
    const body = courseUpdate('course.retry-me', 'rev-1')
    const first = await deliver('retry-1', body, broken)
    expect(first.status).toBe(503)

    const { queue, sent } = countingQueue<RebuildMessage>()
    const retries = await Promise.all([1, 2, 3].map(() => deliver('retry-1', body, queue)))
    expect(retries.filter((r) => r.status === 202)).toHaveLength(1)
    expect(retries.filter((r) => r.status === 200)).toHaveLength(2)
    expect(await recorded('retry-')).toBe(1)
    expect(sent).toHaveLength(1)
  })
})
