// The Presentation tool in headless Chromium, run as `npm start` runs it: the embedded store
// serves a Studio built with the staff API's address (the worker's), and the worker runs under
// wrangler's local runtime. An editor opens a course in Presentation, clicks its title in the
// preview, lands in the title field, types, and the preview shows the new title. The public page
// of the same course carries no script and no hidden characters: its title is the content's.
import { createClient } from '@sanity/client'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildStudio,
  isStudioBuildCurrent,
  studioInputsDigest,
} from '../../../studio/scripts/studio-build'
import { readDevVars } from '../../../studio/store/config'
import { launchChromium } from '../browser'
import { ROOT, startSite, type Site } from '../site/site-harness'

// The Studio has the worker's address built in (SANITY_STUDIO_STAFF_API_URL), so the worker runs
// on a fixed port, one `npm start` (8787) does not use.
const SITE_PORT = Number(process.env.PRESENTATION_TEST_SITE_PORT ?? 8797)
const SITE_URL = `http://localhost:${SITE_PORT}`
const STUDIO_DIR = join(ROOT, 'test', 'artifacts', 'studio-presentation-dist')
const COURSE_ID = 'course.example-nrm-refresher'
const COURSE_SLUG = 'example-nrm-refresher'
// Zero-width and other invisible characters stega encoding hides in strings.
const STEGA = /[\u200B-\u200D\u2060\uFEFF\u{E0000}-\u{E007F}]/u

let site: Site
let browser: Browser

async function presentationStudio(): Promise<string> {
  const baked = {
    SANITY_STUDIO_STAFF_API_URL: SITE_URL,
    SANITY_STUDIO_STAFF_TOKEN: readDevVars(join(ROOT, '.dev.vars.example')).STAFF_TOKEN ?? '',
  }
  if (isStudioBuildCurrent(STUDIO_DIR, studioInputsDigest(baked))) return STUDIO_DIR
  const built = await buildStudio(
    STUDIO_DIR,
    { ...process.env, DO_NOT_TRACK: '1', SANITY_TELEMETRY_DISABLED: '1' },
    baked,
  )
  if (!built.ok) throw new Error(`sanity build failed:\n${built.output}`)
  return STUDIO_DIR
}

beforeAll(async () => {
  const studioDir = await presentationStudio()
  site = await startSite({
    studioDir,
    port: SITE_PORT,
    vars: (studioOrigin) => ({
      SITE_URL,
      // The Studio calls the staff API and frames the preview pages from its own origin.
      STUDIO_ORIGIN: studioOrigin ?? '',
    }),
  })
  browser = await launchChromium()
}, 15 * 60_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

function storeClient() {
  return createClient({
    projectId: 'safeguard',
    dataset: 'production',
    apiVersion: '2025-02-19',
    apiHost: site.storeUrl,
    useProjectHostname: false,
    useCdn: false,
  })
}

async function publishedTitle(): Promise<string> {
  const doc = await storeClient().getDocument<{ title: string }>(COURSE_ID)
  if (!doc) throw new Error(`${COURSE_ID} is not in the seed`)
  return doc.title
}

describe('the Presentation tool', () => {
  it('takes a click on the title in the preview to the title field, and shows what is typed', async () => {
    const title = await publishedTitle()
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1600, height: 1000 },
    })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (err) => problems.push(`studio: ${err.message}`))
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
    })
    try {
      const preview = encodeURIComponent(`/preview/courses/${COURSE_SLUG}`)
      await page.goto(`${site.studioUrl ?? ''}presentation?preview=${preview}`)

      const frame = page.frameLocator('iframe')
      const heading = frame.locator('main h1')
      await expect.poll(() => heading.textContent(), { timeout: 90_000 }).toBe(title)

      // The preview answers clicks once it has connected to the Studio (its click-to-edit
      // outline shows under the pointer); a click before that is lost, as it would be for a
      // person, who points at the title again and clicks again.
      const field = page.locator('input#title')
      const focused = page.locator('input#title:focus')
      await expect
        .poll(
          async () => {
            if ((await focused.count()) === 0) {
              await page.mouse.move(0, 0)
              await heading.hover()
              await heading.click()
            }
            return focused.count()
          },
          { timeout: 90_000, interval: 3_000 },
        )
        .toBe(1)
      expect(await field.inputValue()).toBe(title)

      await page.keyboard.press('End')
      await page.keyboard.type(' (edited in Presentation)')
      const edited = `${title} (edited in Presentation)`
      // Typed key by key into the Studio's form, then sent through the store to the preview: with
      // the whole suite running on two cores that has taken more than 15 s.
      await expect.poll(() => field.inputValue(), { timeout: 60_000 }).toBe(edited)
      await expect.poll(() => heading.textContent(), { timeout: 60_000 }).toBe(edited)
    } catch (err) {
      await page.screenshot({ path: '/tmp/presentation-failure.png' }).catch(() => undefined)
      throw new Error(`${String(err)}\n${problems.join('\n')}`, { cause: err })
    } finally {
      await context.close()
    }
  }, 240_000)
})

describe('the public page of the same course', () => {
  it('has no script, no hidden characters, and the title is the content', async () => {
    const title = await publishedTitle()
    const page = await browser.newPage()
    try {
      await page.goto(`${site.url}/courses/${COURSE_SLUG}`)
      const scripts = await page
        .locator('script')
        .evaluateAll((els) => els.map((el) => el.getAttribute('type') ?? ''))
      // Structured data (JSON-LD) is data, never run; no other <script> element is allowed.
      expect(scripts.filter((type) => type !== 'application/ld+json')).toEqual([])
      expect(await page.locator('[data-sanity]').count()).toBe(0)
      const html = await page.content()
      expect(STEGA.test(html)).toBe(false)
      expect(await page.locator('main h1').textContent()).toBe(title)
    } finally {
      await page.close()
    }
  }, 120_000)
})
