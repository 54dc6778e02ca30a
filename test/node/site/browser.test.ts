// Every public page type in headless Chromium, as visitors meet them: full-page screenshots at
// desktop and mobile widths (test/artifacts/screenshots/, for people to look at), zero axe-core
// WCAG 2.2 AA violations, the skip link and the quick-exit control first in the Tab order, and
// pages that still work with JavaScript turned off.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, startSite, type Site } from './site-harness'
import { launchChromium } from '../browser'

const SCREENSHOTS = join(ROOT, 'test/artifacts/screenshots')
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js')
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
const QUICK_EXIT_URL = 'https://www.bbc.co.uk/weather'

/** One page of each type, from the seed content. */
const PAGES: { name: string; path: string; status?: number }[] = [
  { name: 'home', path: '/' },
  { name: 'courses', path: '/courses' },
  { name: 'courses-filtered', path: '/courses?topic=nrm' },
  { name: 'course', path: '/courses/example-introduction-london' },
  { name: 'campaigns', path: '/campaigns' },
  { name: 'campaign', path: '/campaigns/example-guardian-for-every-child' },
  { name: 'reports', path: '/reports' },
  { name: 'reports-by-organisation', path: '/reports?organisation=home-office' },
  { name: 'report', path: '/reports/ohchr-covid-19-trafficking-2020' },
  { name: 'organisation', path: '/organisations/ecpat-uk' },
  { name: 'contacts', path: '/contacts' },
  { name: 'news', path: '/news' },
  { name: 'news-post', path: '/news/child-trafficking-in-the-uk-2018-snapshot' },
  { name: 'search', path: '/search?q=trafficking' },
  { name: 'not-found', path: '/no-such-page', status: 404 },
]
const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  mobile: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true },
} as const

type Violation = { id: string; impact: string | null; help: string; nodes: string[] }

let site: Site
let browser: Browser
const contexts: Partial<Record<'desktop' | 'mobile' | 'noScript', BrowserContext>> = {}

/** Only the site itself is reachable: nothing may depend on a third-party request. */
async function context(name: keyof typeof contexts): Promise<BrowserContext> {
  const existing = contexts[name]
  if (existing) return existing
  const ctx = await browser.newContext({
    ...(name === 'mobile' ? VIEWPORTS.mobile : VIEWPORTS.desktop),
    // axe is injected as a script tag, which the site's strict CSP would rightly refuse.
    bypassCSP: name !== 'noScript',
    javaScriptEnabled: name !== 'noScript',
  })
  await ctx.route('**/*', (route) =>
    route.request().url().startsWith(site.url) ? route.continue() : route.abort(),
  )
  contexts[name] = ctx
  return ctx
}

async function open(ctx: BrowserContext, path: string, status = 200): Promise<Page> {
  const page = await ctx.newPage()
  const res = await page.goto(`${site.url}${path}`, { waitUntil: 'load' })
  expect(res?.status(), `${path} status`).toBe(status)
  return page
}

async function axeViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE })
  return page.evaluate(async (tags) => {
    type AxeResult = {
      violations: {
        id: string
        impact: string | null
        help: string
        nodes: { target: unknown[]; failureSummary?: string }[]
      }[]
    }
    const axe = (
      globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<AxeResult> } }
    ).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }))
  }, AXE_TAGS)
}

function describeViolations(path: string, violations: Violation[]): string {
  return [
    `${violations.length} axe violation(s) on ${path}:`,
    ...violations.map(
      (v) => `- [${v.impact ?? 'n/a'}] ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`,
    ),
  ].join('\n')
}

type Focused = { tag: string; text: string; href: string | null; outlined: boolean }

/** What has keyboard focus, and whether it is drawn visibly (on screen, with an outline or ring). */
async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement
    const style = el ? getComputedStyle(el) : null
    const box = el?.getBoundingClientRect()
    const onScreen =
      !!box && box.width > 1 && box.height > 1 && box.bottom > 0 && box.top < innerHeight
    const ring =
      !!style &&
      ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
        style.boxShadow !== 'none')
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      text: (el?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      href: el?.getAttribute('href') ?? null,
      outlined: onScreen && ring,
    }
  })
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true })
  site = await startSite()
  browser = await launchChromium()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

describe.each(PAGES)('$name ($path)', ({ name, path, status = 200 }) => {
  it.each(['desktop', 'mobile'] as const)(
    'has no WCAG 2.2 AA violations at %s width (screenshot saved)',
    async (width) => {
      const page = await open(await context(width), path, status)
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true })
      const violations = await axeViolations(page)
      expect(violations, describeViolations(path, violations)).toEqual([])
      if (width === 'mobile') {
        // WCAG 1.4.10 Reflow: nothing may need horizontal scrolling at 320 CSS pixels.
        await page.setViewportSize({ width: 320, height: 640 })
        const overflow = await page.evaluate(() => {
          const vw = document.documentElement.clientWidth
          return [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > vw + 1)
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`)
        })
        expect(overflow, `elements wider than 320px on ${path}`).toEqual([])
      }
      await page.close()
    },
  )

  it('reaches the skip link, then the quick-exit control, by Tab from the top', async () => {
    const page = await open(await context('desktop'), path, status)
    await page.keyboard.press('Tab')
    const skip = await focused(page)
    expect(skip.text, 'first Tab stop').toMatch(/skip to (main )?content/i)
    const target = skip.href ?? ''
    expect(target).toMatch(/^#./)
    expect(
      await page.locator(`main${target}, ${target} main, main ${target}`).count(),
    ).toBeGreaterThan(0)
    expect(skip.outlined, 'the focused skip link shows a focus indicator').toBe(true)
    await page.keyboard.press('Tab')
    const exit = await focused(page)
    expect(exit.text, 'second Tab stop').toMatch(/exit/i)
    expect(exit.href).toBe(QUICK_EXIT_URL)
    expect(exit.outlined, 'the focused quick exit shows a focus indicator').toBe(true)
    // Back to the skip link and follow it: the page jumps to the main content.
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(target)
    await page.close()
  })

  it('works with JavaScript disabled: content, one h1 and a plain-link quick exit', async () => {
    const page = await open(await context('noScript'), path, status)
    expect(await page.locator('h1').count()).toBe(1)
    expect(await page.locator('h1').isVisible()).toBe(true)
    expect(await page.locator('main').count()).toBe(1)
    expect(await page.locator(`a[href="${QUICK_EXIT_URL}"]`).first().isVisible()).toBe(true)
    await page.close()
  })
})

describe('without JavaScript', () => {
  it('filters courses with the plain GET form', async () => {
    const page = await open(await context('noScript'), '/courses')
    const form = page.locator('main form[method="get" i], main form:not([method])').first()
    const select = form.locator('select').first()
    const name = await select.getAttribute('name')
    const value = await select.locator('option:not([value=""])').first().getAttribute('value')
    if (!name || !value) throw new Error('the courses filter form has no select with options')
    await select.selectOption(value)
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get(name) === value),
      form
        .locator('button[type="submit"], button:not([type]), input[type="submit"]')
        .first()
        .click(),
    ])
    expect(await page.locator('h1').count()).toBe(1)
    await page.close()
  })

  it('searches with the plain GET form', async () => {
    const page = await open(await context('noScript'), '/search')
    const input = page.locator('main input[name="q"]')
    await input.fill('county lines')
    await Promise.all([page.waitForURL(/[?&]q=county/), input.press('Enter')])
    expect(await page.locator('main').innerText()).toMatch(/county lines/i)
    await page.close()
  })
})
