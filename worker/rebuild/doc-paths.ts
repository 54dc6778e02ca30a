// Which canonical URL a document owns. Contacts and site settings
// own none; the pages that show them are found through the dependency index instead.
const PAGE_PREFIX: Record<string, string> = {
  course: '/courses/',
  campaign: '/campaigns/',
  report: '/reports/',
  newsPost: '/news/',
  organisation: '/organisations/',
}

const SAFE_SLUG = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$/

export function documentPath(type: string, slug: string | null | undefined): string | null {
  const prefix = PAGE_PREFIX[type]
  if (!prefix || !slug || !SAFE_SLUG.test(slug)) return null
  return prefix + slug
}
