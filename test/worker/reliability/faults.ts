// Fault injection: the worker's own fetch handler called with a modified environment (a content
// store that is down, a D1 binding that fails on its Nth call, a queue that counts what it is
// sent), inside the same workerd isolate and against the same real bindings as everything else.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import worker from '../../../worker/index'
import { interceptD1 } from '../d1-intercept'
import { freshIp, ORIGIN } from './helpers'

/** Nothing listens here: connections are refused at once, as when the content store is down. */
export const CLOSED_STORE = 'http://127.0.0.1:9'

export async function callWorker(
  path: string,
  init: RequestInit = {},
  overrides: Partial<Env> = {},
): Promise<Response> {
  const headers = new Headers(init.headers)
  if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', freshIp())
  const request = new Request(`${ORIGIN}${path}`, { ...init, headers, redirect: 'manual' })
  const ctx = createExecutionContext()
  const res = await worker.fetch(request, { ...env, ...overrides }, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

export type FaultMode = 'prepare' | 'execute'

export type FaultyDb = { db: D1Database; calls(): number; tripped(): boolean }

/**
 * A D1 binding that behaves like the real one until its `failAt`-th call, which throws as D1
 * does when it is unavailable. 'prepare' counts prepare() calls (thrown synchronously);
 * 'execute' counts statement executions and batch() calls (rejected promises).
 */
export function faultyDb(real: D1Database, mode: FaultMode, failAt: number): FaultyDb {
  let calls = 0
  let tripped = false
  const tick = (what: string) => {
    calls++
    if (calls === failAt) {
      tripped = true
      throw new Error(`D1_ERROR: injected fault on call ${calls} (${what})`)
    }
  }
  const db =
    mode === 'prepare'
      ? interceptD1(real, { prepare: () => tick('prepare') })
      : interceptD1(real, {
          execute: async (method, _statement, original) => {
            tick(method)
            return original()
          },
          batch: async (original) => {
            tick('batch')
            return original()
          },
        })
  return { db, calls: () => calls, tripped: () => tripped }
}

/** A queue binding that records what it was sent and sends nothing on. */
export function countingQueue<T>(): { queue: Queue<T>; sent: T[] } {
  const sent: T[] = []
  const queue = {
    async send(message: T) {
      sent.push(message)
    },
    async sendBatch(messages: Iterable<MessageSendRequest<T>>) {
      for (const m of messages) sent.push(m.body)
    },
  } as unknown as Queue<T>
  return { queue, sent }
}
