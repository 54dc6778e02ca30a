// Where the Studio, the CLI and the import script find the content: project id and dataset from
// the environment, with the embedded store's defaults for working offline.
export const projectId = process.env.SANITY_STUDIO_PROJECT_ID || 'safeguard'
export const dataset = process.env.SANITY_STUDIO_DATASET || 'production'
/**
 * Set by `npm start` to point the Studio at the embedded store; undefined means Sanity's hosted
 * API. Unset, a built Studio served by the embedded store (an https localhost origin) talks to
 * that store, so one build works both hosted and offline.
 */
export const apiHost = process.env.SANITY_STUDIO_API_HOST || servingStoreHost()

function servingStoreHost(): string | undefined {
  if (typeof window === 'undefined') return undefined
  const { protocol, hostname, port } = window.location
  const local = hostname === 'localhost' || hostname.endsWith('.localhost')
  return protocol === 'https:' && local ? `https://localhost:${port || '443'}` : undefined
}

/**
 * With the embedded store (an https API host on localhost), the one origin for the Studio's API
 * calls and its image URLs: the project host, `https://<projectId>.localhost:<port>`, which also
 * serves the built Studio. Sanity's client would call the project host but build image URLs on
 * the bare API host, a second name whose certificate a person would have to accept again.
 */
export const localApiOrigin = projectOrigin(apiHost)

function projectOrigin(host: string | undefined): string | undefined {
  if (!host) return undefined
  const url = new URL(host)
  const local = url.hostname === 'localhost' || url.hostname.endsWith('.localhost')
  if (url.protocol !== 'https:' || !local) return undefined
  return url.hostname === `${projectId}.localhost` ? url.origin : `https://${projectId}.${url.host}`
}

/** The API version the Studio's own queries use (desk structure lists, Vision default). */
export const apiVersion = '2025-02-19'
