// The public pages sub-app: the hashed stylesheet, then every other GET goes through the page
// cache (worker/pages/serve.ts), which builds with buildPage on a miss. Paths that are not pages
// fall through to the app's notFound handler.
import { Hono } from 'hono'
import type { AppEnv } from '../app-env'
import { servePage } from './serve'
import { preparedHeaders, securedResponse } from '../security'
import { SITE_CSS, STYLESHEET_PATH } from '../ui/assets/stylesheet'

const CSS_TYPE = 'text/css; charset=utf-8'
// Encoded once: the stylesheet has non-ASCII characters, and UTF-8 encoding its 16 KB on every
// request was most of the route's cost. A Response copies the bytes, so this stays intact.
const CSS_BYTES = new TextEncoder().encode(SITE_CSS)
const CSS_HEADERS = [
  ['content-type', CSS_TYPE],
  ['cache-control', 'public, max-age=31536000, immutable'],
] as const
// A page cached before a deploy may still ask for the previous stylesheet: serve the current
// one, briefly cached, rather than an unstyled page.
const OLD_CSS_HEADERS = [
  ['content-type', CSS_TYPE],
  ['cache-control', 'public, max-age=300'],
] as const

// The stylesheet is requested with every page view: its headers, security headers included, are
// prepared once rather than set one by one per request.
export const pages = new Hono<AppEnv>()
  .get(STYLESHEET_PATH, (c) =>
    securedResponse(new Response(CSS_BYTES, { headers: preparedHeaders(c.env, CSS_HEADERS) })),
  )
  .get('/assets/:file{site\\.[0-9a-f]{8}\\.css}', (c) =>
    securedResponse(new Response(CSS_BYTES, { headers: preparedHeaders(c.env, OLD_CSS_HEADERS) })),
  )
  .get('*', async (c) => (await servePage(c)) ?? c.notFound())
