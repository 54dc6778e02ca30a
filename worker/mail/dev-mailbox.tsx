// /dev/mail: the local mailbox of the 'dev-mailbox' transport, so a newcomer can read every
// message and click its confirm / cancel links. Answers 404 unless EMAIL_TRANSPORT is
// 'dev-mailbox' and SITE_URL is a local address: production never exposes it.
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../app-env'
import { NO_STORE } from '../signups/guards'
import { signupPage } from '../signups/page'

type MailboxRow = {
  id: string
  to_addr: string
  subject: string
  text_body: string
  attachments: string
  created_at: number
}

const URL_RE = /https?:\/\/[^\s<>"]+/g

/** Links from SITE_URL point at this server's own origin, whatever port it actually runs on. */
function localLink(c: Context<AppEnv>, url: string): string {
  const site = new URL(c.env.SITE_URL).origin
  return url.startsWith(site) ? new URL(url.slice(site.length) || '/', c.req.url).toString() : url
}

function links(c: Context<AppEnv>, text: string) {
  const found = [...new Set(text.match(URL_RE) ?? [])]
  return found.map((u) => ({ label: labelFor(text, u), href: localLink(c, u) }))
}

/** The text line before a link is its label in our plain-text emails ("Cancel my place:"). */
function labelFor(text: string, url: string): string {
  const lines = text.split('\n')
  const i = lines.findIndex((l) => l.includes(url))
  const line = lines[i] ?? ''
  if (line.trim() !== url) return line.replace(url, '').replace(/[:\s]+$/, '') || url
  return (lines[i - 1] ?? url).replace(/:$/, '') || url
}

// Two conditions, so a deployment that forgot to switch EMAIL_TRANSPORT still never publishes
// people's mail: the site must also be running on this machine.
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
const enabled = (c: Context<AppEnv>) =>
  c.env.EMAIL_TRANSPORT === 'dev-mailbox' && LOCAL_HOSTS.has(hostOf(c.env.SITE_URL))

function hostOf(url: string): string {
  try {
    return new URL(url).hostname
  } catch {
    return ''
  }
}
const notFound = (c: Context<AppEnv>) => c.text('Not found', 404, { 'Cache-Control': NO_STORE })

export const devMailbox = new Hono<AppEnv>()
  .get('/dev/mail', async (c) => {
    if (!enabled(c)) return notFound(c)
    const { results } = await c.env.DB.prepare(
      'SELECT id, to_addr, subject, text_body, attachments, created_at FROM mailbox ORDER BY created_at DESC, rowid DESC LIMIT 100',
    ).all<MailboxRow>()
    return signupPage(c, {
      title: 'Development mailbox',
      children: (
        <>
          <h1>Development mailbox</h1>
          <p>
            Every email the site "sent" while EMAIL_TRANSPORT is dev-mailbox, newest first. Messages
            arrive within seconds of a signup (queue) or at the next mail flush.
          </p>
          {results.length === 0 ? <p>No messages yet.</p> : null}
          <ol class="mailbox">
            {results.map((m) => (
              <li class="mailbox__message">
                <h2>
                  <a href={`/dev/mail/${m.id}`}>{m.subject}</a>
                </h2>
                <p>
                  To {m.to_addr}, {new Date(m.created_at).toISOString()}
                </p>
                <ul>
                  {links(c, m.text_body).map((l) => (
                    <li>
                      <a href={l.href}>{l.label}</a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </>
      ),
    })
  })
  .get('/dev/mail/:id', async (c) => {
    if (!enabled(c)) return notFound(c)
    const m = await c.env.DB.prepare('SELECT * FROM mailbox WHERE id = ?')
      .bind(c.req.param('id'))
      .first<MailboxRow>()
    if (!m) return notFound(c)
    const attachments = JSON.parse(m.attachments) as { filename: string }[]
    return signupPage(c, {
      title: m.subject,
      children: (
        <>
          <p>
            <a href="/dev/mail">Back to the mailbox</a>
          </p>
          <h1>{m.subject}</h1>
          <p>To {m.to_addr}</p>
          <pre class="mailbox__text">{m.text_body}</pre>
          <h2>Links</h2>
          <ul>
            {links(c, m.text_body).map((l) => (
              <li>
                <a href={l.href}>{l.label}</a>
              </li>
            ))}
          </ul>
          {attachments.length > 0 ? (
            <>
              <h2>Attachments</h2>
              <ul>
                {attachments.map((a, i) => (
                  <li>
                    <a href={`/dev/mail/${m.id}/attachments/${i}`}>{a.filename}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ),
    })
  })
  .get('/dev/mail/:id/attachments/:n', async (c) => {
    if (!enabled(c)) return notFound(c)
    const m = await c.env.DB.prepare('SELECT attachments FROM mailbox WHERE id = ?')
      .bind(c.req.param('id'))
      .first<{ attachments: string }>()
    const list = m
      ? (JSON.parse(m.attachments) as { filename: string; contentType: string; content: string }[])
      : []
    const a = list[Number(c.req.param('n'))]
    if (!a) return notFound(c)
    return c.body(a.content, 200, {
      'Content-Type': a.contentType,
      'Content-Disposition': `attachment; filename="${a.filename.replace(/"/g, '')}"`,
      'Cache-Control': NO_STORE,
    })
  })
