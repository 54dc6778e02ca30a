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

export type DriverReply = { id: number; summary: LoadSummary } | { id: number; error: string }

export type Driver = {
  cannon(options: Options): Promise<LoadSummary>
  serial(options: SerialOptions): Promise<LoadSummary>
  close(): void
}

export function startDriver(): Driver {
  const child: ChildProcess = fork(join(import.meta.dirname, 'driver-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let next = 1
  const pending = new Map<number, { resolve(s: LoadSummary): void; reject(e: Error): void }>()
  child.on('message', (reply: DriverReply) => {
    const waiter = pending.get(reply.id)
    pending.delete(reply.id)
    if (!waiter) return
    if ('error' in reply) waiter.reject(new Error(reply.error))
    else waiter.resolve(reply.summary)
  })
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`load driver exited ${code}`))
    pending.clear()
  })
  const send = (build: (id: number) => DriverRequest) =>
    new Promise<LoadSummary>((resolve, reject) => {
      const id = next++
      pending.set(id, { resolve, reject })
      child.send(build(id))
    })
  return {
    cannon: (options) => send((id) => ({ id, kind: 'cannon', options })),
    serial: (options) => send((id) => ({ id, kind: 'serial', options })),
    close: () => {
      child.kill()
    },
  }
}
