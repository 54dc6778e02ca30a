// HTTP plumbing shared by the HTTP/1.1 and HTTP/2 listeners: request bodies with a size limit,
// JSON answers, CORS for the Studio's loopback origins, and Sanity-style error bodies.
import type { IncomingHttpHeaders } from 'node:http'
import { StoreError } from './types'

/** What both http.ServerResponse and http2.Http2ServerResponse offer. */
export interface Out {
  statusCode: number
  setHeader(name: string, value: string | number | readonly string[]): unknown
  writeHead(status: number, headers?: Record<string, string>): unknown
  write(chunk: string | Uint8Array): boolean
  end(chunk?: string | Uint8Array): unknown
  readonly headersSent: boolean
  on(event: 'close', listener: () => void): unknown
}

/** What both http.IncomingMessage and http2.Http2ServerRequest offer. */
export interface In extends AsyncIterable<unknown> {
  method?: string | undefined
  url?: string | undefined
  headers: IncomingHttpHeaders
  on(event: 'close', listener: () => void): unknown
}

export type Ctx = { req: In; res: Out; url: URL; method: string }

export async function readBody(req: In, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limit) throw tooLarge(limit)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array)
    size += buf.length
    if (size > limit) throw tooLarge(limit)
    chunks.push(buf)
  }
  return Buffer.concat(chunks)
}

function tooLarge(limit: number): StoreError {
  return new StoreError(413, {
    description: `Request body is larger than the limit of ${limit} bytes`,
    type: 'requestEntityTooLarge',
  })
}

export async function readJson(req: In, limit: number): Promise<unknown> {
  const body = await readBody(req, limit)
  if (body.length === 0) return {}
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    throw new StoreError(400, {
      description: 'Request body is not valid JSON',
      type: 'validationError',
    })
  }
}

export function sendJson(res: Out, status: number, body: unknown): void {
  sendRawJson(res, status, JSON.stringify(body))
}

export function sendRawJson(res: Out, status: number, json: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(json)
}

export function sendError(res: Out, error: unknown): void {
  if (res.headersSent) {
    res.end()
    return
  }
  if (error instanceof StoreError) {
    sendJson(res, error.status, { error: error.body, ...statusFields(error.status) })
    return
  }
  const message = error instanceof Error ? error.message : String(error)
  sendJson(res, 500, {
    error: { description: message, type: 'internalError' },
    ...statusFields(500),
  })
}

function statusFields(status: number): Record<string, unknown> {
  return { statusCode: status }
}

/** Loopback origins only: any other site open in the editor's browser must not reach the store. */
function isLocalOrigin(origin: string): boolean {
  try {
    const { hostname } = new URL(origin)
    return (
      hostname === 'localhost' ||
      hostname.endsWith('.localhost') ||
      hostname === '127.0.0.1' ||
      hostname === '[::1]'
    )
  } catch {
    return false
  }
}

/** Sets CORS headers; answers preflight requests. Returns true when the request is handled. */
export function cors(req: In, res: Out, method: string): boolean {
  const origin = req.headers.origin
  if (typeof origin === 'string' && isLocalOrigin(origin)) {
    res.setHeader('access-control-allow-origin', origin)
    res.setHeader('access-control-allow-credentials', 'true')
    res.setHeader('vary', 'origin')
  }
  if (method !== 'OPTIONS') return false
  const requested = req.headers['access-control-request-headers']
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
  res.setHeader(
    'access-control-allow-headers',
    typeof requested === 'string' ? requested : 'authorization, content-type',
  )
  res.setHeader('access-control-max-age', '600')
  res.writeHead(204)
  res.end()
  return true
}
