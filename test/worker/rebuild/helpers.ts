// Shared by the rebuild tests: write to the embedded content store with @sanity/client (as an
// editor publishing would), deliver the matching signed webhook to the worker, and wait for the
// queue consumer's publish receipt.
import type { IdentifiedSanityDocumentStub, Transaction } from '@sanity/client'
import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { afterAll, beforeAll, expect } from 'vitest'
import worker from '../../../worker/index'
import { listReceipts, type Receipt } from '../../../worker/rebuild/receipts'
import { deliveryRequest, type DeliveryBody } from '../webhooks/sign'
import { storeClient as contentStore } from '../store-client'

export const SITE = 'https://example.com'

export { contentStore }

/** Polls until `check` returns a value (not undefined); fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < until) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (err) {
      last = err
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}

/** Receipts for a transaction once every one of them has finished. */
export async function receiptsFor(transactionId: string): Promise<Receipt[]> {
  return waitFor(`receipts for ${transactionId}`, async () => {
    const receipts = await listReceipts(env.DB, { limit: 20, transactionId })
    if (receipts.length === 0) return undefined
    const failed = receipts.find((r) => r.status === 'failed')
    if (failed) throw new Error(`rebuild failed: ${failed.error ?? ''}`)
    return receipts.every((r) => r.status === 'done') ? receipts : undefined
  })
}

export type Publish = Omit<DeliveryBody, '_rev'>

/** Commits `tx` to the content store, then delivers the webhook Sanity would send for `change`. */
export async function deliver(tx: Transaction, change: Publish): Promise<string> {
  const { transactionId } = await tx.commit({ visibility: 'sync' })
  const res = await SELF.fetch(
    await deliveryRequest({ ...change, _rev: transactionId }, { transactionId }),
  )
  expect(res.status).toBe(202)
  return transactionId
}

/** Delivers as `deliver` does and waits until the rebuild it triggers is done. */
export async function publish(
  tx: Transaction,
  change: Publish,
): Promise<{ transactionId: string; rebuilt: string[]; changed: string[] }> {
  const transactionId = await deliver(tx, change)
  const receipts = await receiptsFor(transactionId)
  return {
    transactionId,
    rebuilt: [...new Set(receipts.flatMap((r) => r.pagesRebuilt))].sort(),
    changed: [...new Set(receipts.flatMap((r) => r.pagesChanged))].sort(),
  }
}

export async function page(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await SELF.fetch(`${SITE}${path}`, { redirect: 'manual', ...init })
  return { status: res.status, text: await res.text(), headers: res.headers }
}

/** GETs each path so it is built and stored, as visitors would. */
export async function prebuild(paths: string[]): Promise<void> {
  for (const path of paths) {
    const res = await page(path)
    expect(res.status, `prebuilding ${path}`).toBe(200)
  }
}

export async function storedPaths(): Promise<string[]> {
  const { results } = await env.DB.prepare('SELECT path FROM page_revs ORDER BY path').all<{
    path: string
  }>()
  return results.map((r) => r.path)
}

/**
 * Publishes `docs` before the file's tests (then stores `paths` as visitors would have seen them)
 * and deletes them afterwards, last first, so no document goes while another still refers to it.
 */
export function withDocuments(docs: IdentifiedSanityDocumentStub[], paths: string[] = []): void {
  const client = contentStore()
  beforeAll(async () => {
    const tx = client.transaction()
    for (const doc of docs) tx.createOrReplace(doc)
    await tx.commit({ visibility: 'sync' })
    await prebuild(paths)
  }, 60_000)
  afterAll(async () => {
    const tx = client.transaction()
    for (const doc of [...docs].reverse()) tx.delete(doc._id)
    await tx.commit({ visibility: 'sync' })
  }, 60_000)
}

/** Runs the worker's ten-minute cron (reconciliation and stale pages) to the end. */
export async function runCron(): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ cron: '*/10 * * * *' }), env, ctx)
  await waitOnExecutionContext(ctx)
}
