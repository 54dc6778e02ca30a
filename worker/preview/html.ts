// The HTML around a draft preview: a banner on the rendered page so nobody mistakes a draft for
// the live site, and the 403/404 pages of the preview route, which say how to get a fresh link.
import { html, raw } from 'hono/html'
import { STYLESHEET_PATH } from '../ui/assets/stylesheet'

export function previewBanner(expiresAt: Date): string {
  const until = expiresAt.toISOString().slice(11, 16)
  return html`<p class="notice notice--warning" data-preview-banner>
    <strong>Draft preview — not published.</strong> This link stops working at ${until} UTC.
  </p>`.toString()
}

/** Puts the banner at the top of <main> (after <body> when there is no main). */
export function withBanner(body: string, banner: string): string {
  const match = /<main[^>]*>/i.exec(body) ?? /<body[^>]*>/i.exec(body)
  if (!match) return banner + body
  const end = match.index + match[0].length
  return body.slice(0, end) + banner + body.slice(end)
}

/**
 * A Presentation preview page: links to the site's own pages stay inside /preview (so the editor
 * keeps drafts and click-to-edit while browsing), and the visual-editing script is loaded.
 */
export function withEditing(body: string, scriptPath: string): string {
  const linked = body.replace(/(<a\b[^>]*?\shref=")\/(?!\/|preview\/)/g, '$1/preview/')
  const script = `<script type="module" src="${scriptPath}"></script>`
  const end = linked.lastIndexOf('</body>')
  return end === -1 ? linked + script : linked.slice(0, end) + script + linked.slice(end)
}

function page(title: string, content: ReturnType<typeof html>) {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${title} — Safeguard</title>
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
      </head>
      <body>
        <main class="container">
          <h1>${title}</h1>
          ${content}
        </main>
      </body>
    </html>`
}

const HOW_TO_GET_A_NEW_LINK = raw(`<p>To get a new link, open the document in the Studio and choose
  <strong>Preview</strong> (in the document's actions menu or the <strong>Preview</strong> tab).
  Preview links work for 10 minutes.</p>`)

export function expiredPage(reason: 'invalid' | 'expired') {
  const intro =
    reason === 'expired'
      ? 'This preview link has expired.'
      : 'This preview link is not valid: it may be incomplete or have been changed.'
  return page(
    'Preview link expired',
    html`<p>${intro}</p>
      ${HOW_TO_GET_A_NEW_LINK}`,
  )
}

export function noPagePage(message: string) {
  return page(
    'Nothing to preview',
    html`<p>${message}</p>
      ${HOW_TO_GET_A_NEW_LINK}`,
  )
}
