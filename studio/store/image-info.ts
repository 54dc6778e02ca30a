// Image type and dimensions read from file headers (PNG, JPEG, GIF, WebP, SVG), as the asset
// upload endpoint needs them for the asset id (`image-<sha1>-<w>x<h>-<ext>`) and its metadata.
// Headers only: the store has no image pipeline and adds no dependency for one.

export type ImageInfo = {
  width: number
  height: number
  extension: 'png' | 'jpg' | 'gif' | 'webp' | 'svg'
  mimeType: string
  hasAlpha: boolean
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function ascii(buf: Buffer, start: number, length: number): string {
  return buf.toString('latin1', start, start + length)
}

function png(buf: Buffer): ImageInfo | null {
  if (buf.length < 33 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) return null
  if (ascii(buf, 12, 4) !== 'IHDR') return null
  const colorType = buf[25] ?? 0
  let hasAlpha = colorType === 4 || colorType === 6
  // A tRNS chunk before the image data makes a palette or grey image transparent.
  for (let at = 8; at + 8 <= buf.length && !hasAlpha;) {
    const type = ascii(buf, at + 4, 4)
    if (type === 'IDAT') break
    if (type === 'tRNS') hasAlpha = true
    at += 12 + buf.readUInt32BE(at)
  }
  const size = { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) }
  return { ...size, extension: 'png', mimeType: 'image/png', hasAlpha }
}

function gif(buf: Buffer): ImageInfo | null {
  if (buf.length < 10 || !/^GIF8[79]a$/.test(ascii(buf, 0, 6))) return null
  const size = { width: buf.readUInt16LE(6), height: buf.readUInt16LE(8) }
  return { ...size, extension: 'gif', mimeType: 'image/gif', hasAlpha: false }
}

/** EXIF orientation (1-8) from an APP1 segment, or 1. */
function exifOrientation(buf: Buffer, start: number, end: number): number {
  if (ascii(buf, start, 6) !== 'Exif\0\0') return 1
  const tiff = start + 6
  const little = ascii(buf, tiff, 2) === 'II'
  const u16 = (at: number) => (little ? buf.readUInt16LE(at) : buf.readUInt16BE(at))
  const u32 = (at: number) => (little ? buf.readUInt32LE(at) : buf.readUInt32BE(at))
  if (tiff + 8 > end) return 1
  const ifd = tiff + u32(tiff + 4)
  if (ifd + 2 > end) return 1
  const count = u16(ifd)
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > end) break
    if (u16(entry) === 0x0112) return u16(entry + 8)
  }
  return 1
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])

function jpeg(buf: Buffer): ImageInfo | null {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return null
  let orientation = 1
  let at = 2
  while (at + 4 <= buf.length) {
    if (buf[at] !== 0xff) return null
    const marker = buf[at + 1] ?? 0
    if (marker === 0xff) {
      at += 1 // fill byte
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2
      continue
    }
    const length = buf.readUInt16BE(at + 2)
    if (length < 2) return null
    if (marker === 0xe1)
      orientation = exifOrientation(buf, at + 4, Math.min(buf.length, at + 2 + length))
    if (SOF.has(marker)) {
      if (at + 9 > buf.length) return null
      const height = buf.readUInt16BE(at + 5)
      const width = buf.readUInt16BE(at + 7)
      // Orientations 5-8 turn the picture a quarter: browsers show it (and Sanity sizes it) turned.
      const turned = orientation >= 5 && orientation <= 8
      return {
        width: turned ? height : width,
        height: turned ? width : height,
        extension: 'jpg',
        mimeType: 'image/jpeg',
        hasAlpha: false,
      }
    }
    at += 2 + length
  }
  return null
}

function webp(buf: Buffer): ImageInfo | null {
  if (buf.length < 30 || ascii(buf, 0, 4) !== 'RIFF' || ascii(buf, 8, 4) !== 'WEBP') return null
  const chunk = ascii(buf, 12, 4)
  const info = (width: number, height: number, hasAlpha: boolean): ImageInfo => ({
    width,
    height,
    extension: 'webp',
    mimeType: 'image/webp',
    hasAlpha,
  })
  if (chunk === 'VP8 ') {
    if (buf[23] !== 0x9d || buf[24] !== 0x01 || buf[25] !== 0x2a) return null
    return info(buf.readUInt16LE(26) & 0x3fff, buf.readUInt16LE(28) & 0x3fff, false)
  }
  if (chunk === 'VP8L') {
    if (buf[20] !== 0x2f) return null
    const [b1 = 0, b2 = 0, b3 = 0, b4 = 0] = buf.subarray(21, 25)
    const width = 1 + (((b2 & 0x3f) << 8) | b1)
    const height = 1 + (((b4 & 0x0f) << 10) | (b3 << 2) | ((b2 & 0xc0) >> 6))
    return info(width, height, ((b4 >> 4) & 1) === 1)
  }
  if (chunk === 'VP8X') {
    const flags = buf[20] ?? 0
    return info(1 + buf.readUIntLE(24, 3), 1 + buf.readUIntLE(27, 3), (flags & 0x10) !== 0)
  }
  return null
}

function svgLength(value: string | undefined): number | null {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$/.exec(value ?? '')
  return m?.[1] ? Number(m[1]) : null
}

function svg(buf: Buffer): ImageInfo | null {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '')
  // Only an XML prolog, comments and a doctype may come before the root <svg> element.
  const prolog = /^(?:\s+|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i
  const rest = text.slice(prolog.exec(text)?.[0].length ?? 0)
  const tag = /^<svg\b([^>]*)>/i.exec(rest)
  if (!tag || !/<\/svg\s*>\s*$/i.test(rest)) return null
  const attrs = new Map<string, string>()
  for (const m of (tag[1] ?? '').matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (m[1]) attrs.set(m[1].toLowerCase(), m[2] ?? m[3] ?? '')
  }
  const box = (attrs.get('viewbox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number)
  const boxWidth = box.length === 4 && box[2] && box[2] > 0 ? box[2] : null
  const boxHeight = box.length === 4 && box[3] && box[3] > 0 ? box[3] : null
  // Browsers size an SVG with neither dimensions nor viewBox at 300x150.
  const width = svgLength(attrs.get('width')) ?? boxWidth ?? 300
  const height = svgLength(attrs.get('height')) ?? boxHeight ?? 150
  return {
    width: Math.max(1, Math.round(width)),
    height: Math.max(1, Math.round(height)),
    extension: 'svg',
    mimeType: 'image/svg+xml',
    hasAlpha: true,
  }
}

/** The image's type and size, or null when the bytes are not an image the store understands. */
export function imageInfo(buf: Buffer): ImageInfo | null {
  let info: ImageInfo | null = null
  try {
    info = png(buf) ?? gif(buf) ?? jpeg(buf) ?? webp(buf) ?? svg(buf)
  } catch {
    // A header that claims more bytes than the body has (RangeError): not a usable image.
    return null
  }
  return info && info.width > 0 && info.height > 0 ? info : null
}
