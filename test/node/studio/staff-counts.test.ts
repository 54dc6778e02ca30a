// The Studio's "Signups" view in a real browser: the built Studio served by the embedded store,
// the worker under wrangler's local runtime with registrations in its D1, and the view on a
// course document showing the counts it got from the staff API (CORS + the local staff token).
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unstable_startWorker } from 'wrangler'
import { startStore } from '../../../studio/store/server'
import { launchChromium } from '../browser'
import { exampleSecrets, ROOT } from '../site/site-harness'

const CONFIG = join(ROOT, 'wrangler.toml')
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js')
const SANITY = join(ROOT, 'node_modules/sanity/bin/sanity')
const STAFF_TOKEN = 'studio-test-staff-token'
const COURSE = 'course.example-nrm-refresher' // seed: nrm-2027-06-16 (40 seats), nrm-2027-11-17 (20)
const CAMPAIGN = 'campaign.example-guardian-for-every-child'
const SCREENSHOTS = join(ROOT, 'test/artifacts/screenshots')
const run = promisify(execFile)
const quietEnv = {
  ...process.env,
  CI: 'true',
  DO_NOT_TRACK: '1',
  SANITY_TELEMETRY_DISABLED: '1',
  WRANGLER_SEND_METRICS: 'false',
}

function feedbackSql(id: string, rating: number, mostUseful: string, improve: string): string {
  return `INSERT INTO feedback (registration_id, email_norm, course_id, session_key, rating,
    most_useful, improve, created_at, updated_at) VALUES ('${id}', 'person-${id}@example.org',
    '${COURSE}', 'nrm-2027-06-16', ${rating}, '${mostUseful}', '${improve}', 1800000000000,
    1800000000000);`
}

function registrationSql(id: string, sessionKey: string, status: string, n: number): string {
  const email = `person-${id}@example.org`
  return `INSERT INTO registrations (id, course_id, course_slug, session_key, name, email, email_norm,
    organisation, role, access_needs, status, seat_no, session_snapshot, consent_text, consent_version,
    source, created_at, updated_at) VALUES ('${id}', '${COURSE}', 'example-nrm-refresher',
    '${sessionKey}', 'Person ${n}', '${email}', '${email}', '', 'health', '', '${status}', NULL, '{}',
    'I agree', 'test', 'form', ${1_800_000_000_000 + n}, ${1_800_000_000_000 + n});`
}

const cleanups: (() => Promise<unknown>)[] = []
let studioUrl = ''
let browser: Browser

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'safeguard-staff-studio-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  const studioDir = join(dir, 'studio')
  const store = await startStore({
    dataDir: join(dir, 'store'),
    seedFile: join(ROOT, 'studio/seed/dataset.ndjson'),
    httpPort: 0,
    httpsPort: 0,
    studioDir,
    quiet: true,
  })
  cleanups.push(() => store.close())
  studioUrl = store.studioUrl ?? ''
  const studioOrigin = new URL(studioUrl).origin

  // Local D1: the migrations, then registrations written the way the signup flows store them.
  const persist = join(dir, 'wrangler-state')
  const d1 = (...args: string[]) =>
    run(
      process.execPath,
      [WRANGLER, 'd1', ...args, '--local', '--persist-to', persist, '--config', CONFIG],
      {
        cwd: ROOT,
        env: quietEnv,
      },
    )
  await d1('migrations', 'apply', 'DB')
  const rows = [
    registrationSql('r1', 'nrm-2027-06-16', 'confirmed', 1),
    registrationSql('r2', 'nrm-2027-06-16', 'confirmed', 2),
    registrationSql('r3', 'nrm-2027-06-16', 'confirmed', 3),
    registrationSql('r4', 'nrm-2027-06-16', 'offered', 4),
    registrationSql('r5', 'nrm-2027-11-17', 'confirmed', 5),
    registrationSql('r6', 'nrm-2027-11-17', 'waitlisted', 6),
    registrationSql('r7', 'nrm-2027-11-17', 'waitlisted', 7),
    feedbackSql('r1', 5, 'The case studies', ''),
    feedbackSql('r2', 4, '', 'More time for questions'),
  ].join('\n')
  await d1('execute', 'DB', '--command', rows)

  const worker = await unstable_startWorker({
    config: CONFIG,
    bindings: {
      ...(await exampleSecrets()),
      SANITY_API_HOST: { type: 'plain_text', value: store.httpUrl },
      STAFF_TOKEN: { type: 'plain_text', value: STAFF_TOKEN },
      STUDIO_ORIGIN: { type: 'plain_text', value: studioOrigin },
    },
    dev: {
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      persist,
      watch: false,
      logLevel: 'error',
    },
  })
  cleanups.push(() => worker.dispose())
  const workerUrl = (await worker.url).toString().replace(/\/$/, '')

  // The staff API's address and the local token are baked into the Studio bundle at build time.
  await run(process.execPath, [SANITY, 'build', studioDir, '-y'], {
    cwd: join(ROOT, 'studio'),
    env: {
      ...quietEnv,
      SANITY_STUDIO_API_HOST: store.httpsUrl ?? '',
      SANITY_STUDIO_STAFF_API_URL: workerUrl,
      SANITY_STUDIO_STAFF_TOKEN: STAFF_TOKEN,
    },
    maxBuffer: 64 * 1024 * 1024,
  })

  browser = await launchChromium()
  cleanups.push(() => browser.close())
}, 600_000)

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
})

