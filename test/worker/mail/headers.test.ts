// Header injection: whatever text content or a signup puts in a message (a course title with a
// line break, a name, an attachment name), no header value that leaves the mail layer carries a
// control character, through either transport, and the visible text survives.
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { deliverOutboxRow } from '../../../worker/mail/consumer'
import { outgoing, type OutboxRow } from '../../../worker/mail/message'
import { clearSignupTables, rows, sessionSnapshot } from '../signups/helpers'

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/
const BREAKERS = [
  '\r',
  '\n',
  '\r\n',
  '\0',
  '\t',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
]

/** Text mixing ordinary characters, any control, and header-looking fragments. */
const hostile = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }) },
    { weight: 2, arbitrary: fc.constantFrom(...BREAKERS) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.constantFrom('Bcc: victim@example.org', 'Subject: x', ' ') },
  ),
  maxLength: 40,
})

/** What a reader sees: the text without its controls and whitespace. */
const visible = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]/g, '')

function row(subject: string, to: string, header: string, filename: string): OutboxRow {
  return {
    id: 'r1',
    kind: 'test',
    to_addr: to,
    to_norm: 'x@example.org',
    subject,
    text_body: 'body',
    html_body: '<p>body</p>',
    headers: JSON.stringify({ 'List-Unsubscribe': header, 'Bad\r\nName': 'x', 'X:Y': 'y' }),
    attachments: JSON.stringify([{ filename, contentType: `text/plain${header}`, content: 'c' }]),
    template: null,
    status: 'pending',
    attempts: 0,
    next_attempt_at: 0,
    created_at: 0,
  }
}

const httpEnv = {
  ...env,
  EMAIL_TRANSPORT: 'http-api',
  EMAIL_API_URL: 'https://mail.example/send',
  EMAIL_API_KEY: 'k-123',
} as Env

type Posted = {
  from: string
  to: string[]
  subject: string
  headers: Record<string, string>
  attachments: { filename: string; content_type: string }[]
}

beforeEach(clearSignupTables)

describe('header values leaving the mail layer', () => {
  it('never carry a control character, and keep the visible text', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, hostile, (subject, to, h, file, from) => {
        const out = outgoing({ ...env, MAIL_FROM: from }, row(subject, to, h, file))
        const headers = JSON.parse(out.headers) as Record<string, string>
        const [att] = JSON.parse(out.attachments) as { filename: string; contentType: string }[]
        const values = [out.from, out.to_addr, out.subject, ...Object.values(headers)]
        values.push(att?.filename ?? '', att?.contentType ?? '')
        for (const v of values) expect(v).not.toMatch(CONTROL)
        // Header names that could not be a field name are dropped, not passed on.
        expect(Object.keys(headers)).toEqual(['List-Unsubscribe'])
        expect(visible(out.subject)).toBe(visible(subject))
        expect(visible(out.to_addr)).toBe(visible(to))
        expect(visible(out.from)).toBe(visible(from))
        expect(visible(headers['List-Unsubscribe'] ?? '')).toBe(visible(h))
        expect(visible(att?.filename ?? '')).toBe(visible(file))
      }),
      { numRuns: 500 },
    )
  })

  it('reads a line break in a title as a space', () => {
    const out = outgoing(env, row('Course\r\nBcc: victim@example.org', 'a@b.org', '', 'a.ics'))
    expect(out.subject).toBe('Course Bcc: victim@example.org')
  })

  it('a registration email for a course titled with CR/LF goes out with a one-line subject, through both transports', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (title, name) => {
        await clearSignupTables()
        const snapshot = sessionSnapshot({
          courseId: 'course.x',
          courseTitle: title,
          courseSlug: 'x',
          sessionKey: 's1',
          title: 'Morning\r\nsession',
        })
        const template = JSON.stringify({
          type: 'registrant',
          kind: 'confirmed',
          snapshot,
          who: { id: 'reg-1', name, email: 'reader@example.org' },
          sequence: 0,
        })
        const insert = (id: string) =>
          env.DB.prepare(
            `INSERT INTO outbox (id, kind, to_addr, to_norm, subject, text_body, html_body,
               template, status, attempts, next_attempt_at, created_at)
             VALUES (?, 'registration-confirmed', 'reader@example.org', 'reader@example.org',
               '', '', '', ?, 'pending', 0, 0, 0)`,
          )
            .bind(id, template)
            .run()
        // Through the HTTP email API.
        const posted: Posted[] = []
        const fetcher = async (_url: RequestInfo | URL, init?: RequestInit) => {
          posted.push(JSON.parse(String(init?.body)) as Posted)
          return new Response(null, { status: 202 })
        }
        await insert('via-api')
        expect(
          await deliverOutboxRow(httpEnv, 'via-api', { fetch: fetcher as typeof fetch }),
        ).toEqual({ outcome: 'sent' })
        const [sent] = posted
        expect(sent?.subject).not.toMatch(CONTROL)
        expect(visible(sent?.subject ?? '')).toContain(visible(title))
        for (const a of sent?.attachments ?? []) {
          expect(a.filename).not.toMatch(CONTROL)
          expect(a.content_type).not.toMatch(CONTROL)
        }
        // Through the dev mailbox, and the subject the outbox keeps.
        await insert('via-box')
        expect(await deliverOutboxRow(env, 'via-box')).toEqual({ outcome: 'sent' })
        const stored = await rows<{ subject: string; from_addr: string; to_addr: string }>(
          'SELECT subject, from_addr, to_addr FROM mailbox',
        )
        const kept = await rows<{ subject: string }>('SELECT subject FROM outbox')
        for (const v of [...stored.flatMap(Object.values), ...kept.map((k) => k.subject)]) {
          expect(v).not.toMatch(CONTROL)
        }
        expect(stored[0]?.subject).toBe(sent?.subject)
      }),
      // Each run renders and delivers twice through D1: the property above covers the space.
      { numRuns: 12 },
    )
  }, 30_000)

  it('passes ordinary values through unchanged', () => {
    const out = outgoing(
      env,
      row("You're registered: Café – NRM", 'Ré@example.org', '<u>', 'a.ics'),
    )
    expect(out.subject).toBe("You're registered: Café – NRM")
    expect(out.to_addr).toBe('Ré@example.org')
    expect(out.from).toBe(env.MAIL_FROM)
  })
})
