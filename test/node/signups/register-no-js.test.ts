// A person registers for a course session in headless Chromium with JavaScript turned off, then
// opens the development mailbox (/dev/mail), follows the cancel link from their confirmation
// email and cancels. The site runs as `npm start` runs it (store + wrangler, migrations applied).
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSite, type Site } from '../site/site-harness'
import { launchChromium } from '../browser'

const SESSION_PATH = '/register/example-nrm-refresher/nrm-2027-06-16'

let site: Site
let browser: Browser
let context: BrowserContext

beforeAll(async () => {
  site = await startSite()
  browser = await launchChromium()
  context = await browser.newContext({ javaScriptEnabled: false })
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await site?.close()
})

/** The mailbox fills as the queue consumer delivers: reload until the message is there. */
async function openMessage(page: import('playwright-core').Page, subject: string) {
  for (let i = 0; i < 60; i++) {
    await page.goto(`${site.url}/dev/mail`)
    const link = page.getByRole('link', { name: subject }).first()
    if ((await link.count()) > 0) return link
    await page.waitForTimeout(500)
  }
  throw new Error(`no "${subject}" message in /dev/mail`)
}

describe('registration without JavaScript', () => {
  it('shows errors next to fields, registers, and cancels through the emailed link', async () => {
    const page = await context.newPage()
    await page.goto(`${site.url}${SESSION_PATH}`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'National Referral Mechanism',
    )

    // A first try with a mistake: the page comes back with the error summary and the field error.
    await page.getByLabel('Full name').fill('Browser Tester')
    await page.getByLabel('Email address').fill('not-an-email')
    await page.getByLabel('Role or sector').selectOption('health')
    await page.getByRole('checkbox', { name: 'I agree' }).check()
    await page.getByRole('button', { name: 'Register' }).click()
    expect(await page.getByRole('alert').textContent()).toContain(
      'Enter an email address in the correct format',
    )
    const email = page.getByLabel('Email address')
    expect(await email.getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByLabel('Full name').inputValue()).toBe('Browser Tester')

    await email.fill('browser.tester@example.org')
    await page.getByRole('checkbox', { name: 'I agree' }).check()
    await page.getByRole('button', { name: 'Register' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe("You're registered")

    const message = await openMessage(page, "You're registered")
    await message.click()
    expect(await page.locator('pre').textContent()).toContain('Hello Browser Tester')
    await page.getByRole('link', { name: 'Cancel my place' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cancel your place')
    await page.getByRole('button', { name: 'Cancel my place' }).click()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Your registration is cancelled',
    )
    await openMessage(page, 'Cancelled: your place')
    await page.close()
  })
})
