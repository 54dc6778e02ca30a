// The Studio in headless Chromium against the embedded store, as an editor uses it after
// `npm start`: open a course, change its title, publish; the store then serves the new
// published document and sends the worker a signed webhook, and the Studio's review-changes
// pane shows the revisions from the store's history. An editor can also upload a logo, and finds
// every content type in the menu.
import { isValidSignature } from '@sanity/webhook'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CONTENT_TYPE_NAMES } from '../../../schemas/content-types'
import { startStore, type StoreHandle } from '../../../studio/store/server'
import { png } from '../store/asset-fixtures'
import { clientFor } from '../store/helpers'
import { localStudioBuild } from './studio-build'
import { launchChromium } from '../browser'

const SECRET = 'studio-test-secret'
const ROOT = join(import.meta.dirname, '..', '..', '..')

let dataDir: string
let store: StoreHandle
let browser: Browser
let receiver: Server
const deliveries: { headers: IncomingHttpHeaders; body: string }[] = []

beforeAll(async () => {
  const studioDir = localStudioBuild()
  receiver = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body })
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  dataDir = await mkdtemp(join(tmpdir(), 'safeguard-studio-test-'))
  store = await startStore({
    dataDir,
    seedFile: join(ROOT, 'studio', 'seed', 'dataset.ndjson'),
    httpPort: 0,
    httpsPort: 0,
    studioDir,
    quiet: true,
    webhooks: [
      {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/sanity`,
        secret: SECRET,
      },
    ],
    webhookRetryDelaysMs: [100, 100],
  })
  browser = await launchChromium()
}, 12 * 60_000)

afterAll(async () => {
  await browser?.close()
  await store?.close()
  await new Promise((resolve) => receiver?.close(resolve))
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

it('edits and publishes a course title from the Studio', async () => {
  const client = clientFor(store)
  // A published course with no pending draft, so the Studio shows exactly the published title.
  const course = await client.fetch<{ _id: string; title: string }>(
    '*[_type == "course" && !defined(*[_id == "drafts." + ^._id][0])] | order(_id)[0]{_id, title}',
    {},
    { perspective: 'raw' },
  )
  expect(course).toBeTruthy()
  const newTitle = `${course.title} (updated in the Studio)`

  const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage()
  // The store serves the Studio, which then calls the store it was served from.
  await page.goto(`${store.studioUrl ?? ''}structure/course;${course._id}`)
  const title = page.locator('input#title')
  await expect.poll(() => title.inputValue(), { timeout: 60_000 }).toBe(course.title)

  await title.fill(newTitle)
  await until('the draft to be saved', async () => {
    const draft = await client.getDocument<{ title?: string }>(`drafts.${course._id}`)
    return draft?.title === newTitle ? draft : undefined
  })

  const publish = page.getByRole('button', { name: 'Publish', exact: true })
  await expect.poll(() => publish.isEnabled(), { timeout: 30_000 }).toBe(true)
  await publish.click()

  const published = await until('the published title', async () => {
    const doc = await client.fetch<{ title: string; _rev: string } | null>(
      '*[_id == $id][0]{title, _rev}',
      { id: course._id },
    )
    return doc?.title === newTitle ? doc : undefined
  })
  expect(await client.getDocument(`drafts.${course._id}`)).toBeUndefined()
  // Nothing left to publish: the Studio has seen the publish come back from the store.
  await expect.poll(() => publish.isDisabled(), { timeout: 30_000 }).toBe(true)
  await expect.poll(() => title.inputValue()).toBe(newTitle)

  // Review changes compares the seeded publish with this one, from the store's history. (Wide
  // enough for the document and the inspector side by side.)
  await page.setViewportSize({ width: 1500, height: 1000 })
  await page.goto(
    `${store.studioUrl ?? ''}structure/course;${course._id}%2Cinspect%3Dsanity%2Fstructure%2Fhistory%2CchangesInspectorTab%3Dreview`,
  )
  await expect
    .poll(() => page.getByText(/^Published: /).count(), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(2)

  const delivery = await until('the webhook', async () => {
    await store.webhooksIdle()
    return deliveries.find(
      (d) =>
        d.headers['sanity-document-id'] === course._id &&
        d.headers['sanity-operation'] === 'update',
    )
  })
  const signature = String(delivery.headers['sanity-webhook-signature'])
  expect(await isValidSignature(delivery.body, signature, SECRET)).toBe(true)
  expect(JSON.parse(delivery.body)).toMatchObject({
    _id: course._id,
    _type: 'course',
    _rev: published._rev,
    operation: 'update',
  })
}, 180_000)

it('uploads an organisation logo from the Studio', async () => {
  const client = clientFor(store)
  const org = await client.fetch<{ _id: string; name: string }>(
    '*[_type == "organisation" && !defined(logo)] | order(_id)[0]{_id, name}',
  )
  const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage()
  // A person accepts the local certificate once, for the Studio's own origin: everything the
  // Studio then asks of the store (data, listeners, the upload, the image) must use that origin.
  const studioOrigin = new URL(store.studioUrl ?? '').origin
  const storePort = new URL(studioOrigin).port
  const storeOrigins = new Set<string>()
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.port === storePort) storeOrigins.add(url.origin)
  })
  await page.goto(`${store.studioUrl ?? ''}structure/organisation;${org._id}`)
  // Only once the form shows the stored document is it ready to take edits: a file chosen while
  // the document is still loading is dropped, as it would be for an editor.
  await expect
    .poll(() => page.locator('input#name').inputValue(), { timeout: 60_000 })
    .toBe(org.name)
  const fileInput = page.locator('input[type=file]').first()
  await expect.poll(() => fileInput.isEnabled(), { timeout: 30_000 }).toBe(true)
  await fileInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png(300, 120) })
  const draft = await until(
    'the logo on the draft',
    async () => {
      const doc = await client.getDocument<{ logo?: { asset?: { _ref: string } } }>(
        `drafts.${org._id}`,
      )
      return doc?.logo?.asset?._ref ? doc : undefined
    },
    60_000,
  )
  expect(draft.logo?.asset?._ref).toMatch(/^image-[0-9a-f]{40}-300x120-png$/)
  // The form shows the uploaded image, loaded from the store.
  const preview = page.locator('img[src*="-300x120.png"]').first()
  await expect
    .poll(() => preview.evaluate((img) => (img as HTMLImageElement).naturalWidth), {
      timeout: 30_000,
    })
    .toBe(300)
  expect(new URL((await preview.getAttribute('src')) ?? '').origin).toBe(studioOrigin)
  expect([...storeOrigins]).toEqual([studioOrigin])
}, 180_000)

it("lists every content type in the Studio's menu", async () => {
  const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage()
  await page.goto(`${store.studioUrl ?? ''}structure`)
  // Each type's own list (its id is the type's name), whether the menu places it by hand or not.
  for (const type of CONTENT_TYPE_NAMES) {
    await expect
      .poll(() => page.locator(`a[href$="/structure/${type}"]`).count(), { timeout: 60_000 })
      .toBeGreaterThan(0)
  }
}, 180_000)
