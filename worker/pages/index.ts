// The public pages sub-app: the hashed stylesheet, then every other GET goes through the page
// cache (worker/cache/serve.ts), which builds with buildPage on a miss. Paths that are not pages
// fall through to the app's notFound handler.
import { Hono } from 'hono'
import type { AppEnv } from '../app-env'
import { servePage } from '../cache/serve'
import { SITE_CSS, STYLESHEET_PATH } from './assets/stylesheet'

const CSS_TYPE = 'text/css; charset=utf-8'

export const pages = new Hono<AppEnv>()
  .get(STYLESHEET_PATH, (c) =>
    c.body(SITE_CSS, 200, {
      'content-type': CSS_TYPE,
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  )
  // A page cached before a deploy may still ask for the previous stylesheet: serve the current
  // one, briefly cached, rather than an unstyled page.
  .get('/assets/:file{site\\.[0-9a-f]{8}\\.css}', (c) =>
    c.body(SITE_CSS, 200, { 'content-type': CSS_TYPE, 'cache-control': 'public, max-age=300' }),
  )
  .get('*', async (c) => (await servePage(c)) ?? c.notFound())
