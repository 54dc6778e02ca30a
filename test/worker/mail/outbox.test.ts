// The outbox consumer and transports: delivery through the dev mailbox, the HTTP email API's
// request shape, retries with exponential backoff, dead letters, and the /dev/mail page.
import { env, SELF } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  backoffSeconds,
  deliverOutboxRow,
  flushOutbox,
  MAX_ATTEMPTS,
} from '../../../worker/mail/consumer'
import { outboxInsert, type MailMessage } from '../../../worker/mail/message'
import { clearSignupTables, ORIGIN, rows } from '../signups/helpers'

const message: MailMessage = {
  kind: 'test',
  to: 'Reader+tag@Example.org',
  subject: 'Hello',
  text: 'Confirm:\nhttp://localhost:8787/signups/confirm?token=abc\n',
  html: '<p>Hello</p>',
  attachments: [
    {
      filename: 'a.ics',
      contentType: 'text/calendar',
      content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
    },
  ],
}

async function queued(id = crypto.randomUUID()) {
  await outboxInsert(env.DB, id, message, Date.now()).run()
  return id
}

const outboxRow = async (id: string) =>
  (
    await rows<{
      status: string
      attempts: number
      next_attempt_at: number
      last_error: string | null
    }>('SELECT status, attempts, next_attempt_at, last_error FROM outbox WHERE id = ?', id)
  )[0]

const httpEnv = {
  ...env,
  EMAIL_TRANSPORT: 'http-api',
  EMAIL_API_URL: 'https://mail.example/send',
  EMAIL_API_KEY: 'k-123',
}

beforeEach(clearSignupTables)

describe('mail delivery', () => {
  it('renders a signup email from its template when delivering, and keeps its subject', async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/v1/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '192.0.2.44' },
      body: JSON.stringify({
        courseSlug: 'example-nrm-refresher',
        sessionKey: 'nrm-2027-11-17',
        name: 'Tem Plate',
        email: 'template@example.org',
        role: 'police',
        consent: true,
      }),
    })
    expect(res.status).toBe(201)
    // Written with the signup: the facts to render, not the rendered message.
    const [written] = await rows<{ id: string; kind: string; subject: string; template: string }>(
      'SELECT id, kind, subject, template FROM outbox',
    )
    expect(written?.kind).toBe('registration-confirmed')
    expect(written?.subject).toBe('')
    expect(JSON.parse(written?.template ?? '{}')).toMatchObject({
      type: 'registrant',
      kind: 'confirmed',
      who: { name: 'Tem Plate', email: 'template@example.org' },
      sequence: 0,
    })
    expect(await deliverOutboxRow(env, written?.id ?? '')).toEqual({ outcome: 'sent' })
    const [mail] = await rows<{ subject: string; text_body: string; attachments: string }>(
      'SELECT subject, text_body, attachments FROM mailbox',
    )
    expect(mail?.subject).toMatch(/^You're registered: /)
    expect(mail?.text_body).toContain('Hello Tem Plate,')
    expect(mail?.text_body).toContain('When: Wednesday 17 November 2027, 10:00–11:30 GMT')
    expect(mail?.text_body).toContain('/signups/cancel?token=')
    expect(mail?.attachments).toContain('BEGIN:VCALENDAR')
    // The outbox keeps the subject of what was sent (the privacy export lists it).
    const [sent] = await rows<{ status: string; subject: string }>(
      'SELECT status, subject FROM outbox',
    )
    expect(sent).toEqual({ status: 'sent', subject: mail?.subject })
  })

  it('dead-letters a template that can never render, at once', async () => {
    const id = crypto.randomUUID()
    await env.DB.prepare(
      `INSERT INTO outbox (id, kind, to_addr, to_norm, subject, text_body, html_body, template,
         status, attempts, next_attempt_at, created_at)
       VALUES (?, 'registration-confirmed', 'x@example.org', 'x@example.org', '', '', '',
         '{"type":"registrant","kind":"no-such-kind"}', 'pending', 0, 0, 0)`,
    )
      .bind(id)
      .run()
    expect(await deliverOutboxRow(env, id)).toEqual({ outcome: 'dead' })
    expect((await outboxRow(id))?.last_error).toBe('template has an unknown shape')
    expect(await rows('SELECT id FROM mailbox')).toEqual([])
  })

  it('delivers to the dev mailbox once, however often it is asked', async () => {
    const id = await queued()
    expect(await deliverOutboxRow(env, id)).toEqual({ outcome: 'sent' })
    expect(await deliverOutboxRow(env, id)).toEqual({ outcome: 'skipped' })
    expect(await flushOutbox(env)).toEqual({ sent: 0, failed: 0 })
    const box = await rows<{ to_norm: string; subject: string }>(
      'SELECT to_norm, subject FROM mailbox',
    )
    expect(box).toEqual([{ to_norm: 'reader@example.org', subject: 'Hello' }])
    expect((await outboxRow(id))?.status).toBe('sent')
  })

  it('posts the documented JSON to the HTTP email API', async () => {
    const id = await queued()
    const calls: { url: string; init: RequestInit }[] = []
    const fetcher = async (url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} })
      return new Response('{"id":"remote-1"}', { status: 202 })
    }
    expect(await deliverOutboxRow(httpEnv as Env, id, { fetch: fetcher as typeof fetch })).toEqual({
      outcome: 'sent',
    })
    const [call] = calls
    expect(call?.url).toBe('https://mail.example/send')
    const headers = new Headers(call?.init.headers)
    expect(headers.get('authorization')).toBe('Bearer k-123')
    expect(headers.get('idempotency-key')).toBe(id)
    expect(JSON.parse(String(call?.init.body))).toEqual({
      from: env.MAIL_FROM,
      to: ['Reader+tag@Example.org'],
      subject: 'Hello',
      text: message.text,
      html: message.html,
      headers: {},
      attachments: [
        {
          filename: 'a.ics',
          content_type: 'text/calendar',
          content: btoa('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'),
        },
      ],
    })
  })

  it('retries with exponential backoff, then dead-letters after the last attempt', async () => {
    const id = await queued()
    const failing = { fetch: (async () => new Response('busy', { status: 503 })) as typeof fetch }
    let now = Date.now()
    const delays: number[] = []
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await deliverOutboxRow(httpEnv as Env, id, failing, now)
      const row = await outboxRow(id)
      expect(row?.attempts).toBe(attempt)
      expect(row?.last_error).toBe('email API answered 503')
      if (attempt < MAX_ATTEMPTS) {
        expect(result.outcome).toBe('retry')
        if (result.outcome === 'retry') delays.push(result.delaySeconds)
        // Not due yet: nothing happens before the backoff has passed.
        expect((await deliverOutboxRow(httpEnv as Env, id, failing, now + 1000)).outcome).toBe(
          'retry',
        )
        now = row?.next_attempt_at ?? now
      } else {
        expect(result).toEqual({ outcome: 'dead' })
        expect(row?.status).toBe('dead')
      }
    }
    expect(delays).toEqual([30, 60, 120, 240, 480])
    expect(backoffSeconds(30)).toBe(6 * 60 * 60)
  })

  it('gives up at once when the API refuses the message for good', async () => {
    const id = await queued()
    const refused = {
      fetch: (async () => new Response('bad address', { status: 422 })) as typeof fetch,
    }
    expect(await deliverOutboxRow(httpEnv as Env, id, refused)).toEqual({ outcome: 'dead' })
  })

  it('keeps a message pending when the API cannot be reached', async () => {
    const id = await queued()
    const offline = {
      fetch: (async () => {
        throw new Error('offline')
      }) as typeof fetch,
    }
    expect((await deliverOutboxRow(httpEnv as Env, id, offline)).outcome).toBe('retry')
    expect((await outboxRow(id))?.status).toBe('pending')
  })
})

