// Parent side of the load generator: forks driver-child.ts once and sends it runs over IPC.
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { Options } from 'autocannon'

export type LoadSummary = {
  requests: number
  durationS: number
  rps: number
  /** Latency percentiles in ms (autocannon: 1 ms resolution; serial runs: sub-ms). */
  p50: number
  p90: number
  p99: number
  mean: number
  errors: number
  timeouts: number
  statuses: Record<string, number>
}

export type SerialOptions = {
  url: string
  count: number
  /** Stops early after this long, whatever `count` says. */
  maxMs?: number
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
}

export type DriverRequest =
  | { id: number; kind: 'cannon'; options: Options }
  | { id: number; kind: 'serial'; options: SerialOptions }
  | { id: number; kind: 'rounds'; options: { list: SerialOptions[]; rounds: number } }

export type DriverReply = { id: number; summaries: LoadSummary[] } | { id: number; error: string }

export type Driver = {
  cannon(options: Options): Promise<LoadSummary>
  serial(options: SerialOptions): Promise<LoadSummary>
  /** Several serial runs interleaved in `rounds` rounds (see driver-child.ts); in list order. */
  serialRounds(list: SerialOptions[], rounds: number): Promise<LoadSummary[]>
  close(): void
}

function first(summaries: LoadSummary[]): LoadSummary {
  const s = summaries[0]
  if (!s) throw new Error('load driver: no summary')
  return s
}

export function startDriver(): Driver {
  const child: ChildProcess = fork(join(import.meta.dirname, 'driver-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let next = 1
  const pending = new Map<number, { resolve(s: LoadSummary[]): void; reject(e: Error): void }>()
  child.on('message', (reply: DriverReply) => {
    const waiter = pending.get(reply.id)
    pending.delete(reply.id)
    if (!waiter) return
    if ('error' in reply) waiter.reject(new Error(reply.error))
    else waiter.resolve(reply.summaries)
  })
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`load driver exited ${code}`))
    pending.clear()
  })
  const send = (build: (id: number) => DriverRequest) =>
    new Promise<LoadSummary[]>((resolve, reject) => {
      const id = next++
      pending.set(id, { resolve, reject })
      child.send(build(id))
    })
  return {
    cannon: async (options) => first(await send((id) => ({ id, kind: 'cannon', options }))),
    serial: async (options) => first(await send((id) => ({ id, kind: 'serial', options }))),
    serialRounds: (list, rounds) =>
      send((id) => ({ id, kind: 'rounds', options: { list, rounds } })),
    close: () => {
      child.kill()
    },
  }
}
