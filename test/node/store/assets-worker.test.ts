// The public site's pages against uploaded assets: an organisation's logo rendered by the
// worker's page builder (@sanity/image-url pointed at SANITY_API_HOST) resolves to image URLs
// the store serves, for every width in the srcset; a report links to its uploaded PDF.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildPage } from '../../../worker/pages/build'
import { PDF, png } from './asset-fixtures'
import { startTestStore, type TestStore } from './helpers'

let t: TestStore
beforeAll(async () => {
  t = await startTestStore()
})
afterAll(async () => {
  await t.cleanup()
})

/** The worker's vars as wrangler.toml sets them offline, pointed at this store. */
function workerEnv(): Parameters<typeof buildPage>[0] {
  const vars = {
    SANITY_API_HOST: t.store.httpUrl,
    SANITY_PROJECT_ID: 'safeguard',
    SANITY_DATASET: 'production',
    SANITY_API_VERSION: '2025-02-19',
    SANITY_USE_CDN: 'false',
    SANITY_READ_TOKEN: '',
    SITE_URL: 'http://localhost:8787',
  }
  return vars as unknown as Parameters<typeof buildPage>[0]
}

it("renders an organisation's uploaded logo from URLs the store serves", async () => {
  const logo = png(640, 320, 9)
  const asset = await t.client.assets.upload('image', logo, { filename: 'acme.png' })
  await t.client
    .patch('organisation.acme')
    .set({
      logo: { _type: 'image', alt: 'Acme Trust', asset: { _type: 'reference', _ref: asset._id } },
    })
    .commit()

  const page = await buildPage(workerEnv(), new URL('http://localhost:8787/organisations/acme'))
  expect(page?.status).toBe(200)
  const img = /<img[^>]*alt="Acme Trust"[^>]*>/.exec(page?.body ?? '')?.[0] ?? ''
  const src = /\bsrc="([^"]+)"/.exec(img)?.[1]?.replaceAll('&amp;', '&') ?? ''
  const srcset = (/\bsrcset="([^"]+)"/.exec(img)?.[1] ?? '')
    .replaceAll('&amp;', '&')
    .split(', ')
    .map((candidate) => candidate.split(' ')[0] ?? '')
  expect(src.startsWith(`${t.store.httpUrl}/images/safeguard/production/`)).toBe(true)
  expect(srcset.length).toBeGreaterThan(1)
  for (const url of [src, ...srcset]) {
    const res = await fetch(url)
    expect(res.status, url).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await res.arrayBuffer()).equals(logo)).toBe(true)
  }
})

it("links a report's uploaded PDF to a URL the store serves", async () => {
  const asset = await t.client.assets.upload('file', PDF, { filename: 'findings.pdf' })
  await t.client.create({
    _id: 'report.findings',
    _type: 'report',
    title: 'Findings',
    slug: { _type: 'slug', current: 'findings' },
    kind: 'research',
    summary: 'What we found.',
    body: [],
    file: { _type: 'file', asset: { _type: 'reference', _ref: asset._id } },
  })
  const page = await buildPage(workerEnv(), new URL('http://localhost:8787/reports/findings'))
  expect(page?.status).toBe(200)
  expect(page?.body).toContain(`href="${asset.url}"`)
  const res = await fetch(asset.url)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/pdf')
})
