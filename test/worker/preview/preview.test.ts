// Draft preview through signed, ten-minute links: the draft renders, privately and uncached; an
// expired or forged link gets a 403 page that says how to get a new one.
import { env, SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { previewUrl } from '../../../worker/preview/sign'
import { createTestCourseWithDraft, staffFetch } from '../admin/helpers'

let course: { id: string; slug: string }
const DRAFT_TITLE = `Draft-only title ${crypto.randomUUID().slice(0, 8)}`

async function mint(documentId: string): Promise<Response> {
  return staffFetch('/admin/preview-links', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ documentId }),
  })
}

beforeAll(async () => {
  course = await createTestCourseWithDraft('preview', DRAFT_TITLE)
})

describe('POST /admin/preview-links', () => {
  it('mints a ten-minute link for a document (draft id or published id)', async () => {
    for (const documentId of [course.id, `drafts.${course.id}`]) {
      const res = await mint(documentId)
      expect(res.status).toBe(201)
      const body = await res.json<{ url: string; expiresAt: string; path: string }>()
      expect(body.path).toBe(`/courses/${course.slug}`)
      const url = new URL(body.url)
      expect(url.pathname).toBe('/preview')
      expect(url.searchParams.get('type')).toBe('course')
      expect(url.searchParams.get('id')).toBe(course.id)
      const minutes = (Date.parse(body.expiresAt) - Date.now()) / 60_000
      expect(minutes).toBeGreaterThan(9)
      expect(minutes).toBeLessThanOrEqual(10)
    }
  })

  it('answers 400 without a document id, 404 for an unknown one, 401/403 without the right token', async () => {
    const missing = await staffFetch('/admin/preview-links', {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(missing.status).toBe(400)
    expect(
      (await missing.json<{ error: { fields: Record<string, string> } }>()).error.fields,
    ).toHaveProperty('documentId')
    expect((await mint('course.does-not-exist')).status).toBe(404)
    const anonymous = await SELF.fetch('https://example.com/admin/preview-links', {
      method: 'POST',
      body: JSON.stringify({ documentId: course.id }),
    })
    expect(anonymous.status).toBe(401)
    const wrong = await SELF.fetch('https://example.com/admin/preview-links', {
      method: 'POST',
      headers: { Authorization: 'Bearer nope' },
      body: JSON.stringify({ documentId: course.id }),
    })
    expect(wrong.status).toBe(403)
  })
})

describe('GET /preview', () => {
  it('renders the draft, privately, and never stores it', async () => {
    const { url } = await (await mint(course.id)).json<{ url: string }>()
    const res = await SELF.fetch(url)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    expect(res.headers.get('X-Robots-Tag')).toContain('noindex')
    const html = await res.text()
    expect(html).toContain(DRAFT_TITLE)
    expect(html).toContain('Draft preview')

    // A second visit renders again (nothing cached) and the public page still shows what is published.
    expect(await (await SELF.fetch(url)).text()).toContain(DRAFT_TITLE)
    expect(await caches.default.match(url)).toBeUndefined()
    const keys = await env.PAGES.list()
    for (const key of keys.keys) {
      const stored = await env.PAGES.get(key.name)
      expect(stored ?? '', key.name).not.toContain(DRAFT_TITLE)
    }
    const publicPage = await SELF.fetch(`https://example.com/courses/${course.slug}`)
    expect(await publicPage.text()).not.toContain(DRAFT_TITLE)
  })

  it('answers 403 with how to get a new link when the link has expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 11 * 60
    const { url } = await previewUrl(
      'https://example.com',
      env.PREVIEW_SECRET,
      { type: 'course', id: course.id },
      past,
    )
    const res = await SELF.fetch(url)
    expect(res.status).toBe(403)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const html = await res.text()
    expect(html).toContain('expired')
    expect(html).toContain('Studio')
    expect(html).toContain('Preview')
    expect(html).not.toContain(DRAFT_TITLE)
  })

  it('answers 403 for forged or incomplete links', async () => {
    const { url } = await (await mint(course.id)).json<{ url: string }>()
    const otherId = new URL(url)
    otherId.searchParams.set('id', 'course.nrm-webinar')
    const longer = new URL(url)
    longer.searchParams.set('exp', String(Number(longer.searchParams.get('exp')) + 3600))
    const wrongKey = await previewUrl('https://example.com', 'not-the-secret', {
      type: 'course',
      id: course.id,
    })
    const noSig = new URL(url)
    noSig.searchParams.delete('sig')
    for (const forged of [
      otherId.toString(),
      longer.toString(),
      wrongKey.url,
      noSig.toString(),
      'https://example.com/preview',
    ]) {
      const res = await SELF.fetch(forged)
      expect(res.status, forged).toBe(403)
      expect(res.headers.get('Cache-Control'), forged).toBe('private, no-store')
      expect(await res.text()).not.toContain(DRAFT_TITLE)
    }
  })
})
