// GET /preview: renders a document's page with the drafts perspective for holders of a signed,
// unexpired link. Responses are private and never stored: not in the page store, not in any cache,
// not indexed, and the link is not leaked to other sites through the Referer header.
import { Hono } from 'hono'
import type { AppEnv } from '../app-env'
import { buildPage } from '../pages/build'
import { expiredPage, noPagePage, previewBanner, withBanner } from './html'
import { verifyPreview } from './sign'
import { loadDraftDoc, pagePathFor } from './target'

const PRIVATE_HEADERS = {
  'Cache-Control': 'private, no-store',
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
} as const

export const preview = new Hono<AppEnv>().get('/preview', async (c) => {
  for (const [name, value] of Object.entries(PRIVATE_HEADERS)) c.header(name, value)
  const check = await verifyPreview(c.env.PREVIEW_SECRET, c.req.query())
  if (!check.ok) return c.html(expiredPage(check.reason), 403)

  const doc = await loadDraftDoc(c.env, check.target.id)
  if (!doc || doc.type !== check.target.type) {
    return c.html(noPagePage('This document no longer exists.'), 404)
  }
  const path = pagePathFor(doc)
  if (!path) {
    return c.html(
      noPagePage('This document has no page yet: give it a slug in the Studio first.'),
      404,
    )
  }
  const built = await buildPage(c.env, new URL(path, c.req.url), { perspective: 'drafts' })
  if (!built || built.status !== 200) {
    return c.html(noPagePage('The page for this document could not be built from the draft.'), 404)
  }
  const exp = new Date(Number(c.req.query('exp')) * 1000)
  const body = built.contentType.startsWith('text/html')
    ? withBanner(built.body, previewBanner(exp))
    : built.body
  return c.body(body, 200, { 'Content-Type': built.contentType })
})
