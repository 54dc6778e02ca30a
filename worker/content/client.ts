// Builds the @sanity/client the worker reads content with. The configuration comes from the
// environment, which only exists inside a request in Workers, so clients are made on first use
// and kept per configuration for the isolate's life (building one costs more than a page query).
import { createClient, type SanityClient } from '@sanity/client'

export type Perspective = 'published' | 'drafts'

/** Thrown when the content store cannot be reached or answers with an error. */
export class ContentUnavailableError extends Error {
  override name = 'ContentUnavailableError'
}

const clients = new Map<string, SanityClient>()
const CLIENTS_MAX = 16

export function sanityClient(env: Env, perspective: Perspective = 'published'): SanityClient {
  const local = env.SANITY_API_HOST.trim() !== ''
  const preview = perspective === 'drafts'
  const key = JSON.stringify([
    env.SANITY_PROJECT_ID,
    env.SANITY_DATASET,
    env.SANITY_API_VERSION,
    env.SANITY_API_HOST,
    env.SANITY_USE_CDN,
    perspective,
    preview ? (env.SANITY_READ_TOKEN ?? '') : '',
  ])
  const known = clients.get(key)
  if (known) return known
  const client = createClient({
    projectId: env.SANITY_PROJECT_ID,
    dataset: env.SANITY_DATASET,
    apiVersion: env.SANITY_API_VERSION,
    // Offline the embedded store answers on a plain host; in production Sanity's own API.
    ...(local ? { apiHost: env.SANITY_API_HOST.trim(), useProjectHostname: false } : {}),
    // Drafts must never come from the CDN (stale for up to a minute) and need the token.
    useCdn: !local && !preview && env.SANITY_USE_CDN === 'true',
    perspective: preview ? 'drafts' : 'published',
    ...(preview && env.SANITY_READ_TOKEN ? { token: env.SANITY_READ_TOKEN } : {}),
    withCredentials: false,
    // A build that cannot reach the store fails fast: the cache layer keeps serving what it has.
    maxRetries: 2,
  })
  if (clients.size >= CLIENTS_MAX) clients.clear()
  clients.set(key, client)
  return client
}

/**
 * Runs one GROQ query. The result is `unknown` on purpose: the Content Lake enforces no schema,
 * so every caller checks the shape with zod (worker/content/models.ts) before using it.
 */
export async function fetchContent(
  env: Env,
  query: string,
  params: Record<string, unknown> = {},
  perspective: Perspective = 'published',
): Promise<unknown> {
  try {
    const result: unknown = await sanityClient(env, perspective).fetch(query, params)
    return result
  } catch (err) {
    // The client's message can echo the query and host; keep only a generic reason.
    throw new ContentUnavailableError(
      err instanceof Error && 'statusCode' in err
        ? `content store answered ${String(err.statusCode)}`
        : 'content store unreachable',
    )
  }
}
