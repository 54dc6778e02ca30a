// The <head> of every page: title, description, canonical link, robots, Open Graph, Twitter card,
// the hashed stylesheet and JSON-LD. Values are escaped by hono/jsx; JSON-LD by jsonLdText.
import type { Image, Seo } from '../content/fields'
import type { Settings } from '../content/models'
import { imageUrls } from './image'
import { jsonLdText, type JsonLd } from './jsonld'
import { absoluteUrl } from '../lib/urls'

export type PageMeta = {
  /** The page's own title, without the site name; the home page leaves it out. */
  title?: string
  description?: string
  /** Canonical path (with a normalised query string where it matters). */
  path: string
  seo?: Seo
  image?: Image
  type?: 'website' | 'article'
  noIndex?: boolean
  jsonLd?: JsonLd | JsonLd[]
}

function documentTitle(settings: Settings, meta: PageMeta): string {
  const own = meta.seo?.title ?? meta.title
  if (!own) return settings.tagline ? `${settings.title}: ${settings.tagline}` : settings.title
  return `${own} – ${settings.title}`
}

export function Head(props: { env: Env; settings: Settings; meta: PageMeta; stylesheet: string }) {
  const { env, settings, meta } = props
  const title = documentTitle(settings, meta)
  const description =
    meta.seo?.description ??
    meta.description ??
    settings.defaultSeo?.description ??
    settings.tagline
  const canonical = absoluteUrl(env.SITE_URL, meta.path)
  const image = meta.seo?.image ?? meta.image ?? settings.defaultSeo?.image
  const og = image ? imageUrls(env, image, { maxWidth: 1200, aspect: 1200 / 630 }) : undefined
  const noIndex = meta.noIndex === true || meta.seo?.noIndex === true
  const ld =
    meta.jsonLd === undefined ? [] : Array.isArray(meta.jsonLd) ? meta.jsonLd : [meta.jsonLd]
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
      {description ? <meta name="description" content={description} /> : null}
      <link rel="canonical" href={canonical} />
      {noIndex ? <meta name="robots" content="noindex" /> : null}
      <meta name="theme-color" content="#0b4f6c" />
      <link rel="stylesheet" href={props.stylesheet} />
      <link rel="icon" href="data:," />
      <link
        rel="alternate"
        type="application/atom+xml"
        title={`${settings.title}: news and reports`}
        href="/feed.xml"
      />
      <meta property="og:site_name" content={settings.title} />
      <meta property="og:type" content={meta.type ?? 'website'} />
      <meta property="og:title" content={meta.seo?.title ?? meta.title ?? settings.title} />
      {description ? <meta property="og:description" content={description} /> : null}
      <meta property="og:url" content={canonical} />
      <meta property="og:locale" content="en_GB" />
      {og && image ? <meta property="og:image" content={og.src} /> : null}
      {og && image && image.alt ? <meta property="og:image:alt" content={image.alt} /> : null}
      <meta name="twitter:card" content={og ? 'summary_large_image' : 'summary'} />
      {ld.map((data) => (
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(data) }} />
      ))}
    </head>
  )
}
