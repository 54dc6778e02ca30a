// The Presentation tool's preview: the Studio's secret buys a session, /preview/<page> renders
// the draft with click-to-edit attributes and the visual-editing script, privately and never
// cached; without a valid session (missing, forged, expired) there is only the 403 page. Public
// pages carry none of it: no script, no edit attributes, no encoded characters.
import { env, SELF } from 'cloudflare:test'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { SESSION_COOKIE, signSession } from '../../../worker/preview/session'
import { createTestCourseWithDraft, staffFetch, storeClient } from '../admin/helpers'

let course: { id: string; slug: string }
const DRAFT_TITLE = `Presentation draft ${crypto.randomUUID().slice(0, 8)}`

async function studioSecret(): Promise<string> {
  const secret = crypto.randomUUID().replaceAll('-', '')
  await storeClient().createOrReplace({
    _id: `drafts.${crypto.randomUUID()}`,
    _type: 'sanity.previewUrlSecret',
    secret,
    source: 'sanity/presentation',
  })
  return secret
}

async function session(): Promise<string> {
  const secret = await studioSecret()
  const res = await SELF.fetch(
    `https://example.com/preview/enable?sanity-preview-secret=${secret}&sanity-preview-pathname=/courses/${course.slug}`,
    { redirect: 'manual' },
  )
  expect(res.status).toBe(303)
  const cookie = /^([^;]+)/.exec(res.headers.get('Set-Cookie') ?? '')?.[1]
  expect(cookie).toBeDefined()
  return cookie ?? ''
}

beforeAll(async () => {
  course = await createTestCourseWithDraft('presentation', DRAFT_TITLE)
})

// Zero-width and other invisible characters stega encoding hides in strings.
const STEGA = /[\u200B-\u200D\u2060\uFEFF\u{E0000}-\u{E007F}]/u

describe('GET /preview/enable', () => {
  it('turns a secret the Studio wrote into a private session cookie and opens the page', async () => {
    const secret = await studioSecret()
    const res = await SELF.fetch(
      `https://example.com/preview/enable?sanity-preview-secret=${secret}&sanity-preview-pathname=/courses/${course.slug}`,
      { redirect: 'manual' },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`/preview/courses/${course.slug}`)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const cookie = res.headers.get('Set-Cookie') ?? ''
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`))
    expect(cookie).toContain('Path=/preview')
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('Secure')
  })

  it('refuses a missing, unknown or off-site request with a 403 and no cookie', async () => {
    for (const query of [
      '',
      '?sanity-preview-secret=not-a-secret-we-wrote',
      '?sanity-preview-secret=',
    ]) {
      const res = await SELF.fetch(`https://example.com/preview/enable${query}`, {
        redirect: 'manual',
      })
      expect(res.status, query).toBe(403)
      expect(res.headers.get('Set-Cookie')).toBeNull()
      expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    }
    // A secret never redirects away from the site.
    const secret = await studioSecret()
    const off = await SELF.fetch(
      `https://example.com/preview/enable?sanity-preview-secret=${secret}&sanity-preview-pathname=//evil.example/x`,
      { redirect: 'manual' },
    )
    expect(off.headers.get('Location')).toBe('/preview/')
  })
})

