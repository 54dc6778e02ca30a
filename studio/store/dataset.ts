// One dataset: durable storage, the query engine over it, and the commit point that stamps
// revisions and tells subscribers (listen streams, webhooks) about each committed transaction.
import { randomBytes } from 'node:crypto'
import type { HistoryLog } from './history-log'
import { QueryEngine, type QueryInput } from './query'
import { QueryThreads } from './query-threads'
import { Storage } from './storage'
import {
  nowIso,
  StoreError,
  type CommittedTransaction,
  type DocChange,
  type SanityDoc,
} from './types'

export type TransactionListener = (tx: CommittedTransaction) => void

/** Sanity-like random id (revisions, transaction ids). */
export function randomId(length = 22): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = randomBytes(length)
  let out = ''
  for (const byte of bytes) out += alphabet[byte % alphabet.length]
  return out
}

export class Dataset {
  readonly engine: QueryEngine
  private readonly threads: QueryThreads | null
  private readonly listeners = new Set<TransactionListener>()
  // Recently used transaction ids: a reused id would give two revisions the same _rev.
  private readonly recentTransactions = new Set<string>()

  constructor(
    readonly name: string,
    readonly projectId: string,
    private readonly storage: Storage,
    opts: { queryThreads?: number } = {},
  ) {
    const sanity = { projectId, dataset: name }
    const source = () => ({ docs: storage.docs, revision: storage.seq })
    this.engine = new QueryEngine(source, sanity)
    const threads = opts.queryThreads ?? 0
    this.threads = threads > 0 ? new QueryThreads(threads, source, sanity) : null
  }

  /** A read query's result as JSON: on a query thread once one is loaded, else here. */
  query(input: QueryInput): Promise<string> {
    const threads = this.threads
    if (!threads) return this.engine.run(input)
    const sent = threads.run(input)
    if (sent) return sent
    const started = performance.now()
    return this.engine
      .run(input)
      .finally(() => threads.ran(input.query, performance.now() - started))
  }

  /** Resolves once the query threads (if any) hold the documents and answer queries. */
  async queriesReady(): Promise<void> {
    await this.threads?.loaded
  }

  get(id: string): SanityDoc | undefined {
    return this.storage.docs.get(id)
  }

  /** Every committed transaction and the states it left, for the history endpoints. */
  get history(): HistoryLog {
    return this.storage.history
  }

  get revision(): number {
    return this.storage.seq
  }

  get size(): number {
    return this.storage.docs.size
  }

  all(): IterableIterator<SanityDoc> {
    return this.storage.docs.values()
  }

  subscribe(listener: TransactionListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Stamps `_rev`/`_updatedAt` on every written document, makes the transaction durable and
   * visible, then notifies subscribers. `changes` must already be validated: all or nothing.
   */
  commit(
    changes: DocChange[],
    opts: { transactionId?: string | undefined; identity: string; now?: Date },
  ): CommittedTransaction {
    const transactionId = opts.transactionId || randomId()
    if (this.recentTransactions.has(transactionId)) {
      throw new StoreError(409, {
        description: `Transaction ID "${transactionId}" has already been used`,
        type: 'conflictError',
      })
    }
    const timestamp = nowIso(opts.now)
    const stamped = changes.map((change): DocChange => {
      if (!change.after) return change
      const after: SanityDoc = {
        ...change.after,
        _id: change.id,
        _rev: transactionId,
        _createdAt: change.before?._createdAt ?? change.after._createdAt ?? timestamp,
        _updatedAt: timestamp,
      }
      return { ...change, after }
    })
    const tx: CommittedTransaction = {
      transactionId,
      seq: this.storage.seq + 1,
      timestamp,
      changes: stamped,
      identity: opts.identity,
    }
    this.storage.commit(tx)
    this.engine.changed(tx.changes.map((c) => c.id))
    this.threads?.changed(
      tx.seq,
      tx.changes.map((c) => [c.id, c.after ?? null]),
    )
    this.recentTransactions.add(transactionId)
    if (this.recentTransactions.size > 10_000) {
      const oldest = this.recentTransactions.values().next()
      if (!oldest.done) this.recentTransactions.delete(oldest.value)
    }
    for (const listener of this.listeners) {
      try {
        listener(tx)
      } catch (error) {
        console.error('store: transaction listener failed', error)
      }
    }
    return tx
  }

  async close(): Promise<void> {
    this.storage.close()
    await this.threads?.close()
  }
}
