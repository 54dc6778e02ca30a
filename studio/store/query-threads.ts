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

type Pending = { query: string; resolve: (json: string) => void; reject: (error: unknown) => void }

type Slot = {
  worker: Worker
  ready: boolean
  loaded: Promise<void>
  /** Queries sent and not answered, in the order the thread evaluates them. */
  pending: Map<number, Pending>
  /** When the thread began on the first of them. */
  headStartedAt: number
}

type Source = () => { docs: Map<string, SanityDoc>; revision: number }

const ENTRY = new URL('./query-thread.ts', import.meta.url)
/** Documents per `load` message: small enough that serializing one does not stall the store. */
const CHUNK = 500
/**
 * A wait this long on the first thread sends a query to another one. Below it, queries queue on
 * the first thread, so a stream of short ones keeps to one core and leaves the rest to the site
 * that asks them (locally, the worker shares this machine's cores with the store).
 */
const LONG_MS = 50
/** Query texts whose last evaluation time is remembered, to foresee a long one. */
const DURATIONS_KEPT = 1_000
/**
 * A query that has never taken this long is answered by the caller on its own thread:
 * the round trip to a thread (two messages, and the answer waiting for this busy event loop)
 * costs about as much again as such a query, and a bulk import asks thousands of them in a row.
 * If its parameters make one long after all, that one run holds the event loop, and from then on
 * the query text goes to the threads.
 */
const INLINE_BELOW_MS = 5

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
  /**
   * Query text → how long its last evaluation took (ms), to foresee a long query, and the longest
   * it has taken: one that was ever long stays on the threads, even when the last run was quick
   * because it was answered from that engine's cache of the revision.
   */
  private readonly durations = new Map<string, { last: number; longest: number }>()

  constructor(
    size: number,
    private readonly source: Source,
    private readonly sanity: ThreadStart['sanity'],
    private readonly inlineBelowMs = INLINE_BELOW_MS,
  ) {
    this.slots = Array.from({ length: size }, () => null)
    const started = Array.from({ length: size }, (_, i) => this.spawn(i))
    this.loaded = Promise.all(started.map((slot) => slot.loaded)).then(() => undefined)
    void this.load(started)
  }

  /** Resolves once every thread started with the store holds the documents. */
  readonly loaded: Promise<void>

  /**
   * Answers on the first loaded thread unless a query there would wait LONG_MS or more (a long
   * query is running, or is expected from its last run); then on the thread it would wait least.
   * Null while no thread is loaded, or for a query known to be short: the caller then answers on
   * its own thread and reports the time with `ran`.
   */
  run(input: QueryInput): Promise<string> | null {
    const known = this.durations.get(input.query)
    if (known && known.longest < this.inlineBelowMs) return null
    const ready = this.slots.filter((slot): slot is Slot => slot?.ready === true)
    const now = performance.now()
    let best: Slot | undefined
    let bestWait = Infinity
    for (const slot of ready) {
      const wait = this.expectedWait(slot, now)
      if (wait < bestWait) {
        best = slot
        bestWait = wait
      }
      if (slot === ready[0] && wait < LONG_MS) break
    }
    if (!best) return null
    const slot = best
    const id = this.nextId++
    if (slot.pending.size === 0) slot.headStartedAt = now
    return new Promise<string>((resolve, reject) => {
      slot.pending.set(id, { query: input.query, resolve, reject })
      slot.worker.postMessage({ kind: 'query', id, input } satisfies ToThread)
    })
  }

  /** How long a query sent to `slot` now would wait before the thread begins on it. */
  private expectedWait(slot: Slot, now: number): number {
    let wait = 0
    let head = true
    for (const { query } of slot.pending.values()) {
      const expected = this.durations.get(query)?.last ?? 0
      if (head) {
        const elapsed = now - slot.headStartedAt
        // Running this long already, it counts as long whatever it took before.
        wait += Math.max(expected - elapsed, elapsed >= LONG_MS ? LONG_MS : 0)
        head = false
      } else wait += expected
    }
    return wait
  }

  /** Remembers how long `query` took, here or on a thread, for the next one's routing. */
  ran(query: string, ms: number): void {
    const longest = Math.max(ms, this.durations.get(query)?.longest ?? 0)
    this.durations.delete(query)
    this.durations.set(query, { last: ms, longest })
    if (this.durations.size > DURATIONS_KEPT) {
      const oldest = this.durations.keys().next()
      if (!oldest.done) this.durations.delete(oldest.value)
    }
  }

  private answered(slot: Slot, query: string): void {
    const now = performance.now()
    this.ran(query, now - slot.headStartedAt)
    slot.headStartedAt = now
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
      headStartedAt: 0,
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
      this.answered(slot, waiting.query)
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
