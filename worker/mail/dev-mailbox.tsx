// /dev/mail: the local mailbox of the 'dev-mailbox' transport, so a newcomer can read every
// message and click its confirm / cancel links, filtered by recipient or text, a page at a time. Answers 404 unless EMAIL_TRANSPORT is
// 'dev-mailbox' and SITE_URL is a local address: production never exposes it.
import { Hono, type Context } from 'hono'
import * as z from 'zod'
import type { AppEnv } from '../app-env'
import { NO_STORE } from '../lib/http'
import { signupPage } from '../ui/page'

type MailboxRow = {
  id: string
  to_addr: string
  subject: string
  text_body: string
  attachments: string
  created_at: number
}

type StoredAttachment = { filename: string; contentType: string; content: string }

/** The message named by the route's `:id`, with only the columns the page needs. */
function messageOf<Row>(c: Context<AppEnv>, columns: string): Promise<Row | null> {
  return c.env.DB.prepare(`SELECT ${columns} FROM mailbox WHERE id = ?`)
    .bind(c.req.param('id'))
    .first<Row>()
}

/** The attachments column holds the JSON the transport wrote. */
const attachmentsOf = (json: string) => JSON.parse(json) as StoredAttachment[]

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

/** The links in a message's text, followable on this machine. */
function LinkList(props: { c: Context<AppEnv>; text: string }) {
  return (
    <ul>
      {links(props.c, props.text).map((l) => (
        <li>
          <a href={l.href}>{l.label}</a>
        </li>
      ))}
    </ul>
  )
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

/** Messages per page of the mailbox list. */
export const MAILBOX_PAGE = 25

const listQuery = z.object({
  to: z.string().trim().max(320).catch(''),
  q: z.string().trim().max(200).catch(''),
  // "<created_at>.<rowid>" of the last message on the previous page: keyset paging, so a page
  // costs the same however many messages there are before it.
  before: z
    .string()
    .regex(/^\d{1,15}\.\d{1,15}$/)
    .optional()
    .catch(undefined),
})

/** The list URL for the same filters, optionally from a given position. */
function listHref(to: string, q: string, before?: string): string {
  const params = new URLSearchParams()
  if (to) params.set('to', to)
  if (q) params.set('q', q)
  if (before) params.set('before', before)
  const query = params.toString()
  return query ? `/dev/mail?${query}` : '/dev/mail'
}

export const devMailbox = new Hono<AppEnv>()
  .get('/dev/mail', async (c) => {
    if (!enabled(c)) return notFound(c)
    const { to, q, before } = listQuery.parse({
      to: c.req.query('to'),
      q: c.req.query('q'),
      before: c.req.query('before'),
    })
    const [beforeAt, beforeRow] = before ? before.split('.').map(Number) : [null, null]
    // Case-insensitive substring matches: part of an address ("jo@") or any words of the
    // subject or the plain-text body.
    const { results } = await c.env.DB.prepare(
      `SELECT id, rowid AS seq, to_addr, subject, text_body, attachments, created_at FROM mailbox
        WHERE (?1 = '' OR instr(lower(to_addr), lower(?1)) > 0)
          AND (?2 = '' OR instr(lower(subject), lower(?2)) > 0
               OR instr(lower(text_body), lower(?2)) > 0)
          AND (?3 IS NULL OR (created_at, rowid) < (?3, ?4))
        ORDER BY created_at DESC, rowid DESC LIMIT ?5`,
    )
      .bind(to, q, beforeAt ?? null, beforeRow ?? null, MAILBOX_PAGE + 1)
      .all<MailboxRow & { seq: number }>()
    const shown = results.slice(0, MAILBOX_PAGE)
    const last = shown.at(-1)
    const older =
      results.length > MAILBOX_PAGE && last
        ? listHref(to, q, `${last.created_at}.${last.seq}`)
        : null
    const filtered = to !== '' || q !== ''
    return signupPage(c, {
      title: 'Development mailbox',
      children: (
        <>
          <h1>Development mailbox</h1>
          <p>
            Every email the site "sent" while EMAIL_TRANSPORT is dev-mailbox, newest first. Messages
            arrive within seconds of a signup (queue) or at the next mail flush.
          </p>
          <div class="filters">
            <form method="get" action="/dev/mail" role="search" aria-label="Filter the mailbox">
              <div class="field">
                <label for="mailbox-to">Recipient</label>
                <p class="hint" id="mailbox-to-hint">
                  All or part of the address
                </p>
                <input
                  type="text"
                  id="mailbox-to"
                  name="to"
                  value={to}
                  aria-describedby="mailbox-to-hint"
                  autocomplete="off"
                />
              </div>
              <div class="field">
                <label for="mailbox-q">Text in the subject or message</label>
                <input type="search" id="mailbox-q" name="q" value={q} />
              </div>
              <div class="filters__actions">
                <button type="submit">Show messages</button>
                {filtered ? <a href="/dev/mail">Show all messages</a> : null}
              </div>
            </form>
          </div>
          {shown.length === 0 ? (
            <p>{filtered ? 'No messages match.' : 'No messages yet.'}</p>
          ) : null}
          <ol class="mailbox">
            {shown.map((m) => (
              <li class="mailbox__message">
                <h2>
                  <a href={`/dev/mail/${m.id}`}>{m.subject}</a>
                </h2>
                <p>
                  To {m.to_addr}, {new Date(m.created_at).toISOString()}
                </p>
                <LinkList c={c} text={m.text_body} />
              </li>
            ))}
          </ol>
          {before || older ? (
            <nav class="pagination" aria-label="Mailbox pages">
              <ul>
                {before ? (
                  <li>
                    <a href={listHref(to, q)}>Newest messages</a>
                  </li>
                ) : null}
                {older ? (
                  <li>
                    <a href={older} rel="next">
                      Older messages
                    </a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </>
      ),
    })
  })
  .get('/dev/mail/:id', async (c) => {
    if (!enabled(c)) return notFound(c)
    const m = await messageOf<MailboxRow>(c, '*')
    if (!m) return notFound(c)
    const attachments = attachmentsOf(m.attachments)
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
          <LinkList c={c} text={m.text_body} />
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
    const m = await messageOf<Pick<MailboxRow, 'attachments'>>(c, 'attachments')
    const a = m ? attachmentsOf(m.attachments)[Number(c.req.param('n'))] : undefined
    if (!a) return notFound(c)
    return c.body(a.content, 200, {
      'Content-Type': a.contentType,
      'Content-Disposition': `attachment; filename="${a.filename.replace(/"/g, '')}"`,
      'Cache-Control': NO_STORE,
    })
  })
