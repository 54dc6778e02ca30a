// /dev/mail lists every message a page at a time (no hard cap), filters by recipient and by text
// with a plain GET form, and wraps long unbroken text instead of widening the page.
import { env, SELF } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { MAILBOX_PAGE } from '../../../worker/mail/dev-mailbox'
import { SITE_CSS } from '../../../worker/ui/assets/stylesheet'
import { clearSignupTables, ORIGIN } from '../signups/helpers'

/** Puts messages straight into the mailbox, oldest first, one millisecond apart. */
async function deliver(messages: { to: string; subject: string; text?: string }[]) {
  const base = Date.now()
  await env.DB.batch(
    messages.map((m, i) =>
      env.DB.prepare(
        `INSERT INTO mailbox (id, outbox_id, from_addr, to_addr, to_norm, subject, text_body,
           html_body, created_at) VALUES (?, ?, 'site@example.org', ?, lower(?), ?, ?, '', ?)`,
      ).bind(
        crypto.randomUUID(),
        crypto.randomUUID(),
        m.to,
        m.to,
        m.subject,
        m.text ?? 'Hello',
        base + i,
      ),
    ),
  )
}

/** The subjects listed on a page, in order, and its "Older messages" link if any. */
async function list(query = '') {
  const res = await SELF.fetch(`${ORIGIN}/dev/mail${query}`)
  expect(res.status).toBe(200)
  const html = await res.text()
  const subjects = [...html.matchAll(/<h2><a href="\/dev\/mail\/[^"]+">([^<]*)<\/a><\/h2>/g)].map(
    (m) => m[1] ?? '',
  )
  const older = /<a href="([^"]+)" rel="next">Older messages<\/a>/.exec(html)?.[1]
  return { html, subjects, older: older?.replace(/&amp;/g, '&') }
}

beforeEach(clearSignupTables)

describe('/dev/mail', () => {
  it('pages through every message, newest first, with no cap', async () => {
    const total = MAILBOX_PAGE * 4 + 7
    await deliver(
      Array.from({ length: total }, (_, i) => ({ to: 'a@example.org', subject: `Message ${i}` })),
    )
    const seen: string[] = []
    let page = await list()
    for (let n = 0; n < 10; n++) {
      seen.push(...page.subjects)
      expect(page.subjects.length).toBeLessThanOrEqual(MAILBOX_PAGE)
      if (!page.older) break
      page = await list(page.older.replace('/dev/mail', ''))
      expect(page.html).toContain('Newest messages')
    }
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => `Message ${total - 1 - i}`))
    expect(page.older).toBeUndefined()
  })

  it('filters by recipient, case-insensitively and by part of the address', async () => {
    await deliver([
      { to: 'Jo@Example.org', subject: 'For Jo 1' },
      { to: 'sam@example.org', subject: 'For Sam' },
      { to: 'jo@example.org', subject: 'For Jo 2' },
    ])
    expect((await list('?to=jo%40example.org')).subjects).toEqual(['For Jo 2', 'For Jo 1'])
    expect((await list('?to=SAM')).subjects).toEqual(['For Sam'])
    const none = await list('?to=nobody')
    expect(none.subjects).toEqual([])
    expect(none.html).toContain('No messages match.')
    // The form keeps what was asked, and works without JavaScript (a GET form).
    expect(none.html).toMatch(/<form method="get" action="\/dev\/mail"/)
    expect(none.html).toContain('value="nobody"')
  })

  it('searches the subject and the plain-text body, and keeps the filters while paging', async () => {
    await deliver([
      { to: 'a@example.org', subject: 'Confirm your signature', text: 'petition' },
      { to: 'b@example.org', subject: 'Registered', text: 'Your place on the NRM course' },
      { to: 'a@example.org', subject: 'Other', text: 'nothing here' },
    ])
    expect((await list('?q=signature')).subjects).toEqual(['Confirm your signature'])
    expect((await list('?q=nrm%20COURSE')).subjects).toEqual(['Registered'])
    expect((await list('?q=here&to=b%40')).subjects).toEqual([])
    await deliver(
      Array.from({ length: MAILBOX_PAGE + 3 }, (_, i) => ({
        to: i % 2 ? 'odd@example.org' : 'even@example.org',
        subject: `Numbered ${i}`,
      })),
    )
    const first = await list('?to=odd&q=numbered')
    expect(first.older).toBeUndefined()
    const all = await list('?q=numbered')
    expect(all.older).toMatch(/^\/dev\/mail\?q=numbered&before=\d+\.\d+$/)
    const rest = await list(all.older?.replace('/dev/mail', '') ?? '')
    expect([...all.subjects, ...rest.subjects]).toHaveLength(MAILBOX_PAGE + 3)
    expect(rest.subjects.every((s) => s?.startsWith('Numbered'))).toBe(true)
  })

  it('ignores a malformed position or over-long filter instead of failing', async () => {
    await deliver([{ to: 'a@example.org', subject: 'Only' }])
    expect((await list('?before=1;DROP')).subjects).toEqual(['Only'])
    expect((await list(`?q=${'x'.repeat(5000)}`)).subjects).toEqual(['Only'])
  })

  it('wraps a long link in a plain-text body instead of widening the page', async () => {
    const long = `https://example.org/${'a'.repeat(2000)}`
    await deliver([{ to: 'a@example.org', subject: 'Long', text: `Open:\n${long}\n` }])
    const html = (await list()).html
    const id = /href="\/dev\/mail\/([^"?]+)"/.exec(html)?.[1]
    const one = await (await SELF.fetch(`${ORIGIN}/dev/mail/${id}`)).text()
    expect(one).toContain('<pre class="mailbox__text">')
    expect(html).toContain('<ol class="mailbox">')
    expect(SITE_CSS).toMatch(/\.mailbox__text\s*\{[^}]*white-space:\s*pre-wrap/)
    expect(SITE_CSS).toMatch(/\.mailbox, \.mailbox__text\s*\{[^}]*overflow-wrap:\s*anywhere/)
  })
})
