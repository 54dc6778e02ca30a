// The GROQ-powered webhook that tells the worker what an editor published. It is the single
// definition used three ways: `npm run webhook:create` registers it in a real Sanity project, the
// embedded content store fires it offline, and the worker's handler parses its projection.
import { CONTENT_TYPE_NAMES } from '../../schemas/content-types'

export const WEBHOOK_PATH = '/webhooks/sanity'

export const sanityWebhook = {
  name: 'Safeguard: rebuild pages',
  description: 'Rebuilds the public pages that show a published document.',
  // Drafts and versions never reach the public site, so they never fire.
  filter: `_type in [${CONTENT_TYPE_NAMES.map((t) => `"${t}"`).join(', ')}]`,
  // The slug before and after lets the worker answer a 301 from the old URL after a rename.
  projection: `{
  _id,
  _type,
  _rev,
  "operation": delta::operation(),
  "slugBefore": before().slug.current,
  "slugAfter": after().slug.current
}`,
  on: ['create', 'update', 'delete'] as const,
  httpMethod: 'POST',
  apiVersion: 'v2025-02-19',
  includeDrafts: false,
} as const
