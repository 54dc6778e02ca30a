// `data/live/events/<dataset>`: the Live Content API's event stream, which Sanity's Presentation
// tool opens as soon as it loads and treats as fatal when refused. Sanity's own stream names the
// sync tags of changed query results; this store's query results carry no sync tags, so each
// change is a `restart` ("refetch what you show"), which is always correct, only less precise.
import type { Dataset } from './dataset'
import type { Ctx } from './http'
import { isDraftId, isVersionId } from './types'

const HEARTBEAT_MS = 25_000

export function handleLiveEvents(ctx: Ctx, dataset: Dataset): void {
  // Without includeDrafts a client sees published content only: drafts and versions are not news.
  const includeDrafts = ctx.url.searchParams.get('includeDrafts') === 'true'
  const { res } = ctx
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  })
  res.write('event: welcome\ndata: {}\n\n')
  const unsubscribe = dataset.subscribe((tx) => {
    const visible = tx.changes.some(
      (change) => includeDrafts || !(isDraftId(change.id) || isVersionId(change.id)),
    )
    if (visible) res.write(`id: ${tx.transactionId}\nevent: restart\ndata: {}\n\n`)
  })
  // A comment line keeps proxies and the browser from timing out an idle stream.
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  ctx.req.on('close', () => {
    clearInterval(heartbeat)
    unsubscribe()
  })
}
