// Uploaded asset bytes: kept once per SHA-1 in <dataDir>/assets (written to a temp file, fsynced
// and renamed before the asset document is committed), and served where Sanity's CDN serves them:
// `/images/<projectId>/<dataset>/<sha1>-<w>x<h>.<ext>` and `/files/<projectId>/<dataset>/
// <sha1>.<ext>`, on both the plain-HTTP and the HTTPS port.
//
// Offline there is no image pipeline: transformation parameters (w, h, rect, fit, auto=format…)
// are ignored and the original is served. Pages still lay out right (width/height come from the
// asset id) but get the full-size file; hosted Sanity resizes and converts.
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import type { Dataset } from './dataset'
import { syncDir } from './files'
import type { Ctx } from './http'
import { StoreError } from './types'

const SHA1 = /^[0-9a-f]{40}$/
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i
const ASSET_PATH =
  /^\/(images|files)\/([^/]+)\/([^/]+)\/([0-9a-f]{40})(-\d+x\d+)?\.([a-z0-9]{1,10})(?:\/[^/]*)?$/

export class AssetBlobs {
  readonly dir: string

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'assets')
  }

  private path(sha1: string): string {
    if (!SHA1.test(sha1)) throw new Error(`not a SHA-1: ${sha1}`)
    return join(this.dir, sha1)
  }

  /** Stores the bytes durably (once: the name is their hash). */
  put(sha1: string, bytes: Buffer): void {
    const target = this.path(sha1)
    if (existsSync(target) && statSync(target).size === bytes.length) return
    mkdirSync(this.dir, { recursive: true })
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`
    const fd = openSync(tmp, 'w')
    try {
      let written = 0
      while (written < bytes.length) written += writeSync(fd, bytes, written)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, target)
    syncDir(this.dir)
  }

  read(sha1: string): Buffer | null {
    const path = this.path(sha1)
    return existsSync(path) ? readFileSync(path) : null
  }
}

function quoted(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_')
}

/** `attachment`/`inline` with the original name (ASCII fallback plus RFC 5987 UTF-8 form). */
function disposition(kind: 'attachment' | 'inline', filename: string | undefined): string {
  if (!filename) return kind
  return `${kind}; filename="${quoted(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

function notFound(path: string): StoreError {
  return new StoreError(404, { description: `Asset not found: ${path}`, type: 'httpNotFound' })
}

/**
 * Answers GET/HEAD for asset URLs; returns false for other paths. Only assets whose document
 * exists are served, so deleting the asset document takes its URL down as Sanity does.
 */
export function serveAsset(
  ctx: Ctx,
  projectId: string,
  datasets: Map<string, Dataset>,
  blobs: AssetBlobs,
): boolean {
  const match = ASSET_PATH.exec(ctx.url.pathname)
  if (!match || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return false
  const [, kind, project, datasetName, sha1 = '', size = '', ext = ''] = match
  const dataset = project === projectId ? datasets.get(datasetName ?? '') : undefined
  const id = kind === 'images' ? `image-${sha1}${size}-${ext}` : `file-${sha1}-${ext}`
  const doc = dataset?.get(id)
  const bytes = doc ? blobs.read(sha1) : null
  if (!doc || !bytes || (kind === 'images') !== (size !== '')) throw notFound(ctx.url.pathname)
  const mimeType =
    typeof doc.mimeType === 'string' && MIME.test(doc.mimeType)
      ? doc.mimeType
      : 'application/octet-stream'
  const filename = typeof doc.originalFilename === 'string' ? doc.originalFilename : undefined
  const viewable = mimeType.startsWith('image/') || mimeType === 'application/pdf'
  const download = ctx.url.searchParams.get('dl')
  const headers: Record<string, string> = {
    'content-type': mimeType,
    'content-length': String(bytes.length),
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'cross-origin',
    etag: `"${sha1}"`,
    'content-disposition':
      download !== null
        ? disposition('attachment', download || filename)
        : disposition(viewable ? 'inline' : 'attachment', filename),
  }
  // An SVG or HTML file opened directly must not run script on the store's (the Studio's)
  // origin. PDFs are exempt: a sandboxed page cannot show the browser's PDF viewer.
  if (mimeType !== 'application/pdf') {
    headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
  }
  if (ctx.req.headers['if-none-match'] === headers.etag) {
    const { 'content-length': _length, ...rest } = headers
    ctx.res.writeHead(304, rest)
    ctx.res.end()
    return true
  }
  ctx.res.writeHead(200, headers)
  ctx.res.end(ctx.method === 'HEAD' ? undefined : bytes)
  return true
}
