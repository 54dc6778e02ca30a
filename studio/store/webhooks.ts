// GROQ-powered webhooks as Sanity delivers them: the shared definition's filter and projection
// (delta mode) evaluated for each changed published document, POSTed signed with
// `sanity-webhook-signature`, retried on 429/5xx/network errors, several deliveries in flight at
// once per hook so that a bulk load reaches the site in minutes rather than hours. Deliveries are
// not ordered (Sanity does not order them either): the receiver must not depend on it.
import { createHmac } from 'node:crypto'
import { evaluateSync, toJS, type ExprNode } from 'groq-js'
import { sanityWebhook } from '../../worker/webhooks/definition'
import type { Dataset } from './dataset'
import { parseQuery } from './query'
import { isDraftId, isVersionId, type CommittedTransaction, type DocChange } from './types'

export type HookTarget = { url: string; secret: string; id?: string }
type Operation = 'create' | 'update' | 'delete'
type Delivery = { body: string; headers: Record<string, string>; attempt: number }

const DEFAULT_CONCURRENCY = 10

export type WebhookOptions = {
  /** Delays before each retry; Sanity retries twice, 30 s apart. */
  retryDelaysMs?: number[]
  timeoutMs?: number
  /** Deliveries in flight at once per hook (default 10). */
  concurrency?: number
  log?: (msg: string) => void
}

/** `t=<ms>,v1=<base64url HMAC-SHA256(secret, "<t>.<body>")>`, as @sanity/webhook verifies. */
function signatureHeader(body: string, secret: string, timestamp = Date.now()): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('base64url')
  return `t=${timestamp},v1=${mac}`
}

/**
 * One hook's deliveries: up to `concurrency` in flight at once, each retried on its own. A
 * delivery waiting for its retry does not hold a slot, so one failing document never stalls the
 * rest of a bulk load.
 */
class HookQueue {
  private readonly queue: Delivery[] = []
  private inFlight = 0
  private readonly timers = new Set<NodeJS.Timeout>()
  private idleWaiters: (() => void)[] = []
  private closed = false

  constructor(
    readonly target: HookTarget & { id: string },
    private readonly opts: Required<WebhookOptions>,
  ) {}

  push(delivery: Delivery): void {
    if (this.closed) return
    this.queue.push(delivery)
    this.pump()
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  close(): void {
    this.closed = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    this.queue.length = 0
    this.settle()
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.queue.length === 0 && this.timers.size === 0
  }

  /** Wakes idle() waiters once nothing is queued, in flight or waiting to be retried. */
  private settle(): void {
    if (!this.isIdle()) return
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.opts.concurrency) {
      const next = this.queue.shift()
      if (!next) break
      this.inFlight++
      void this.deliver(next)
    }
  }

  private async deliver(delivery: Delivery): Promise<void> {
    try {
      const outcome = await this.attempt(delivery)
      if (outcome === 'retry' && !this.closed) this.retryLater(delivery)
    } finally {
      this.inFlight--
      this.pump()
      this.settle()
    }
  }

  private retryLater(delivery: Delivery): void {
    const delay = this.opts.retryDelaysMs[delivery.attempt - 1]
    if (delay === undefined) {
      this.opts.log(`webhook ${this.target.url}: giving up after ${delivery.attempt} attempts`)
      return
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      // A retry goes before deliveries that have not been tried yet.
      this.queue.unshift({ ...delivery, attempt: delivery.attempt + 1 })
      this.pump()
      this.settle()
    }, delay)
    this.timers.add(timer)
  }

  private async attempt(delivery: Delivery): Promise<'done' | 'retry'> {
    const headers = {
      ...delivery.headers,
      'sanity-webhook-signature': signatureHeader(delivery.body, this.target.secret),
    }
    try {
      const res = await fetch(this.target.url, {
        method: 'POST',
        headers,
        body: delivery.body,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      })
      await res.arrayBuffer().catch(() => undefined)
      if (res.status === 429 || res.status >= 500) {
        this.opts.log(`webhook ${this.target.url}: HTTP ${res.status}, will retry`)
        return 'retry'
      }
      if (!res.ok) this.opts.log(`webhook ${this.target.url}: HTTP ${res.status} (not retried)`)
      return 'done'
    } catch (error) {
      this.opts.log(`webhook ${this.target.url}: ${String(error)}, will retry`)
      return 'retry'
    }
  }
}

