// The REBUILD_QUEUE consumer. A `documents` message (from the webhook) applies each change's URL
// consequences (301, 410), rebuilds the documents' own pages, then the pages that embed them,
// marks the pages that list their types for the burst's one deferred `aggregates` run
// (deferred.ts), writes a publish receipt, clears the rebuilt pages from the edge, and then calls
// handleContentChange (signups). A `paths` message rebuilds the listed pages. Work beyond one
// invocation's budget continues in follow-up `paths` messages that add to the same receipt.
import { deleteFromEdgeCache, purgeZone } from '../cache/purge'
import { TYPE_PREFIX } from '../cache/revisions'
import { indexDocuments } from '../search/index-writer'
import { handleContentChange } from '../signups/content-events'
import { applyChange } from './changes'
import { markAggregates, runAggregates } from './deferred'
import {
  rebuildMessageSchema,
  type ContentChange,
  type RebuildMessage,
} from '../queues/rebuild-messages'
import { openReceipt, recordProgress } from './receipts'
import { newRebuildState, pool, rebuildPaths, type RebuildState } from './rebuild'
import { wholeNumberSetting } from '../lib/settings'

type DocumentsMessage = Extract<RebuildMessage, { type: 'documents' }>
/** Publishes handled at once in one invocation: their page builds overlap on the network. */
const MESSAGES_AT_ONCE = 4

export type PathsJob = {
  paths: string[]
  reason: string
  receiptId: string
  transactionId?: string
}

async function deferPaths(env: Env, job: PathsJob, paths: string[]): Promise<void> {
  const messages: { body: RebuildMessage }[] = []
  const size = wholeNumberSetting(env, 'REBUILD_PAGES_PER_INVOCATION')
  for (let i = 0; i < paths.length; i += size) {
    messages.push({
      body: {
        type: 'paths',
        paths: paths.slice(i, i + size),
        reason: job.reason,
        receiptId: job.receiptId,
      },
    })
  }
  if (messages.length > 0) await env.REBUILD_QUEUE.sendBatch(messages)
}

/** Rebuilds `paths` within the budget, records the receipt and clears caches; throws on failures. */
export async function runPaths(
  env: Env,
  state: RebuildState,
  job: PathsJob,
  extra: { removed?: string[]; tags?: string[] } = {},
): Promise<void> {
  const { outcomes, deferred } = await rebuildPaths(env, state, job.paths)
  await deferPaths(env, job, deferred)
  const changed = outcomes
    .filter((o) => o.result === 'changed' || o.result === 'removed')
    .map((o) => o.path)
  const failed = outcomes.filter((o) => o.result === 'failed')
  const cleared = [...changed, ...(extra.removed ?? [])]
  await deleteFromEdgeCache(env, cleared)
  await purgeZone(env, { paths: cleared, tags: extra.tags ?? [] })
  await recordProgress(env.DB, job.receiptId, {
    pages: outcomes.filter((o) => o.result !== 'failed').map((o) => o.path),
    changed: cleared,
    failed: failed.map((o) => o.path),
    ...(failed.length > 0
      ? {
          error: failed
            .map((o) => `${o.path}: ${o.error ?? 'failed'}`)
            .join('; ')
            .slice(0, 1000),
        }
      : {}),
  })
  if (failed.length > 0)
    throw new Error(`rebuild failed for ${failed.map((o) => o.path).join(', ')}`)
}

/**
 * A `documents` message's pages: URL consequences, the own pages, then the embedding pages,
 * and the marks for the aggregates.
 */
