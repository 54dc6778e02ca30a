// Asset uploads offline: images and files uploaded with @sanity/client become asset documents,
// are deduplicated by SHA-1, kept across restarts, and served (originals, whatever the image
// parameters) on both ports with the headers a browser needs.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gif, jpeg, PDF, png, SVG, webp } from './asset-fixtures'
import { api, startTestStore, type TestStore } from './helpers'

type Asset = {
  _id: string
  _type: string
  url: string
  path: string
  sha1hash: string
  size: number
  mimeType: string
  extension: string
  originalFilename?: string
  metadata?: { dimensions?: { width: number; height: number; aspectRatio: number } }
}

let t: TestStore
beforeAll(async () => {
  t = await startTestStore({ httpsPort: 0, studioDir: '/nonexistent', maxAssetBytes: 64 * 1024 })
})
afterAll(async () => {
  await t.cleanup()
})

const sha1 = (buf: Buffer) => createHash('sha1').update(buf).digest('hex')

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers })
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
}

/** GET over the HTTPS port, trusting the store's own certificate. */
function getHttps(path: string): Promise<{ status: number; type: string; body: Buffer }> {
  const ca = readFileSync(t.store.certificatePath ?? '', 'utf8')
  return new Promise((resolve, reject) => {
    const req = request(`${t.store.httpsUrl ?? ''}${path}`, { ca }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body: Buffer.concat(chunks),
        }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('image uploads', () => {
  it('stores an uploaded logo as a sanity.imageAsset and serves the original', async () => {
    const logo = png(3, 2)
    const asset = (await t.client.assets.upload('image', logo, {
      filename: 'acme-logo.png',
    })) as unknown as Asset
    const hash = sha1(logo)
    expect(asset).toMatchObject({
      _id: `image-${hash}-3x2-png`,
      _type: 'sanity.imageAsset',
      sha1hash: hash,
      size: logo.length,
      mimeType: 'image/png',
      extension: 'png',
      originalFilename: 'acme-logo.png',
      path: `images/safeguard/production/${hash}-3x2.png`,
      url: `${t.store.httpUrl}/images/safeguard/production/${hash}-3x2.png`,
      metadata: { dimensions: { width: 3, height: 2, aspectRatio: 1.5 } },
    })
    expect(await t.client.getDocument(asset._id)).toMatchObject({ sha1hash: hash })

    const served = await get(asset.url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.body.equals(logo)).toBe(true)
    // No image pipeline offline: transformation parameters still get the original.
    const resized = await get(`${asset.url}?w=100&h=50&fit=crop&auto=format&rect=0,0,2,2`)
    expect(resized.status).toBe(200)
    expect(resized.body.equals(logo)).toBe(true)
    const again = await get(asset.url, { 'if-none-match': `"${hash}"` })
    expect(again.status).toBe(304)
    // The Studio (HTTPS origin) loads the same path.
    const overTls = await getHttps(`/${asset.path}?w=64&auto=format`)
    expect(overTls).toMatchObject({ status: 200, type: 'image/png' })
    expect(overTls.body.equals(logo)).toBe(true)
  })

  it('returns the existing asset when the same bytes are uploaded again', async () => {
    const image = png(4, 4, 7)
    const first = (await t.client.assets.upload('image', image, { filename: 'a.png' })) as Asset
    const second = (await t.client.assets.upload('image', image, { filename: 'b.png' })) as Asset
    expect(second._id).toBe(first._id)
    expect(second.originalFilename).toBe('a.png')
    const count = await t.client.fetch('count(*[_type == "sanity.imageAsset" && sha1hash == $h])', {
      h: sha1(image),
    })
    expect(count).toBe(1)
  })

  it.each([
    ['JPEG', jpeg(640, 480), '640x480-jpg', 'image/jpeg'],
    ['JPEG turned by EXIF', jpeg(640, 480, 6), '480x640-jpg', 'image/jpeg'],
    ['GIF', gif(20, 10), '20x10-gif', 'image/gif'],
    ['WebP', webp(1200, 800), '1200x800-webp', 'image/webp'],
    ['SVG', SVG, '120x40-svg', 'image/svg+xml'],
  ])('reads the dimensions of a %s from its header', async (_name, bytes, suffix, type) => {
    const asset = (await t.client.assets.upload('image', bytes)) as Asset
    expect(asset._id).toBe(`image-${sha1(bytes)}-${suffix}`)
    const served = await get(asset.url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe(type)
  })

  it('serves SVG so that it cannot run script on the store origin', async () => {
    const asset = (await t.client.assets.upload('image', SVG)) as Asset
    const served = await get(asset.url)
    expect(served.headers.get('content-security-policy')).toContain('sandbox')
  })

  it('rejects a body that is not an image with 400 and says what to do', async () => {
    const res = await api(t, '/v2025-02-19/assets/images/production?filename=report.pdf', {
      method: 'POST',
      body: PDF,
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toContain('not a PNG, JPEG, GIF, WebP or SVG image')
    const empty = await api(t, '/v2025-02-19/assets/images/production', { method: 'POST' })
    expect(empty.status).toBe(400)
    expect(await t.client.fetch('count(*[sha1hash == $h])', { h: sha1(PDF) })).toBe(0)
  })

  it('answers 413 for an upload over the size limit and stores nothing', async () => {
    const big = png(200, 200, 3)
    const noise = Buffer.alloc(70 * 1024, 1)
    const res = await api(t, '/v2025-02-19/assets/files/production?filename=big.bin', {
      method: 'POST',
      body: Buffer.concat([big, noise]),
    })
    expect(res.status).toBe(413)
    expect(await t.client.fetch('count(*[_type == "sanity.fileAsset" && size > 65536])')).toBe(0)
  })

  it('answers 404 for an unknown dataset, and for asset URLs with no asset', async () => {
    const res = await api(t, '/v2025-02-19/assets/images/nope', {
      method: 'POST',
      body: new Uint8Array(png(1, 1)),
    })
    expect(res.status).toBe(404)
    const missing = await get(
      `${t.store.httpUrl}/images/safeguard/production/${'0'.repeat(40)}-10x10.png`,
    )
    expect(missing.status).toBe(404)
    const otherProject = await get(
      `${t.store.httpUrl}/images/other/production/${sha1(png(3, 2))}-3x2.png`,
    )
    expect(otherProject.status).toBe(404)
  })
})

describe('file uploads', () => {
  it('stores a report PDF as a sanity.fileAsset and serves it inline', async () => {
    const asset = (await t.client.assets.upload('file', PDF, {
      filename: 'annual-report-2025.pdf',
    })) as Asset
    const hash = sha1(PDF)
    expect(asset).toMatchObject({
      _id: `file-${hash}-pdf`,
      _type: 'sanity.fileAsset',
      mimeType: 'application/pdf',
      extension: 'pdf',
      size: PDF.length,
      sha1hash: hash,
      originalFilename: 'annual-report-2025.pdf',
      path: `files/safeguard/production/${hash}.pdf`,
      url: `${t.store.httpUrl}/files/safeguard/production/${hash}.pdf`,
    })
    const served = await get(asset.url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('application/pdf')
    expect(served.headers.get('content-disposition')).toMatch(/^inline; filename="annual-report/)
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.body.equals(PDF)).toBe(true)
    const download = await get(`${asset.url}?dl=`)
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename=/)
  })

  it('serves other files as downloads', async () => {
    const page = Buffer.from('<html><script>alert(1)</script></html>')
    const asset = (await t.client.assets.upload('file', page, {
      filename: 'notes.html',
      contentType: 'text/html',
    })) as Asset
    expect(asset).toMatchObject({ extension: 'html', mimeType: 'text/html' })
    const served = await get(asset.url)
    expect(served.headers.get('content-disposition')).toBe(
      `attachment; filename="notes.html"; filename*=UTF-8''notes.html`,
    )
    expect(served.headers.get('content-security-policy')).toContain('sandbox')
  })

  it('keeps uploaded assets across a restart', async () => {
    const csv = Buffer.from('name,email\nJo,jo@example.org\n')
    const asset = (await t.client.assets.upload('file', csv, { filename: 'list.csv' })) as Asset
    expect(asset.mimeType).toBe('text/csv')
    await t.restart()
    const served = await get(`${t.store.httpUrl}/${asset.path}`)
    expect(served.status).toBe(200)
    expect(served.body.equals(csv)).toBe(true)
    expect(await t.client.getDocument(asset._id)).toMatchObject({ originalFilename: 'list.csv' })
  })
})
