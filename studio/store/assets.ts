// Asset uploads as @sanity/client and the Studio send them: `POST /v<date>/assets/images/<ds>`
// and `/assets/files/<ds>` with the raw bytes as the body and filename, label, title, meta…
// in the query string. The answer is `{document}`: a `sanity.imageAsset` / `sanity.fileAsset`
// document, committed to the dataset like any other (so the Studio can query and listen for it).
// The same bytes uploaded twice give the same document: ids are derived from their SHA-1.
import { createHash } from 'node:crypto'
import { extname } from 'node:path'
import { AssetBlobs } from './asset-files'
import { randomId, type Dataset } from './dataset'
import { readBody, sendJson, type Ctx } from './http'
import { imageInfo } from './image-info'
import { LOCAL_IDENTITY, StoreError, type SanityDoc } from './types'

export type AssetOptions = {
  projectId: string
  maxBytes: number
  blobs: AssetBlobs
  /** Origin written into each asset's `url` (the store's plain-HTTP address). */
  baseUrl: () => string
}

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i

/** Content types worth trusting over the client's word: the bytes say what they are. */
function sniff(bytes: Buffer): { mimeType: string; extension: string } | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    return { mimeType: 'application/pdf', extension: 'pdf' }
  }
  const image = imageInfo(bytes)
  return image ? { mimeType: image.mimeType, extension: image.extension } : null
}

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  zip: 'application/zip',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  ics: 'text/calendar',
}

function fileType(
  bytes: Buffer,
  filename: string | undefined,
  declared: string | undefined,
): { mimeType: string; extension: string } {
  const fromName = extname(filename ?? '')
    .slice(1)
    .toLowerCase()
  const nameExtension = /^[a-z0-9]{1,10}$/.test(fromName) ? fromName : undefined
  const sniffed = sniff(bytes)
  if (sniffed) return { mimeType: sniffed.mimeType, extension: nameExtension ?? sniffed.extension }
  const type = declared?.split(';')[0]?.trim().toLowerCase()
  const mimeType =
    type && MIME.test(type) && type !== 'application/octet-stream'
      ? type
      : ((nameExtension && BY_EXTENSION[nameExtension]) ?? 'application/octet-stream')
  const extension =
    nameExtension ?? Object.entries(BY_EXTENSION).find(([, m]) => m === mimeType)?.[0] ?? 'bin'
  return { mimeType, extension }
}

/** The original file name without any directory part or control characters. */
function cleanFilename(value: string | null): string | undefined {
  if (!value) return undefined
  const name = (value.split(/[\\/]/).pop() ?? '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 255)
  return name || undefined
}

function optionalFields(search: URLSearchParams): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const key of ['label', 'title', 'description', 'creditLine']) {
    const value = search.get(key)
    if (value) fields[key] = value
  }
  const sourceName = search.get('sourceName')
  const sourceId = search.get('sourceId')
  if (sourceName && sourceId) {
    const url = search.get('sourceUrl')
    fields.source = { name: sourceName, id: sourceId, ...(url ? { url } : {}) }
  }
  return fields
}

export async function handleAssetUpload(
  ctx: Ctx,
  kind: string | undefined,
  dataset: Dataset,
  opts: AssetOptions,
): Promise<void> {
  if (kind !== 'images' && kind !== 'files') {
    throw new StoreError(404, {
      description: 'Upload to /assets/images/<dataset> or /assets/files/<dataset>',
      type: 'httpNotFound',
    })
  }
  if (ctx.method !== 'POST') {
    throw new StoreError(405, {
      description: 'Upload assets with POST',
      type: 'methodNotAllowed',
    })
  }
  const bytes = await readBody(ctx.req, opts.maxBytes)
  if (bytes.length === 0) {
    throw new StoreError(400, {
      description: "The request body is empty: send the file's bytes as the body",
      type: 'validationError',
    })
  }
  const search = ctx.url.searchParams
  const sha1 = createHash('sha1').update(bytes).digest('hex')
  const filename = cleanFilename(search.get('filename'))
  const prefix = `${opts.projectId}/${dataset.name}`
  let doc: SanityDoc
  if (kind === 'images') {
    const image = imageInfo(bytes)
    if (!image) {
      throw new StoreError(400, {
        description:
          'Invalid image: the body is not a PNG, JPEG, GIF, WebP or SVG image (upload other files to /assets/files)',
        type: 'validationError',
      })
    }
    const { width, height, extension } = image
    const path = `images/${prefix}/${sha1}-${width}x${height}.${extension}`
    doc = {
      _id: `image-${sha1}-${width}x${height}-${extension}`,
      _type: 'sanity.imageAsset',
      extension,
      mimeType: image.mimeType,
      path,
      metadata: {
        _type: 'sanity.imageMetadata',
        dimensions: {
          _type: 'sanity.imageDimensions',
          width,
          height,
          aspectRatio: width / height,
        },
        hasAlpha: image.hasAlpha,
        isOpaque: !image.hasAlpha,
      },
    }
  } else {
    const { mimeType, extension } = fileType(bytes, filename, ctx.req.headers['content-type'])
    doc = {
      _id: `file-${sha1}-${extension}`,
      _type: 'sanity.fileAsset',
      extension,
      mimeType,
      path: `files/${prefix}/${sha1}.${extension}`,
    }
  }
  const existing = dataset.get(doc._id)
  if (existing) {
    sendJson(ctx.res, 200, { document: existing })
    return
  }
  opts.blobs.put(sha1, bytes)
  const asset: SanityDoc = {
    ...doc,
    assetId: sha1,
    sha1hash: sha1,
    size: bytes.length,
    uploadId: randomId(32),
    url: `${opts.baseUrl()}/${String(doc.path)}`,
    ...(filename ? { originalFilename: filename } : {}),
    ...optionalFields(search),
  }
  const tx = dataset.commit([{ id: asset._id, before: null, after: asset }], {
    identity: LOCAL_IDENTITY,
  })
  sendJson(ctx.res, 200, { document: tx.changes[0]?.after ?? asset })
}
