// @sanity/client pointed at the test run's embedded content store: how worker tests publish,
// draft and remove content, exactly as an editor's Studio or a script would.
import { env } from 'cloudflare:test'
import { createClient, type SanityClient } from '@sanity/client'

export function storeClient(): SanityClient {
  return createClient({
    projectId: env.SANITY_PROJECT_ID,
    dataset: env.SANITY_DATASET,
    apiVersion: env.SANITY_API_VERSION,
    apiHost: env.SANITY_API_HOST,
    useProjectHostname: false,
    useCdn: false,
    token: env.SANITY_READ_TOKEN,
  })
}