describe('GET /preview/<page>', () => {
  it('renders the draft with edit attributes and the script, framable by the Studio only, never cached', async () => {
    const cookie = await session()
    const url = `https://example.com/preview/courses/${course.slug}`
    const res = await SELF.fetch(url, { headers: { Cookie: cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    expect(res.headers.get('X-Frame-Options')).toBeNull()
    const csp = res.headers.get('Content-Security-Policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain(`frame-ancestors ${env.STUDIO_ORIGIN}`)
    const html = await res.text()
    expect(html).toContain(DRAFT_TITLE)
    expect(html).toContain('<script type="module" src="/preview/visual-editing.js"></script>')
    const title = /<h1 data-sanity="([^"]+)">([^<]*)<\/h1>/.exec(html)
    expect(title?.[2]).toBe(DRAFT_TITLE)
    expect(title?.[1]).toContain(`id=${course.id};type=course;path=title`)
    expect(html).toMatch(/<p class="lede" data-sanity="[^"]*path=summary/)
    expect(html).toMatch(/data-sanity="[^"]*path=sessions:morning\.durationMinutes/)
    // Links to the site's pages stay inside the preview.
    expect(html).toContain('href="/preview/courses"')

    // Nothing of it is stored: not in the Cache API, not in the page store.
    expect(await caches.default.match(url)).toBeUndefined()
    for (const key of (await env.PAGES.list()).keys) {
      expect((await env.PAGES.get(key.name)) ?? '', key.name).not.toContain(DRAFT_TITLE)
    }
  })

  it('answers an address with no page with a private 404', async () => {
    const res = await SELF.fetch('https://example.com/preview/courses/no-such-course', {
      headers: { Cookie: await session() },
    })
    expect(res.status).toBe(404)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    expect(await res.text()).not.toContain(DRAFT_TITLE)
  })

  it('serves the visual-editing script', async () => {
    const res = await SELF.fetch('https://example.com/preview/visual-editing.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toContain('javascript')
    expect((await res.text()).length).toBeGreaterThan(10_000)
    // The first load transforms the ~900 KiB bundle in the test runner.
  }, 30_000)

  it('refuses missing, forged and expired sessions', async () => {
    const now = Math.floor(Date.now() / 1000)
    const forgedKey = await signSession('not-the-secret', now + 600)
    const expired = await signSession(env.PREVIEW_SECRET, now - 1)
    const stretched = (await signSession(env.PREVIEW_SECRET, now + 600)).replace(
      /^\d+/,
      String(now + 7200),
    )
    const cases: [string, string | null][] = [
      ['missing', null],
      ['garbage', 'nonsense'],
      ['forged', forgedKey],
      ['expired', expired],
      ['exp changed', stretched],
    ]
    for (const [name, value] of cases) {
      const res = await SELF.fetch(`https://example.com/preview/courses/${course.slug}`, {
        headers: value ? { Cookie: `${SESSION_COOKIE}=${value}` } : {},
      })
      expect(res.status, name).toBe(403)
      expect(res.headers.get('Cache-Control'), name).toBe('private, no-store')
      const html = await res.text()
      expect(html, name).not.toContain(DRAFT_TITLE)
      expect(html, name).not.toContain('<script')
    }
  })
})

describe('GET /admin/preview-locations', () => {
  type Locations = { locations: { title: string; href: string }[]; message?: string }

  it("lists the document's own page and every built page the index says shows it", async () => {
    // Building the list and the detail page records what each shows in the page index.
    await (await SELF.fetch('https://example.com/courses')).text()
    await (await SELF.fetch(`https://example.com/courses/${course.slug}`)).text()
    let hrefs: string[] = []
    // The page index is written after the response (waitUntil): ask until it is there.
    for (let i = 0; i < 50 && !hrefs.includes('/preview/courses'); i++) {
      const res = await staffFetch(`/admin/preview-locations?id=drafts.${course.id}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('Cache-Control')).toBe('private, no-store')
      hrefs = (await res.json<Locations>()).locations.map((l) => l.href)
    }
    expect(hrefs[0]).toBe(`/preview/courses/${course.slug}`)
    expect(hrefs).toContain('/preview/courses')
  })

  it("shows a never-published document's own page, before publishing", async () => {
    const slug = `presentation-draft-only-${crypto.randomUUID().slice(0, 8)}`
    await storeClient().createOrReplace({
      _id: `drafts.course.${slug}`,
      _type: 'course',
      title: 'Draft only',
      slug: { _type: 'slug', current: slug },
    })
    const res = await staffFetch(`/admin/preview-locations?id=course.${slug}`)
    const body = await res.json<Locations>()
    expect(body.locations.map((l) => l.href)).toEqual([`/preview/courses/${slug}`])
  })

  it('needs staff authentication and a document id', async () => {
    const anonymous = await SELF.fetch(
      `https://example.com/admin/preview-locations?id=${course.id}`,
    )
    expect(anonymous.status).toBe(401)
    expect((await staffFetch('/admin/preview-locations')).status).toBe(400)
  })
})

function decodeText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
}

describe('public pages', () => {
  it('carry no script, no edit attributes and no encoded characters: the title is the content', async () => {
    // Printable titles an editor could type (the schema trims and requires some text).
    const titles = fc
      .string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(...'Ab zé&<>"\'-1!'.split('')) })
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter((s) => s.length > 0)
    await fc.assert(
      fc.asyncProperty(titles, async (title) => {
        await storeClient().patch(course.id).set({ title }).commit()
        const res = await SELF.fetch(
          `https://example.com/courses/${course.slug}?v=${crypto.randomUUID()}`,
        )
        const html = await res.text()
        // Structured data (JSON-LD) is the only <script> element, and it never runs.
        expect(html.replace(/<script type="application\/ld\+json">/g, '')).not.toContain('<script')
        expect(html).not.toContain('data-sanity')
        expect(STEGA.test(html)).toBe(false)
        const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? ''
        expect(decodeText(h1)).toBe(title)
      }),
      { numRuns: 8 },
    )
  })
})
