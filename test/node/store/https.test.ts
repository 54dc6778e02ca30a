// The Studio's side of the store: HTTP/2 over TLS with a certificate for localhost and the
// project host, CORS for loopback origins only, and the project/user endpoints the Studio
// loads with (a local administrator, no login step).
import { connect, constants } from 'node:http2'
import { readFileSync } from 'node:fs'
import { X509Certificate } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStore, type TestStore } from './helpers'

let t: TestStore
let ca: string
beforeAll(async () => {
  // No built Studio here: the landing page is what an editor sees after accepting the certificate.
  t = await startTestStore({ httpsPort: 0, studioDir: '/nonexistent/studio-dist' })
  ca = readFileSync(t.store.certificatePath ?? '', 'utf8')
})
afterAll(async () => {
  await t.cleanup()
})

/** One HTTP/2 request, verifying the certificate against itself for the given host name. */
function h2(
  path: string,
  headers: Record<string, string> = {},
  servername = 'safeguard.localhost',
): Promise<{ status: number; headers: Record<string, unknown>; body: string; protocol: string }> {
  const port = new URL(t.store.httpsUrl ?? '').port
  return new Promise((resolve, reject) => {
    const session = connect(`https://127.0.0.1:${port}`, { ca, servername })
    session.on('error', reject)
    const req = session.request({ ':path': path, ...headers })
    let body = ''
    let responseHeaders: Record<string, unknown> = {}
    req.on('response', (h) => {
      responseHeaders = h
    })
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      const protocol = session.alpnProtocol ?? ''
      session.close()
      resolve({
        status: Number(responseHeaders[constants.HTTP2_HEADER_STATUS]),
        headers: responseHeaders,
        body,
        protocol,
      })
    })
    req.on('error', reject)
    req.end()
  })
}

describe('HTTPS for the Studio', () => {
  it('speaks HTTP/2 with a certificate valid for localhost and the project host', async () => {
    const cert = new X509Certificate(ca)
    expect(cert.checkHost('localhost')).toBe('localhost')
    expect(cert.checkHost('safeguard.localhost')).toBe('safeguard.localhost')
    const res = await h2('/v2025-02-19/data/query/production?query=count(*)')
    expect(res.protocol).toBe('h2')
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({ result: expect.any(Number) })
  })

  it('signs the Studio in as a local administrator', async () => {
    const me = await h2('/v2025-02-19/users/me')
    expect(JSON.parse(me.body)).toMatchObject({ role: 'administrator', name: 'Local editor' })
    const acl = await h2('/v2025-02-19/projects/safeguard/datasets/production/acl')
    expect(JSON.parse(acl.body)).toEqual([
      expect.objectContaining({ permissions: expect.arrayContaining(['read', 'update']) }),
    ])
    const project = await h2('/v2021-12-15/projects/safeguard')
    expect(JSON.parse(project.body)).toMatchObject({ id: 'safeguard' })
    const datasets = await h2('/v2021-12-15/projects/safeguard/datasets')
    expect(JSON.parse(datasets.body)).toEqual([expect.objectContaining({ name: 'production' })])
    expect((await h2('/v2021-12-15/projects/other')).status).toBe(404)
  })

  it('remembers Studio preferences in the key-value store', async () => {
    const port = new URL(t.store.httpsUrl ?? '').port
    const put = await new Promise<number>((resolve, reject) => {
      const session = connect(`https://127.0.0.1:${port}`, {
        ca,
        servername: 'safeguard.localhost',
      })
      const req = session.request({
        ':path': '/v2025-02-19/users/me/keyvalue',
        ':method': 'PUT',
        'content-type': 'application/json',
      })
      req.on('response', (h) => {
        session.close()
        resolve(Number(h[':status']))
      })
      req.on('error', reject)
      req.end(JSON.stringify([{ key: 'studio.pane', value: { width: 300 } }]))
    })
    expect(put).toBe(200)
    const got = await h2('/v2025-02-19/users/me/keyvalue/studio.pane,missing')
    expect(JSON.parse(got.body)).toEqual([
      { key: 'studio.pane', value: { width: 300 } },
      { key: 'missing', value: null },
    ])
  })

  it('allows credentialed CORS from loopback origins only', async () => {
    const local = await h2('/v2025-02-19/users/me', { origin: 'http://localhost:3333' })
    expect(local.headers['access-control-allow-origin']).toBe('http://localhost:3333')
    expect(local.headers['access-control-allow-credentials']).toBe('true')
    const preflight = await h2('/v2025-02-19/data/actions/production', {
      ':method': 'OPTIONS',
      origin: 'https://safeguard.localhost:3400',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type')
    const foreign = await h2('/v2025-02-19/users/me', { origin: 'https://evil.example' })
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('shows where the Studio is when none is built', async () => {
    const res = await h2('/')
    expect(res.status).toBe(200)
    expect(res.body).toMatch(/trusts the local content store/)
  })
})
