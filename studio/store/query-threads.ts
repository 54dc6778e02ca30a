// Read queries evaluated in worker threads, so that one long query (a listing over every course
// at 50,000 documents takes about a second in groq-js) holds neither the other queries nor the
// store's own event loop: Sanity's API answers queries concurrently, and the synchronous evaluator
// on the main thread could not. Each thread keeps its own copy of the documents and its own
// QueryEngine. It is sent the documents in chunks, then every committed change, all through one
// port, which delivers in order: a chunk read after a commit already holds that commit, and a query
// sent after a commit is answered after it, so a client reads its own writes as from one engine.
import { Worker } from 'node:worker_threads'
import type { QueryInput } from './query'
import { StoreError, type SanityDoc } from './types'

/** What a thread starts from; the documents follow as `load` messages. */
export type ThreadStart = { revision: number; sanity: { projectId: string; dataset: string } }

/** Messages to a thread. */
export type ToThread =
  /** A chunk of documents as a JSON array; `last` marks the end of the initial copy. */
  | { kind: 'load'; json: string; last: boolean }
  | { kind: 'changes'; revision: number; changes: [string, SanityDoc | null][] }
  | { kind: 'query'; id: number; input: QueryInput }

/** Messages from a thread: loaded, or a query's answer (its JSON, or the store error to send). */
export type FromThread =
  | { kind: 'ready' }
  | { kind: 'answer'; id: number; json: string }
  | { kind: 'error'; id: number; status: number; body: Record<string, unknown> }

type Pending = { resolve: (json: string) => void; reject: (error: unknown) => void }

type Slot = {
  worker: Worker
  ready: boolean
  loaded: Promise<void>
  pending: Map<number, Pending>
}

type Source = () => { docs: Map<string, SanityDoc>; revision: number }

const ENTRY = new URL('./query-thread.ts', import.meta.url)
/** Documents per `load` message: small enough that serializing one does not stall the store. */
const CHUNK = 500

// The thread runs TypeScript: under `tsx` it inherits the loader from the process's flags;
// anywhere else (a test runner) it registers tsx itself.
function execArgv(): string[] {
  const tsxLoaded = process.execArgv.some((arg) => arg.includes('tsx'))
  return tsxLoaded ? process.execArgv : [...process.execArgv, '--import', 'tsx']
}

export class QueryThreads {
  private readonly slots: (Slot | null)[]
  private nextId = 1
  private closed = false

  constructor(
    size: number,
    private readonly source: Source,
    private readonly sanity: ThreadStart['sanity'],
  ) {
    this.slots = Array.from({ length: size }, () => null)
    const started = Array.from({ length: size }, (_, i) => this.spawn(i))
    this.loaded = Promise.all(started.map((slot) => slot.loaded)).then(() => undefined)
    void this.load(started)
  }

  /** Resolves once every thread started with the store holds the documents. */
  readonly loaded: Promise<void>

  /**
   * Answers on the loaded thread with the fewest queries in flight; null while no thread is
   * loaded (the caller then answers on its own thread).
   */
  run(input: QueryInput): Promise<string> | null {
    let best: Slot | null = null
    for (const slot of this.slots) {
      if (slot?.ready && (!best || slot.pending.size < best.pending.size)) best = slot
    }
    if (!best) return null
    const slot = best
    const id = this.nextId++
    return new Promise<string>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject })
      slot.worker.postMessage({ kind: 'query', id, input } satisfies ToThread)
    })
  }

  /** Sends a committed transaction's documents to every thread, loaded or loading. */
  changed(revision: number, changes: [string, SanityDoc | null][]): void {
    const message: ToThread = { kind: 'changes', revision, changes }
    for (const slot of this.slots) slot?.worker.postMessage(message)
  }

  async close(): Promise<void> {
    this.closed = true
    const running = this.slots.filter((s): s is Slot => s !== null)
    this.slots.fill(null)
    await Promise.all(running.map((s) => s.worker.terminate()))
  }

  private spawn(index: number): Slot {
    const start: ThreadStart = { revision: this.source().revision, sanity: this.sanity }
    const worker = new Worker(ENTRY, { workerData: start, execArgv: execArgv() })
    // The store's own lifetime decides when the process ends, never an idle thread.
    worker.unref()
    let loaded = () => {}
    const slot: Slot = {
      worker,
      ready: false,
      // A thread that stops while loading counts as done: queries then stay on the main thread.
      loaded: new Promise<void>((resolve) => (loaded = resolve)),
      pending: new Map(),
    }
    this.slots[index] = slot
    worker.on('message', (message: FromThread) => {
      if (message.kind === 'ready') {
        slot.ready = true
        loaded()
        return
      }
      const waiting = slot.pending.get(message.id)
      if (!waiting) return
      slot.pending.delete(message.id)
      if (message.kind === 'answer') waiting.resolve(message.json)
      else waiting.reject(new StoreError(message.status, message.body))
    })
    // A thread that stops fails its queries in flight. One that had loaded is replaced by a fresh
    // copy; one that could not even load would fail again, so queries stay on the main thread.
    const stopped = (why: unknown) => {
      if (this.slots[index] !== slot) return
      this.slots[index] = null
      for (const waiting of slot.pending.values()) {
        waiting.reject(new StoreError(500, { description: `Query thread stopped: ${String(why)}` }))
      }
      slot.pending.clear()
      loaded()
      if (slot.ready && !this.closed) void this.load([this.spawn(index)])
    }
    worker.on('error', stopped)
    worker.on('exit', (code) => stopped(`exit ${code}`))
    return slot
  }

  // Copies the documents in chunks, serialized once for all `slots`, yielding between chunks so
  // that requests keep being served; the Map's iterator sees each document as it is when its chunk
  // is read.
  private async load(slots: Slot[]): Promise<void> {
    const docs = this.source().docs.values()
    for (;;) {
      const chunk: SanityDoc[] = []
      for (let next = docs.next(); !next.done; next = docs.next()) {
        chunk.push(next.value)
        if (chunk.length === CHUNK) break
      }
      const last = chunk.length < CHUNK
      const live = slots.filter((slot) => this.slots.includes(slot))
      if (this.closed || live.length === 0) return
      const message: ToThread = { kind: 'load', json: JSON.stringify(chunk), last }
      for (const slot of live) slot.worker.postMessage(message)
      if (last) return
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
}
