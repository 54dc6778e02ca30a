// Asks the rebuild consumer (worker/rebuild) to rebuild pages whose numbers we changed (seats
// left, a petition's count). A lost message only delays the page until the next reconcile.

/** True when the message was queued. `delaySeconds` holds it back (coalesced refreshes). */
export async function requestRebuild(
  env: Env,
  paths: string[],
  reason: string,
  options: { delaySeconds?: number } = {},
): Promise<boolean> {
  try {
    const message = { type: 'paths' as const, paths, reason }
    if (options.delaySeconds) await env.REBUILD_QUEUE.send(message, options)
    else await env.REBUILD_QUEUE.send(message)
    return true
  } catch {
    console.warn('rebuild queue unavailable for', reason)
    return false
  }
}