describe('/dev/mail', () => {
  it('lists messages with their links, rewritten to this server', async () => {
    await queued()
    await flushOutbox(env)
    const res = await SELF.fetch(`${ORIGIN}/dev/mail`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const html = await res.text()
    expect(html).toContain('Hello')
    expect(html).toContain(`href="${ORIGIN}/signups/confirm?token=abc"`)
    const [box] = await rows<{ id: string }>('SELECT id FROM mailbox')
    const one = await SELF.fetch(`${ORIGIN}/dev/mail/${box?.id}`)
    expect(await one.text()).toContain('a.ics')
    const ics = await SELF.fetch(`${ORIGIN}/dev/mail/${box?.id}/attachments/0`)
    expect(ics.headers.get('content-type')).toBe('text/calendar')
  })

  it('does not exist unless the transport is dev-mailbox', async () => {
    const { default: worker } = await import('../../../worker/index')
    const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} }
    const res = await worker.fetch(
      new Request(`${ORIGIN}/dev/mail`),
      httpEnv as Env,
      ctx as unknown as ExecutionContext,
    )
    expect(res.status).toBe(404)
  })

  it('does not exist on a deployed site, even if the transport was left at dev-mailbox', async () => {
    const { default: worker } = await import('../../../worker/index')
    const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} }
    const deployed = { ...env, EMAIL_TRANSPORT: 'dev-mailbox', SITE_URL: 'https://charity.example' }
    const res = await worker.fetch(
      new Request('https://charity.example/dev/mail'),
      deployed,
      ctx as unknown as ExecutionContext,
    )
    expect(res.status).toBe(404)
  })
})
