// GET /preview: renders a document's page with the drafts perspective for holders of a signed,
// unexpired link. GET /preview/<page path>: the same page for the Studio's Presentation tool,
// for holders of a preview session (./session.ts), with click-to-edit attributes and the
// visual-editing script. Responses are private and never stored: not in the page store, not in
// any cache, not indexed, and the link is not leaked to other sites through the Referer header.
import { Hono, type Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../app-env'
import { buildPage } from '../pages/build'
import { previewContentSecurityPolicy, securedResponse, withSecurityHeaders } from '../security'
import { withEditInfo } from '../render/edit-attributes'
import { expiredPage, noPagePage, previewBanner, withBanner, withEditing } from './html'
import {
  isStudioSecret,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  sessionTarget,
  signSession,
  verifySession,
} from './session'
import { verifyPreview } from './sign'
import { loadDraftDoc, pagePathFor } from './target'

const OVERLAY_SCRIPT_PATH = '/preview/visual-editing.js'

const PRIVATE_HEADERS = {
  'Cache-Control': 'private, no-store',
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
} as const

/**
 * A Presentation preview response: private headers, the preview CSP (framing by the Studio) and
 * no X-Frame-Options; built complete so the security middleware leaves it as it is.
 */
function presentationResponse(c: Context<AppEnv>, body: string, status: number): Response {
  const own: [string, string][] = [
    ...Object.entries(PRIVATE_HEADERS),
    ['Content-Type', 'text/html; charset=utf-8'],
    ['content-security-policy', previewContentSecurityPolicy(c.env)],
  ]
  const headers = withSecurityHeaders(c.env, own).filter(
    ([name]) => name.toLowerCase() !== 'x-frame-options',
  )
  return securedResponse(new Response(body, { status, headers }))
}

export const preview = new Hono<AppEnv>()

// The Presentation tool's handshake: a secret the Studio just wrote buys a session cookie, then
// a redirect to the page it asked for.
preview.get('/preview/enable', async (c) => {
  for (const [name, value] of Object.entries(PRIVATE_HEADERS)) c.header(name, value)
  const secret = c.req.query('sanity-preview-secret') ?? ''
  if (!c.env.PREVIEW_SECRET || !(await isStudioSecret(c.env, secret))) {
    return presentationResponse(c, expiredPage('invalid').toString(), 403)
  }
  const exp = Math.floor(Date.now() / 1000) + SESSION_TTL_SECONDS
  setCookie(c, SESSION_COOKIE, await signSession(c.env.PREVIEW_SECRET, exp), {
    path: '/preview',
    httpOnly: true,
    // The Studio frames the preview from another site in production: the cookie must travel in
    // a third-party frame, partitioned to the Studio's site.
    secure: true,
    sameSite: 'None',
    partitioned: true,
    maxAge: SESSION_TTL_SECONDS,
  })
  return c.redirect(sessionTarget(c.req.query('sanity-preview-pathname')), 303)
})

// The only JavaScript the site serves: @sanity/visual-editing, bundled at build time
// (studio/scripts/build-overlay.ts). Not content, so cacheable; loaded only by preview pages.
preview.get(OVERLAY_SCRIPT_PATH, async (c) => {
  const { default: source } = await import('./overlay.gen.txt')
  return c.body(source, 200, {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': 'public, max-age=300',
  })
})

preview.get('/preview', async (c) => {
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

// Registered after /preview: Hono's wildcard also matches the bare /preview.
preview.get('/preview/*', async (c) => {
  const session = await verifySession(c.env.PREVIEW_SECRET, getCookie(c, SESSION_COOKIE))
  if (!session.ok) return presentationResponse(c, expiredPage(session.reason).toString(), 403)
  const url = new URL(c.req.url)
  const path = url.pathname.slice('/preview'.length) || '/'
  const pageUrl = new URL(path + url.search, url)
  const built = await withEditInfo({ studioUrl: '/' }, () =>
    buildPage(c.env, pageUrl, { perspective: 'drafts' }),
  )
  if (!built || !built.contentType.startsWith('text/html')) {
    return presentationResponse(c, noPagePage('There is no page at this address.').toString(), 404)
  }
  const banner = previewBanner(new Date(session.exp * 1000))
  return presentationResponse(
    c,
    withEditing(withBanner(built.body, banner), OVERLAY_SCRIPT_PATH),
    built.status,
  )
})
