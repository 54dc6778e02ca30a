// Asks the rebuild consumer (worker/rebuild) to rebuild pages whose numbers we changed (seats
// left, petition milestones). A lost message only delays the page until the next reconcile.

export async function requestRebuild(env: Env, paths: string[], reason: string): Promise<void> {
  try {
    await env.REBUILD_QUEUE.send({ type: 'paths', paths, reason })
  } catch {
    console.warn('rebuild queue unavailable for', reason)
  }
}
