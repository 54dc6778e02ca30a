// After registration in a real browser, the site run as `npm start` runs it: a reminder from
// /dev/mail → "I can't come: release my place" → cancelled; then attendance → the certificate
// email → the certificate page printed (one A4 page) → verification → feedback → my bookings.
// axe-core reports no WCAG 2.2 AA violation on any of the new pages.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../browser'
import { ROOT, startSite, type Site } from './site-harness'

const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js')
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
const COURSE = 'example-nrm-refresher'
const COURSE_ID = 'course.example-nrm-refresher'
const SESSION = 'nrm-2027-06-16'
const START = Date.parse('2027-06-16T09:00:00.000Z')

let site: Site
let browser: Browser
let context: BrowserContext
let staffToken = ''

beforeAll(async () => {
  site = await startSite()
  browser = await launchChromium()
  // axe is injected as a script tag, which the site's CSP would refuse; JavaScript is only for axe.
  context = await browser.newContext({ bypassCSP: true })
  const vars = await readFile(join(ROOT, '.dev.vars.example'), 'utf8')
  staffToken = /^STAFF_TOKEN=(.*)$/m.exec(vars)?.[1]?.trim() ?? ''
}, 240_000)

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await site?.close()
})

async function staff(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  headers.set('Authorization', `Bearer ${staffToken}`)
  const res = await fetch(`${site.url}/admin${path}`, { ...init, headers })
  expect(res.status, path).toBeLessThan(300)
  return res
}

async function register(name: string, email: string) {
  const res = await fetch(`${site.url}/api/v1/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      courseSlug: COURSE,
      sessionKey: SESSION,
      name,
      email,
      organisation: '',
      role: 'health',
      accessNeeds: '',
      consent: true,
    }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { registration: { id: string } }).registration.id
}

async function expectNoAxeViolations(page: Page) {
  await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async (tags) => {
    const { axe, document } = globalThis as unknown as {
      axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string }[] }> }
      document: unknown
    }
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } })
    return result.violations.map((v) => v.id)
  }, AXE_TAGS)
  expect(violations, page.url()).toEqual([])
}

/** The mailbox fills as the queue consumer delivers: reload until the message is there. */
async function openMessage(page: Page, subject: string, to: string) {
  for (let i = 0; i < 60; i++) {
    // One recipient's messages: both registrants get a reminder from the same cron run.
    await page.goto(`${site.url}/dev/mail?to=${encodeURIComponent(to)}`)
    const link = page.getByRole('link', { name: subject }).first()
    if ((await link.count()) > 0) {
      await link.click()
      return
    }
    await page.waitForTimeout(500)
  }
  throw new Error(`no "${subject}" message in /dev/mail`)
}

describe('after registration, in a browser', () => {
  it('releases a place from the reminder, and prints a certificate on one A4 page', async () => {
    await register('Rita Reminder', 'rita.reminder@example.org')
    const attendeeId = await register('Carl Certificate', 'carl.certificate@example.org')
    await staff(`/journey/run?at=${new Date(START - 47 * 3_600_000).toISOString()}`, {
      method: 'POST',
    })

    const page = await context.newPage()
    await openMessage(page, 'Reminder:', 'rita.reminder@example.org')
    await page.getByRole('link', { name: "I can't come: release my place" }).first().click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cancel your place')
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Cancel my place' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Your registration is cancelled',
    )

    await staff(`/registrations/${attendeeId}/check-in`, { method: 'POST' })
    await staff(`/journey/run?at=${new Date(START + 3 * 3_600_000).toISOString()}`, {
      method: 'POST',
    })
    await openMessage(page, 'Your certificate of attendance', 'carl.certificate@example.org')
    await page.getByRole('link', { name: 'Your certificate' }).first().click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Certificate of attendance',
    )
    expect(await page.locator('.certificate__name').textContent()).toBe('Carl Certificate')
    await expectNoAxeViolations(page)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.site-header').isVisible()).toBe(false)
    const printed = await PDFDocument.load(await page.pdf({ preferCSSPageSize: true }))
    expect(printed.getPageCount()).toBe(1)
    await page.emulateMedia({ media: 'screen' })

    const code = (await page.locator('.certificate__facts code').textContent()) ?? ''
    await page.goto(`${site.url}/certificates/verify`)
    await expectNoAxeViolations(page)
    await page.getByLabel('Verification code').fill(code.toLowerCase())
    await page.getByRole('button', { name: 'Check' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Certificate confirmed',
    )
    await expectNoAxeViolations(page)

    await openMessage(page, 'Your certificate of attendance', 'carl.certificate@example.org')
    await page.getByRole('link', { name: 'Give feedback' }).first().click()
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Send feedback' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('Choose a rating from 1 to 5')
    await expectNoAxeViolations(page)
    await page.getByLabel('5 (excellent)').check()
    await page.getByRole('button', { name: 'Send feedback' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Thank you for your feedback',
    )

    await openMessage(page, 'Your certificate of attendance', 'carl.certificate@example.org')
    await page.getByRole('link', { name: 'Your bookings' }).first().click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your bookings')
    await expectNoAxeViolations(page)
    const results = await staff(`/sessions/${COURSE_ID}/${SESSION}/feedback`)
    expect(await results.json()).toMatchObject({ count: 1, average: 5 })
    await page.close()
  }, 240_000)
})
