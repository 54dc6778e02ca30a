// The content-type registry: for every document type the public site shows, where its pages
// live and which parts of the site read it. The webhook filter, the rebuild's URL for a changed
// document, the page router, the preview, the sitemap, search and the Studio's Preview action all
// read this table, so a new type is one entry here (plus its schema, loader and view).
// Plain data with no imports: the Studio and the worker both bundle it.

export type ContentTypeEntry = {
  /** First path segment of the type's own pages (/<segment>/<slug>); absent: no page of its own. */
  readonly segment?: string
  /** The listing page of every document of the type. */
  readonly listing?: string
  /** Where a preview opens for a type without pages of its own. */
  readonly previewPath?: string
  /** The `type` parameter /search uses for the type; absent: not searchable. */
  readonly searchKind?: string
  /** Sitemap parts are named /sitemap-<part>-<n>.xml; absent: the type's pages are not listed. */
  readonly sitemapPart?: string
  /**
   * Aggregate pages that list documents of the type (the sitemap dates them by the newest edit).
   * Pages that embed a particular document are found through the dependency index instead.
   */
  readonly listedOn: readonly string[]
}

/** Every type a publish rebuilds pages for, in the order menus and messages list them. */
export const CONTENT_TYPES = {
  course: {
    segment: 'courses',
    listing: '/courses',
    searchKind: 'course',
    sitemapPart: 'courses',
    listedOn: ['/', '/courses'],
  },
  campaign: {
    segment: 'campaigns',
    listing: '/campaigns',
    searchKind: 'campaign',
    sitemapPart: 'campaigns',
    listedOn: ['/', '/campaigns'],
  },
  report: {
    segment: 'reports',
    listing: '/reports',
    searchKind: 'report',
    sitemapPart: 'reports',
    listedOn: ['/', '/reports'],
  },
  newsPost: {
    segment: 'news',
    listing: '/news',
    searchKind: 'news',
    sitemapPart: 'news',
    listedOn: ['/', '/news'],
  },
  organisation: {
    segment: 'organisations',
    listing: '/organisations',
    searchKind: 'organisation',
    sitemapPart: 'organisations',
    listedOn: ['/organisations'],
  },
  // Contacts have no page of their own; the public ones are listed on /contacts.
  contact: { listing: '/contacts', previewPath: '/contacts', listedOn: ['/', '/contacts'] },
  // Every page shows the site settings (navigation, footer); a preview opens the home page.
  siteSettings: { previewPath: '/', listedOn: [] },
} as const satisfies Record<string, ContentTypeEntry>

type Registry = typeof CONTENT_TYPES
export type ContentType = keyof Registry
/** Types with pages of their own, at /<segment>/<slug>. */
export type PageType = {
  [T in ContentType]: Registry[T] extends { segment: string } ? T : never
}[ContentType]
/** The listing pages, one per type that has one. */
export type ListingPath = {
  [T in ContentType]: Registry[T] extends { listing: infer P extends string } ? P : never
}[ContentType]
/** Types /search finds, by their `type` parameter. */
export type SearchKind = {
  [T in ContentType]: Registry[T] extends { searchKind: infer K extends string } ? K : never
}[ContentType]
export type SearchableType = {
  [T in ContentType]: Registry[T] extends { searchKind: string } ? T : never
}[ContentType]

const entries = Object.entries(CONTENT_TYPES) as [ContentType, ContentTypeEntry][]
const typesWhere = (keep: (e: ContentTypeEntry) => boolean): ContentType[] =>
  entries.filter(([, e]) => keep(e)).map(([t]) => t)

export const CONTENT_TYPE_NAMES: readonly ContentType[] = entries.map(([t]) => t)
export const PAGE_TYPES = typesWhere((e) => e.segment !== undefined) as readonly PageType[]
/** Types a preview can open: those with pages, then those shown on another page. */
export const PREVIEWABLE_TYPES: readonly ContentType[] = typesWhere(
  (e) => e.segment !== undefined || e.previewPath !== undefined,
)
const SEARCHABLE_TYPES = typesWhere((e) => e.searchKind !== undefined) as readonly SearchableType[]
export const SITEMAP_TYPES = typesWhere(
  (e) => e.sitemapPart !== undefined && e.segment !== undefined,
) as readonly PageType[]

export function isContentType(type: string): type is ContentType {
  return Object.hasOwn(CONTENT_TYPES, type)
}

function isPageType(type: string): type is PageType {
  return isContentType(type) && (CONTENT_TYPES[type] as ContentTypeEntry).segment !== undefined
}

/** Types with no page of their own that their listing shows (a contact on /contacts). */
export function isListedOnly(type: string): type is ContentType {
  if (!isContentType(type)) return false
  const entry: ContentTypeEntry = CONTENT_TYPES[type]
  return entry.segment === undefined && entry.listing !== undefined
}

export function isPreviewable(type: string): type is ContentType {
  return isContentType(type) && PREVIEWABLE_TYPES.includes(type)
}

/** Slugs become path segments, so only URL-safe ones are accepted. */
export function isUrlSafeSlug(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$/.test(value)
}

/** What every page of the type's path starts with ('/courses/'), for paths built in SQL. */
export function pagePrefix(type: PageType): string {
  return `/${CONTENT_TYPES[type].segment}/`
}

/** The page of a document whose slug is already validated (content parsed by the models). */
export function pagePath(type: PageType, slug: string): string {
  return `${pagePrefix(type)}${slug}`
}

/** The canonical URL a document owns, or null: no page for the type, or no usable slug. */
export function documentPath(type: string, slug: string | null | undefined): string | null {
  if (!isPageType(type) || !slug || !isUrlSafeSlug(slug)) return null
  return pagePath(type, slug)
}

/** The page a preview of the document opens: its own page, or the page that shows it. */
export function previewPath(type: string, slug: string | null | undefined): string | null {
  if (isPageType(type)) return slug ? pagePath(type, slug) : null
  if (!isContentType(type)) return null
  const entry: ContentTypeEntry = CONTENT_TYPES[type]
  return entry.previewPath ?? null
}

/** The type whose pages live under a first path segment ('courses' → 'course'). */
export function typeForSegment(segment: string): PageType | undefined {
  return PAGE_TYPES.find((t) => CONTENT_TYPES[t].segment === segment)
}

/** The /search `type` parameters, in the order results are shown. */
export const SEARCH_KINDS = SEARCHABLE_TYPES.map(
  (t) => CONTENT_TYPES[t].searchKind,
) as readonly SearchKind[]

/** Aggregate pages in sitemap order (home first, then each type's listing) and what each lists. */
export const LISTING_PAGES: readonly (readonly [path: string, types: readonly ContentType[]])[] = [
  ...new Set(['/', ...entries.flatMap(([, e]) => (e.listing ? [e.listing] : []))]),
].map((path) => [path, typesWhere((e) => e.listedOn.includes(path))] as const)
