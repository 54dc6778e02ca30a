// Clock skew and expiry at their boundaries: a webhook signature is good for five minutes either
// side of the worker's clock and not a millisecond more; an emailed link works until its expiry
// instant and not after; a waiting-list offer can be claimed until its deadline and not after.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signLink, verifyLink } from '../../../worker/lib/signed-links'
import { MAX_SKEW_MS, verifySignature } from '../../../worker/webhooks/signature'
import { VALID } from './bodies'
import { callWorker } from './faults'
import { formRequest, jsonRequest } from './helpers'
import { courseUpdate, deliveryHeaders, sign } from './webhook-signing'

const FIVE_MIN = 5 * 60 * 1000
let seq = 0

async function deliveryAt(offsetMs: number) {
  const body = courseUpdate('course.nrm-webinar', `clock-${++seq}`)
  const res = await callWorker('/webhooks/sanity', {
    method: 'POST',
    headers: deliveryHeaders(`clock-${seq}`, await sign(body, Date.now() + offsetMs)),
    body,
  })
  return { status: res.status, text: await res.text() }
}

const form = (path: string, fields: Record<string, string>) => callWorker(path, formRequest(fields))

describe('webhook signature clock skew', () => {
  it('the window is exactly five minutes either way', async () => {
    expect(MAX_SKEW_MS).toBe(FIVE_MIN)
    const body = courseUpdate()
    const now = 1_800_000_000_000
    const at = async (t: number) =>
      (await verifySignature(await sign(body, t), body, env.SANITY_WEBHOOK_SECRET, now)).ok
    expect(await at(now - FIVE_MIN)).toBe(true)
    expect(await at(now + FIVE_MIN)).toBe(true)
    expect(await at(now - FIVE_MIN - 1)).toBe(false)
    expect(await at(now + FIVE_MIN + 1)).toBe(false)
  })

  it('end to end: a sender clock 4m50s off either way is accepted, 5m10s is refused', async () => {
    expect((await deliveryAt(-(FIVE_MIN - 10_000))).status).toBe(202)
    expect((await deliveryAt(FIVE_MIN - 10_000)).status).toBe(202)
    for (const offset of [-(FIVE_MIN + 10_000), FIVE_MIN + 10_000]) {
      const refused = await deliveryAt(offset)
      expect(refused.status).toBe(401)
      expect(refused.text).toContain('stale_signature')
    }
  })
})

describe('expiring emailed links', () => {
  it('a link works up to its expiry instant and not one millisecond after', async () => {
    const expiresAt = 1_800_000_000_000
    const token = await signLink(env.LINK_SECRET, {
      purpose: 'alert-unsubscribe',
      subject: 'sub-1',
      expiresAt,
    })
    expect((await verifyLink(env.LINK_SECRET, token, 'alert-unsubscribe', expiresAt)).ok).toBe(true)
    const late = await verifyLink(env.LINK_SECRET, token, 'alert-unsubscribe', expiresAt + 1)
    expect(late).toEqual({ ok: false, reason: 'expired' })
  })

  it('end to end: an expired confirmation link is refused and says so; a live one works', async () => {
    const email = `clock-link-${++seq}@example.org`
    expect(
      (await callWorker('/api/v1/signatures', jsonRequest({ ...VALID.signature, email }))).status,
    ).toBe(202)
    const row = await env.DB.prepare('SELECT id, status FROM signatures WHERE email = ?')
      .bind(email)
      .first<{ id: string; status: string }>()
    expect(row?.status).toBe('pending')
    const subject = row?.id ?? ''
    const expired = await signLink(env.LINK_SECRET, {
      purpose: 'signature-confirm',
      subject,
      expiresAt: Date.now() - 1_000,
    })
    const refused = await form('/signups/confirm', { token: expired })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('expired')

    const live = await signLink(env.LINK_SECRET, {
      purpose: 'signature-confirm',
      subject,
      expiresAt: Date.now() + 60_000,
    })
    expect((await form('/signups/confirm', { token: live })).status).toBe(200)
    const after = await env.DB.prepare('SELECT status FROM signatures WHERE id = ?')
      .bind(subject)
      .first<{ status: string }>()
    expect(after?.status).toBe('confirmed')
  })
})

describe('waiting-list offer deadline', () => {
  async function offered(expiresInMs: number): Promise<string> {
    const email = `clock-offer-${++seq}@example.org`
    const res = await callWorker(
      '/api/v1/registrations',
      jsonRequest({ ...VALID.registration, email }),
    )
    const { registration } = (await res.json()) as { registration: { id: string } }
    // As if the waiting list had offered this person a freed seat.
    await env.DB.prepare(
      `UPDATE registrations SET status = 'offered', seat_no = NULL, offer_expires_at = ? WHERE id = ?`,
    )
      .bind(Date.now() + expiresInMs, registration.id)
      .run()
    return registration.id
  }
  const claim = async (id: string) =>
    form('/signups/claim', {
      token: await signLink(env.LINK_SECRET, { purpose: 'registration-claim', subject: id }),
    })
  const status = async (id: string) =>
    (
      await env.DB.prepare('SELECT status FROM registrations WHERE id = ?')
        .bind(id)
        .first<{ status: string }>()
    )?.status

  it('an offer past its deadline cannot be claimed', async () => {
    const id = await offered(-1_000)
    const res = await claim(id)
    expect(await res.text()).toContain('no longer available')
    expect(await status(id)).toBe('offered')
  })

  it('an offer before its deadline is claimed', async () => {
    const id = await offered(60_000)
    const res = await claim(id)
    const text = await res.text()
    expect(res.status, /<title>([^<]*)/.exec(text)?.[1]).toBe(200)
    expect(text).toContain('re registered')
    expect(await status(id)).toBe('confirmed')
  })
})