async function runDocumentPages(
  env: Env,
  state: RebuildState,
  receiptId: string,
  msg: DocumentsMessage,
): Promise<void> {
  const own: string[] = []
  const embedding: string[] = []
  const aggregates: string[] = []
  const removed: string[] = []
  const add = (list: string[], paths: string[]) => {
    for (const p of paths) if (!list.includes(p)) list.push(p)
  }
  for (const change of msg.changes) {
    const plan = await applyChange(env, change)
    add(own, plan.own)
    add(embedding, plan.embedding)
    add(aggregates, plan.aggregates)
    removed.push(...plan.removed)
  }
  const embedded = embedding.filter((p) => !own.includes(p))
  const deferred = aggregates.filter((p) => !own.includes(p) && !embedded.includes(p))
  await openReceipt(env.DB, {
    id: receiptId,
    transactionId: msg.transactionId,
    reason: describe(msg.changes),
    documentIds: msg.changes.map((c) => c.id),
    planned: own.length + embedded.length + deferred.length,
  })
  // Marked before the own page is rebuilt: a failure after this point retries the message, and
  // the marks (kept per path) make the burst's one deferred run cover these pages too.
  await markAggregates(env, deferred, receiptId)
  const tags = msg.changes.flatMap((c) => [c.id, TYPE_PREFIX + c.type])
  const job = {
    reason: `transaction ${msg.transactionId}`,
    receiptId,
    transactionId: msg.transactionId,
  }
  // The own pages are stored and cleared from the edge before the pages that embed them are
  // built: they are what the editor is waiting to see. The tags go with the last step.
  if (embedded.length === 0) return runPaths(env, state, { ...job, paths: own }, { removed, tags })
  await runPaths(env, state, { ...job, paths: own }, { removed })
  await runPaths(env, state, { ...job, paths: embedded }, { tags })
}

function describe(changes: ContentChange[]): string {
  return changes.map((c) => `${c.operation} ${c.type} ${c.id}`).join(', ')
}

async function runMessage(
  env: Env,
  state: RebuildState,
  id: string,
  msg: Exclude<RebuildMessage, DocumentsMessage>,
) {
  if (msg.type === 'aggregates') return runAggregates(env, state)
  const receiptId = msg.receiptId ?? id
  if (!msg.receiptId) {
    await openReceipt(env.DB, {
      id: receiptId,
      transactionId: id,
      reason: msg.reason,
      documentIds: [],
      planned: new Set(msg.paths).size,
    })
  }
  await runPaths(env, state, { paths: msg.paths, reason: msg.reason, receiptId })
}

function retryLater(message: Message<unknown>, err: unknown): void {
  console.error(`rebuild: message ${message.id} failed (attempt ${message.attempts})`, err)
  message.retry({ delaySeconds: Math.min(300, 15 * 2 ** Math.max(0, message.attempts - 1)) })
}

type Parsed<T> = { message: Message<unknown>; msg: T }

/**
 * One invocation: the publishes first, a few at a time (their own pages are what editors wait
 * for; the page budget is shared), then one search-index query for all their documents, then
 * what the changes mean for signups, then the deferred and follow-up runs. A message is acked
 * only when all of its steps succeeded; a retry repeats cheap steps (pages already fresh).
 */
export async function handleRebuildBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const state = newRebuildState(env)
  const documents: Parsed<DocumentsMessage>[] = []
  const others: Parsed<Exclude<RebuildMessage, DocumentsMessage>>[] = []
  for (const message of batch.messages) {
    const parsed = rebuildMessageSchema.safeParse(message.body)
    if (!parsed.success) {
      // Retrying cannot fix a malformed message; drop it loudly.
      console.error('rebuild: dropping malformed message', message.id, parsed.error.message)
      message.ack()
    } else if (parsed.data.type === 'documents') documents.push({ message, msg: parsed.data })
    else others.push({ message, msg: parsed.data })
  }

  const paged = await pool(documents, MESSAGES_AT_ONCE, async (d) => {
    try {
      await runDocumentPages(env, state, d.message.id, d.msg)
      return [d]
    } catch (err) {
      retryLater(d.message, err)
      return []
    }
  })
  let ready = paged.flat()
  try {
    // The search index follows the pages: the documents' rows are written, or removed when the
    // store no longer publishes them.
    if (ready.length > 0)
      await indexDocuments(
        env,
        ready.flatMap((d) => d.msg.changes.map((c) => c.id)),
      )
  } catch (err) {
    for (const d of ready) retryLater(d.message, err)
    ready = []
  }
  for (const d of ready) {
    try {
      // After the pages: alerts and calendar updates describe what visitors can now see.
      for (const change of d.msg.changes) await handleContentChange(env, change)
      d.message.ack()
    } catch (err) {
      retryLater(d.message, err)
    }
  }

  for (const { message, msg } of others) {
    try {
      await runMessage(env, state, message.id, msg)
      message.ack()
    } catch (err) {
      retryLater(message, err)
    }
  }
}
