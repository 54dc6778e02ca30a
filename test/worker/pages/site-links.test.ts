// Links a visitor relies on, on every page type as served: the privacy page (where a person
// downloads or erases their data) is linked from every page and from the consent wording of every
// signup form, and a breadcrumb marks only the page itself as current, with every earlier item
// that names a listing linking to it.
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { inspect, ORIGIN } from './helpers'

/** One of every page type a visitor can land on, signup and status pages included. */
const PAGES: [path: string, status: number][] = [
  ['/', 200],
  ['/courses', 200],
  ['/courses?page=2', 200],
  ['/courses/example-nrm-refresher', 200],
  ['/campaigns', 200],
  ['/campaigns/example-guardian-for-every-child', 200],
  ['/reports', 200],
  ['/reports/nrm-statistics-q1-2020', 200],
  ['/organisations', 200],
  ['/organisations?kind=charity', 200],
  ['/organisations/ecpat-uk', 200],
  ['/contacts', 200],
  ['/news', 200],
  ['/news/child-trafficking-in-the-uk-2018-snapshot', 200],
  ['/search', 200],
  ['/search?q=trafficking', 200],
  ['/search?q=trafficking&type=organisation', 200],
  ['/alerts', 200],
  ['/register/example-nrm-refresher/nrm-2027-06-16', 200],
  ['/privacy', 200],
  ['/signups/confirm?token=nonsense', 400],
  ['/no-such-page', 404],
  ['/courses/no-such-course', 404],
]

async function get(path: string, status: number): Promise<string> {
  const res = await SELF.fetch(`${ORIGIN}${path}`)
  expect(res.status, path).toBe(status)
  expect(res.headers.get('content-type'), path).toContain('text/html')
  return res.text()
}

/** The breadcrumb trail: each item's text, link and whether it is marked current. */
async function breadcrumb(html: string) {
  const items: { text: string; href: string | null; current: boolean }[] = []
  let inCrumbs = false
  await new HTMLRewriter()
    .on('nav[aria-label="Breadcrumb"]', {
      element: (e) => {
        inCrumbs = true
        e.onEndTag(() => void (inCrumbs = false))
      },
    })
    .on('nav[aria-label="Breadcrumb"] li', {
      element: () => void items.push({ text: '', href: null, current: false }),
      text: (t) => {
        const last = items[items.length - 1]
        if (inCrumbs && last) last.text += t.text
      },
    })
    .on('nav[aria-label="Breadcrumb"] li a', {
      element: (e) => {
        const last = items[items.length - 1]
        if (last) last.href = e.getAttribute('href')
      },
    })
    .on('nav[aria-label="Breadcrumb"] [aria-current]', {
      element: (e) => {
        const last = items[items.length - 1]
        expect(e.getAttribute('aria-current')).toBe('page')
        if (last) last.current = true
      },
    })
    .transform(new Response(html))
    .text()
  return items.map((i) => ({ ...i, text: i.text.replace(/\s+/g, ' ').trim() }))
}

describe('the privacy page is linked', () => {
  for (const [path, status] of PAGES) {
    it(`from ${path}`, async () => {
      const f = await inspect(await get(path, status))
      expect(f.links.some((l) => l.href === '/privacy')).toBe(true)
    })
  }

  it('from the consent wording of every signup form', async () => {
    const forms = [
      '/courses/example-nrm-refresher',
      '/register/example-nrm-refresher/nrm-2027-06-16',
      '/campaigns/example-guardian-for-every-child',
      '/courses',
      '/alerts',
    ]
    for (const path of forms) {
      const html = await get(path, 200)
      const consent = [...html.matchAll(/<p class="consent-text"[^>]*>([\s\S]*?)<\/p>/g)]
      expect(consent.length, path).toBeGreaterThan(0)
      for (const m of consent) {
        expect(m[1], path).toContain('<a href="/privacy">the privacy page</a>')
      }
    }
  })
})

describe('breadcrumbs', () => {
  for (const [path, status] of PAGES) {
    it(`on ${path} mark only the page itself as current`, async () => {
      const items = await breadcrumb(await get(path, status))
      if (items.length === 0) return
      expect(items[0]).toEqual({ text: 'Home', href: '/', current: false })
      expect(items.filter((i) => i.current)).toHaveLength(1)
      expect(items[items.length - 1]?.current).toBe(true)
      // Every item before the page itself is a link.
      for (const i of items.slice(0, -1)) expect(i.href, `${path}: ${i.text}`).not.toBeNull()
    })
  }

  it('on an organisation page lead through the organisations directory', async () => {
    const items = await breadcrumb(await get('/organisations/ecpat-uk', 200))
    expect(items).toEqual([
      { text: 'Home', href: '/', current: false },
      { text: 'Organisations', href: '/organisations', current: false },
      { text: 'ECPAT UK', href: null, current: true },
    ])
    expect((await SELF.fetch(`${ORIGIN}/organisations`)).status).toBe(200)
  })
})