describe('Studio staff views', () => {
  it('shows registration counts per session on a course document', async () => {
    // The store's certificate is made on this machine; the browser is told to accept it.
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1400, height: 900 },
    })
    const page = await context.newPage()
    await page.goto(`${studioUrl}structure/course;${COURSE}`, { waitUntil: 'domcontentloaded' })
    await page.getByRole('tab', { name: 'Signups' }).click({ timeout: 120_000 })

    const table = page.getByTestId('staff-session-counts')
    await table.waitFor({ timeout: 60_000 })
    const cells = async (key: string) =>
      (await table.locator(`tr[data-session-key="${key}"] td`).allInnerTexts()).map((t) => t.trim())
    // Capacity, confirmed, offered, seats left, waitlist, checked in, export button.
    expect((await cells('nrm-2027-06-16')).slice(0, 6)).toEqual(['40', '3', '1', '36', '0', '0'])
    expect((await cells('nrm-2027-11-17')).slice(0, 6)).toEqual(['20', '1', '0', '19', '2', '0'])
    // Session times as the course page shows them (London time), not UTC.
    expect(await table.locator('tr[data-session-key="nrm-2027-06-16"] th').innerText()).toContain(
      '10:00–11:30 BST',
    )
    await page.getByText('Latest publish').waitFor()
    // The seed was imported without a webhook: the box says so rather than "no publish".
    expect(await page.getByTestId('publish-note').innerText()).toContain(
      'without a rebuild receipt',
    )
    // A session's check-in shows its feedback: count, average, spread and comments.
    await table.locator('tr[data-session-key="nrm-2027-06-16"]').getByText('Check-in').click()
    const feedback = page.getByTestId('feedback-summary')
    await feedback.waitFor({ timeout: 30_000 })
    expect(await feedback.innerText()).toContain('2 answers, average 4.5 out of 5')
    await page.getByText('Could be better: More time for questions').waitFor()
    await mkdir(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-staff-signups-course.png') })
    await context.close()
  }, 240_000)

  it('shows petition totals on a campaign and opens a draft preview from the Preview action', async () => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1400, height: 900 },
    })
    const page = await context.newPage()
    await page.goto(`${studioUrl}structure/campaign;${CAMPAIGN}`, { waitUntil: 'domcontentloaded' })
    await page.getByRole('tab', { name: 'Signups' }).click({ timeout: 120_000 })
    // Seed: no online signatures yet, 37 gathered offline.
    await expect
      .poll(() => page.getByTestId('staff-total').innerText(), { timeout: 60_000 })
      .toBe('37')
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-staff-signups-campaign.png') })

    // The seed has a draft of this course; the preview renders the draft's page.
    await page.goto(`${studioUrl}structure/course;course.nrm-webinar`, {
      waitUntil: 'domcontentloaded',
    })
    await page
      .getByRole('button', { name: /document actions|more/i })
      .last()
      .click({ timeout: 120_000 })
    const popup = context.waitForEvent('page')
    await page.getByRole('menuitem', { name: 'Preview' }).click()
    const preview = await popup
    await preview.waitForURL(/\/preview\?/, { timeout: 60_000 })
    await preview.getByText('Draft preview').waitFor({ timeout: 60_000 })
    await context.close()
  }, 240_000)
})
