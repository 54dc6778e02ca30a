// Staff endpoints for the page store: POST /admin/rebuild rebuilds every page and streams one
// progress line per page (with ?only=index, the search index alone); GET /admin/receipts lists
// publish receipts. Guarded by the staff API's middleware (worker/admin/guard.ts: Cloudflare Access
// or STAFF_TOKEN, deny by default, audited).
import { validator } from 'hono-openapi'
import { Hono } from 'hono'
import { staffOnly } from './guard'
import { streamText } from 'hono/streaming'
import * as z from 'zod'
import { fail, invalidInput } from '../lib/http-errors'
import type { AppEnv } from '../app-env'
import { allStoredPaths } from '../cache/page-index'
import { deleteFromEdgeCache, purgeZone } from '../cache/purge'
import { canonicalPaths } from '../pages/build'
import { reindexAll } from '../search/index-writer'
import { newRebuildState, rebuildPaths } from '../rebuild/rebuild'
import { wholeNumberSetting } from '../lib/settings'
import { listReceipts, openReceipt, recordProgress } from '../rebuild/receipts'

const receiptsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  transaction: z.string().min(1).max(200).optional(),
})

const rebuildQuery = z.object({
  // `index`: the search index (and the calendars built from it) only, no page: for a site whose
  // content arrived without webhooks, where rebuilding every page would be most of the work.
  only: z.enum(['index']).optional(),
})

/** The search index brought in line with the store, as its progress line. */
async function reindexLine(env: Env): Promise<{ line: string; failed: boolean }> {
  // The rows are checked against every searchable document's revision; only changed ones are
  // written.
  const index = await reindexAll(env).catch((err: unknown) => {
    console.error('staff rebuild: search index failed', err)
    return null
  })
  return index
    ? {
        line: `Search index: ${index.indexed} written, ${index.removed} removed, ${index.unchanged} unchanged`,
        failed: false,
      }
    : { line: 'Search index: failed (see the worker log); run the rebuild again', failed: true }
}

async function everyPath(env: Env): Promise<string[]> {
  const [canonical, stored] = await Promise.all([canonicalPaths(env), allStoredPaths(env.DB)])
  return [...new Set([...canonical, ...stored])].sort()
}

export const rebuildAdmin = new Hono<AppEnv>()
  .use('/admin/rebuild', staffOnly('pages.rebuild-all'))
  .use('/admin/receipts', staffOnly('receipts.view'))
  .post(
    '/admin/rebuild',
    validator(
      'query',
      rebuildQuery,
      invalidInput('invalid_query', 'Fix the query parameters: only=index is the one option.'),
    ),
    async (c) => {
      if (c.req.valid('query').only === 'index') {
        c.header('cache-control', 'private, no-store')
        return streamText(c, async (out) => {
          const index = await reindexLine(c.env)
          await out.writeln(index.line)
          await out.writeln(`Done: index only, ${index.failed ? 1 : 0} failed`)
        })
      }
      let paths: string[]
      try {
        paths = await everyPath(c.env)
      } catch (err) {
        console.error('staff rebuild: could not list pages', err)
        fail(
          503,
          'content_unavailable',
          'The content store cannot be reached; nothing was rebuilt.',
        )
      }
      const receiptId = `staff:${crypto.randomUUID()}`
      await openReceipt(c.env.DB, {
        id: receiptId,
        transactionId: receiptId,
        reason: 'staff rebuild of every page',
        documentIds: [],
        planned: paths.length,
      })
      c.header('cache-control', 'private, no-store')
      return streamText(c, async (out) => {
        await out.writeln(`Rebuilding ${paths.length} pages (receipt ${receiptId})`)
        const counts = { changed: 0, unchanged: 0, removed: 0, failed: 0 }
        // The index first: the calendars are built from it.
        const index = await reindexLine(c.env)
        if (index.failed) counts.failed += 1
        await out.writeln(index.line)
        let n = 0
        // Chunked so progress and the receipt advance as pages are stored.
        const size = wholeNumberSetting(c.env, 'REBUILD_PAGES_PER_INVOCATION')
        for (let i = 0; i < paths.length; i += size) {
          const chunk = paths.slice(i, i + size)
          const { outcomes } = await rebuildPaths(
            c.env,
            newRebuildState(c.env, chunk.length),
            chunk,
            async (o) => {
              n += 1
              counts[o.result] += 1
              await out.writeln(
                `[${n}/${paths.length}] ${o.result} ${o.path}${o.error ? ` (${o.error})` : ''}`,
              )
            },
          )
          const touched = outcomes
            .filter((o) => o.result === 'changed' || o.result === 'removed')
            .map((o) => o.path)
          await deleteFromEdgeCache(c.env, touched)
          await purgeZone(c.env, { paths: touched, tags: [] })
          await recordProgress(c.env.DB, receiptId, {
            pages: outcomes.filter((o) => o.result !== 'failed').map((o) => o.path),
            changed: touched,
            failed: outcomes.filter((o) => o.result === 'failed').map((o) => o.path),
            ...(outcomes.some((o) => o.result === 'failed')
              ? { error: 'some pages failed to build' }
              : {}),
          })
        }
        await out.writeln(
          `Done: ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.removed} removed, ${counts.failed} failed`,
        )
      })
    },
  )
  .get(
    '/admin/receipts',
    validator('query', receiptsQuery, invalidInput('invalid_query', 'Fix the query parameters.')),
    async (c) => {
      const query = c.req.valid('query')
      const receipts = await listReceipts(c.env.DB, {
        limit: query.limit,
        ...(query.transaction ? { transactionId: query.transaction } : {}),
      })
      return c.json({ receipts }, 200, { 'cache-control': 'private, no-store' })
    },
  )
