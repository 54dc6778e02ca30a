// Removing rebuilt pages from edge caches. The Cache API is per data centre: deleting an entry
// here only clears the data centre this code runs in, and other data centres keep theirs until
// s-maxage ends (policy.ts). When CF_API_TOKEN and CF_ZONE_ID are set, the zone's cache is also
// purged everywhere through Cloudflare's API, by URL (the rebuilt pages) and by tag (the changed
// documents, which also clears filter and search variants showing them). Purging is best effort:
// a failure is logged and the entries still expire on their own.
import { forget } from './memory'
import { cacheRequest, cacheTag } from './policy'

export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>

// Cloudflare's purge API takes at most 30 URLs or tags per call on most plans.
const PURGE_BATCH = 30

/** Clears pages from this data centre's Cache API and from this isolate's micro-cache. */
export async function deleteFromEdgeCache(env: Env, keys: string[]): Promise<void> {
  const cache = caches.default
  try {
    await Promise.all(keys.map((key) => cache.delete(cacheRequest(env, key))))
  } finally {
    // After the deletes: a lookup that ran meanwhile may have found the old entry, and forgetting
    // also stops such a lookup from keeping it (memory.ts counts forgets).
    forget(env, keys)
  }
}

function purgeConfigured(env: Env): boolean {
  return env.CF_API_TOKEN.trim() !== '' && env.CF_ZONE_ID.trim() !== ''
}

export type PurgeResult = { requests: number; failures: number }

/** Purges the zone cache through Cloudflare's API; does nothing unless both secrets are set. */
export async function purgeZone(
  env: Env,
  target: { paths: string[]; tags: string[] },
  fetcher: Fetcher = (input, init) => fetch(input, init),
): Promise<PurgeResult> {
  const result: PurgeResult = { requests: 0, failures: 0 }
  if (!purgeConfigured(env)) return result
  const endpoint = `https://api.cloudflare.com/client/v4/zones/${encodeURIComponent(env.CF_ZONE_ID.trim())}/purge_cache`
  const files = [...new Set(target.paths)].map((p) => new URL(p, env.SITE_URL).toString())
  const tags = [...new Set(target.tags.map(cacheTag))]
  const bodies: object[] = []
  for (let i = 0; i < files.length; i += PURGE_BATCH)
    bodies.push({ files: files.slice(i, i + PURGE_BATCH) })
  for (let i = 0; i < tags.length; i += PURGE_BATCH)
    bodies.push({ tags: tags.slice(i, i + PURGE_BATCH) })
  for (const body of bodies) {
    result.requests += 1
    try {
      const res = await fetcher(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${env.CF_API_TOKEN.trim()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      })
      if (!res.ok) {
        result.failures += 1
        console.error(`cache purge: Cloudflare answered ${res.status}`)
      }
    } catch (err) {
      result.failures += 1
      console.error('cache purge: request failed', err)
    }
  }
  return result
}
