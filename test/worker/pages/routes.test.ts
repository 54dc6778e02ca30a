// Every public page type served through the worker as a visitor gets it: status, the content
// they came for, the security headers, and the accessibility basics every page must have (one
// h1, skip link first, the quick-exit link, landmarks, language, title, description, canonical).
import { env, SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { STYLESHEET_PATH } from '../../../worker/ui/assets/stylesheet'
import { reindexAll } from '../../../worker/search/index-writer'
import { inspect, ORIGIN } from './helpers'

const QUICK_EXIT = 'https://www.bbc.co.uk/weather'

const PAGES: { path: string; h1: RegExp; visible: string[]; ld?: string }[] = [
  {
    path: '/',
    h1: /protect children/i,
    visible: [
      'Need help now?',
      'NSPCC helpline',
      '0808 800 5000',
      'Upcoming training',
      'Latest reports',
      'Latest news',
    ],
    ld: 'WebSite',
  },
  {
    path: '/courses',
    h1: /^Courses and training$/,
    visible: [
      'Example: Introduction to child trafficking',
      'Filter courses',
      'Get an email about new courses',
    ],
  },
  {
    path: '/courses?when=past',
    h1: /^Courses and training$/,
    visible: ['Best practice and guidance for using the National Referral Mechanism'],
  },
  {
    path: '/courses/nrm-webinar',
    h1: /^Best practice and guidance for using the National Referral Mechanism$/,
    visible: [
      'Monday 30 March 2020, 11:00–11:45 BST',
      'Webinar',
      'Free',
      'What you will learn',
      'ECPAT UK',
    ],
    ld: 'Course',
  },
  {
    path: '/campaigns',
    h1: /^Campaigns$/,
    visible: ['Example petition: a guardian for every trafficked child'],
  },
  {
    path: '/campaigns/example-guardian-for-every-child',
    h1: /guardian for every trafficked child/,
    visible: ['Sign the petition', 'Home Secretary', 'Milestones'],
  },
  {
    path: '/reports',
    h1: /^Reports and resources$/,
    visible: ['National Referral Mechanism Statistics UK, 1st Quarter 2020'],
  },
  {
    path: '/reports/nrm-statistics-q1-2020',
    h1: /^National Referral Mechanism Statistics UK/,
    visible: ['Statistics bulletin', 'Published 4 June 2020', 'Home Office'],
    ld: 'Report',
  },
  {
    path: '/organisations',
    h1: /^Organisations$/,
    visible: ['ECPAT UK', 'Charity', 'Filter organisations'],
  },
  {
    path: '/organisations/ecpat-uk',
    h1: /^ECPAT UK$/,
    visible: [
      'Courses',
      'Introduction to child trafficking',
      'Past courses from ECPAT UK',
      'News',
      'ECPAT UK launches free learning webinars',
      'All news',
    ],
    ld: 'Organization',
  },
  {
    path: '/contacts',
    h1: /^Contact us$/,
    visible: ['Helplines', 'Press office', 'Training team', 'help@nspcc.org.uk'],
  },
  { path: '/news', h1: /^News$/, visible: ['ECPAT UK launches free learning webinars'] },
  {
    path: '/news/child-trafficking-in-the-uk-2018-snapshot',
    h1: /left behind/i,
    visible: ['News'],
    ld: 'NewsArticle',
  },
  {
    path: '/search?q=trafficking',
    h1: /^Search$/,
    visible: ['results for “trafficking”', 'Courses ('],
  },
]

// Search reads the D1 index, which a full rebuild fills from the seed.
beforeAll(async () => {
  await reindexAll(env)
})

describe('public pages', () => {
  for (const p of PAGES) {
    it(`${p.path} renders its content with the shared accessibility basics`, async () => {
      const res = await SELF.fetch(`${ORIGIN}${p.path}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      const f = await inspect(await res.text())
      expect(f.lang).toBe('en-GB')
      expect(f.h1).toHaveLength(1)
      expect(f.h1[0]).toMatch(p.h1)
      for (const text of p.visible) expect(f.text).toContain(text)
      // Skip link first, then the quick exit, both before any other link.
      expect(f.links[0]).toMatchObject({ href: '#main', text: 'Skip to main content' })
      expect(f.mainId).toBe('main')
      expect(f.links[1]?.href).toBe(QUICK_EXIT)
      expect(f.links[1]?.text).toContain('Exit this page')
      expect(f.links[1]?.rel).toContain('noreferrer')
      for (const landmark of ['header', 'nav', 'main', 'footer', 'search']) {
        expect(f.landmarks).toContain(landmark)
      }
      expect(f.landmarks.filter((l) => l === 'main')).toHaveLength(1)
      expect(f.title).toMatch(/Safeguard/)
      expect(f.description?.length ?? 0).toBeGreaterThan(10)
      expect(f.canonical).toBe(new URL(p.path, env.SITE_URL).toString())
      expect(f.ogTitle).toBeTruthy()
      expect(f.stylesheets).toEqual([STYLESHEET_PATH])
      // No client JavaScript and nothing the CSP would block.
      expect(f.scripts).toBe(0)
      expect(f.inlineStyles).toBe(0)
      if (p.ld) expect(f.jsonLd.map((d) => (d as { '@type': string })['@type'])).toContain(p.ld)
    })
  }

  it('labels the header search box visibly, not only for screen readers', async () => {
    const res = await SELF.fetch(`${ORIGIN}/contacts`)
    const html = await res.text()
    const label = /<label for="header-search-q"([^>]*)>\s*Search this site\s*<\/label>/.exec(html)
    expect(label).not.toBeNull()
    expect(label?.[1]).not.toContain('visually-hidden')
  })

  it('sends strict security headers on pages', async () => {
    const res = await SELF.fetch(`${ORIGIN}/courses`)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'none'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("form-action 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('permissions-policy')).toContain('camera=()')
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    await res.body?.cancel()
  })

  it('sends the security headers on not-found and API answers too', async () => {
    for (const path of ['/no-such-page', '/api/nothing']) {
      const res = await SELF.fetch(`${ORIGIN}${path}`)
      expect(res.status).toBe(404)
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      await res.body?.cancel()
    }
  })

  it('serves the stylesheet at its hashed URL with immutable caching', async () => {
    const res = await SELF.fetch(`${ORIGIN}${STYLESHEET_PATH}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const css = await res.text()
    expect(css).toContain('.exit-this-page')
    expect(css).toContain(':focus-visible')
    expect(css).toContain('@media print')
    // The honeypot has no inline style (the CSP forbids it): this rule is what hides it.
    expect(css).toMatch(/\.honeypot \{[^}]*left: -10000px/)
    // Headings scale with the screen from a modest size on phones.
    expect(css).toMatch(/h1 \{[^}]*font-size: clamp\(1\.5rem,/)
  })

  it('answers an old stylesheet hash with the current styles, briefly cached', async () => {
    const res = await SELF.fetch(`${ORIGIN}/assets/site.00000000.css`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    await res.body?.cancel()
  })
})
