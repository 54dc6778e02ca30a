// Responsive images through Sanity's image pipeline: a srcset of widths up to the original's,
// `sizes` from the layout, width/height so the page does not jump, alt text from the content
// (an image without alt text is treated as decorative, alt="").
import { createImageUrlBuilder } from '@sanity/image-url'
import type { Image } from '../content/fields'

const WIDTHS = [320, 480, 640, 800, 960, 1280, 1600]

/** Where image URLs point: Sanity's CDN, or the embedded store when the worker runs offline. */
function imageBaseUrl(env: Env): string {
  const local = env.SANITY_API_HOST.trim()
  return local !== '' ? local.replace(/\/$/, '') : 'https://cdn.sanity.io'
}

function dimensions(ref: string): { width: number; height: number } {
  const m = /-(\d+)x(\d+)-/.exec(ref)
  return { width: Number(m?.[1] ?? 0), height: Number(m?.[2] ?? 0) }
}

export type ImageUrls = { src: string; srcset: string; width: number; height: number }

/** URLs for one image at a given display aspect (width / height), or the original's. */
export function imageUrls(
  env: Env,
  image: Image,
  opts: { maxWidth?: number; aspect?: number } = {},
): ImageUrls {
  const builder = createImageUrlBuilder({
    projectId: env.SANITY_PROJECT_ID,
    dataset: env.SANITY_DATASET,
    baseUrl: imageBaseUrl(env),
  })
  const source = { asset: { _ref: image.ref }, crop: image.crop, hotspot: image.hotspot }
  const original = dimensions(image.ref)
  const aspect = opts.aspect ?? (original.height > 0 ? original.width / original.height : 1.5)
  const limit = Math.min(opts.maxWidth ?? 1600, original.width || 1600)
  const widths = WIDTHS.filter((w) => w <= limit)
  if (widths.length === 0) widths.push(limit)
  const url = (w: number) =>
    builder
      .image(source)
      .width(w)
      .height(Math.round(w / aspect))
      .fit('crop')
      .auto('format')
      .url()
  const largest = widths[widths.length - 1] ?? limit
  return {
    src: url(Math.min(largest, 960)),
    srcset: widths.map((w) => `${url(w)} ${w}w`).join(', '),
    width: largest,
    height: Math.round(largest / aspect),
  }
}

export function ResponsiveImage(props: {
  env: Env
  image: Image
  sizes: string
  aspect?: number
  maxWidth?: number
  class?: string
  eager?: boolean
}) {
  const urls = imageUrls(props.env, props.image, {
    aspect: props.aspect,
    maxWidth: props.maxWidth,
  })
  return (
    <img
      class={props.class}
      src={urls.src}
      srcset={urls.srcset}
      sizes={props.sizes}
      width={urls.width}
      height={urls.height}
      alt={props.image.alt}
      loading={props.eager ? 'eager' : 'lazy'}
      decoding="async"
    />
  )
}