export class WebhookDispatcher {
  private readonly queues: HookQueue[]
  private readonly filter: ExprNode | null
  private readonly projection: ExprNode | null
  private readonly unsubscribe: () => void

  constructor(
    private readonly dataset: Dataset,
    targets: HookTarget[],
    opts: WebhookOptions = {},
  ) {
    const full: Required<WebhookOptions> = {
      retryDelaysMs: opts.retryDelaysMs ?? [30_000, 30_000],
      timeoutMs: opts.timeoutMs ?? 30_000,
      concurrency: Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY),
      log: opts.log ?? (() => {}),
    }
    this.queues = targets.map(
      (t, i) => new HookQueue({ ...t, id: t.id ?? `local-webhook-${i + 1}` }, full),
    )
    this.filter = sanityWebhook.filter ? parseQuery(sanityWebhook.filter, {}, 'delta') : null
    this.projection = sanityWebhook.projection
      ? parseQuery(sanityWebhook.projection, {}, 'delta')
      : null
    this.unsubscribe = dataset.subscribe((tx) => this.onTransaction(tx))
  }

  private evaluate(tree: ExprNode, change: DocChange): unknown {
    return toJS(
      evaluateSync(tree, {
        root: change.after ?? change.before,
        before: change.before,
        after: change.after,
        sanity: { projectId: this.dataset.projectId, dataset: this.dataset.name },
      }),
    )
  }

  /** Evaluated on each side that exists, so a document leaving the filter still notifies. */
  private matches(change: DocChange): boolean {
    const filter = this.filter
    if (!filter) return true
    return [change.after, change.before].some((doc) => {
      if (!doc) return false
      const result = toJS(
        evaluateSync(filter, {
          root: doc,
          before: change.before,
          after: change.after,
          sanity: { projectId: this.dataset.projectId, dataset: this.dataset.name },
        }),
      )
      return result === true
    })
  }

  private onTransaction(tx: CommittedTransaction): void {
    if (this.queues.length === 0) return
    for (const change of tx.changes) {
      // includeDrafts: false — only published documents reach the public site.
      if (isDraftId(change.id) || isVersionId(change.id)) continue
      const operation: Operation = !change.before ? 'create' : !change.after ? 'delete' : 'update'
      if (!(sanityWebhook.on as readonly string[]).includes(operation)) continue
      let body: string
      try {
        if (!this.matches(change)) continue
        const projected = this.projection ? this.evaluate(this.projection, change) : change.after
        body = JSON.stringify(projected ?? null)
      } catch (error) {
        console.error(`store: webhook projection failed for ${change.id}`, error)
        continue
      }
      for (const queue of this.queues) {
        queue.push({
          body,
          attempt: 1,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Sanity.io webhook delivery (safeguard embedded store)',
            'idempotency-key': `${queue.target.id}-${tx.transactionId}-${change.id}`,
            'sanity-transaction-id': tx.transactionId,
            'sanity-transaction-time': tx.timestamp,
            'sanity-document-id': change.id,
            'sanity-operation': operation,
            'sanity-project-id': this.dataset.projectId,
            'sanity-dataset': this.dataset.name,
            'sanity-webhook-id': queue.target.id,
          },
        })
      }
    }
  }

  /** Resolves when every queued delivery (including retries) has finished. */
  async idle(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.idle()))
  }

  close(): void {
    this.unsubscribe()
    for (const queue of this.queues) queue.close()
  }
}
