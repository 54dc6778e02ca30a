import { chromium } from 'playwright-core'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startStore } from './studio/store/server'
const store = await startStore({ dataDir: mkdtempSync(join(tmpdir(), 'pw-')), seedFile: 'studio/seed/dataset.ndjson', httpPort: 0, httpsPort: 0, quiet: true, studioDir: '/tmp/sg/studio-build' })
const port = new URL(store.httpsUrl!).port
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', `--host-resolver-rules=MAP safeguard.localhost:3400 127.0.0.1:${port}, MAP localhost:3400 127.0.0.1:${port}`] })
const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage()
const failures: string[] = []
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text().slice(0, 300)) })
page.on('response', (r) => { const u = r.url(); if (!u.includes('/static/')) console.log('resp', r.status(), r.request().method(), u.slice(0, 200)) })
page.on('requestfailed', (r) => console.log('FAILED', r.url().slice(0, 200), r.failure()?.errorText))
await page.goto('https://safeguard.localhost:3400/structure/course', { timeout: 60000 })
await page.waitForTimeout(15000)
await page.screenshot({ path: '/tmp/sg/shot1.png' })
console.log((await page.textContent('body'))?.slice(0, 1500))
await browser.close()
await store.close()
