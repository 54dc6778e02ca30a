// Which public page shows a document: the preview renders that page with the drafts perspective.
// Resolved when the link is opened (not when minted), so a slug changed in the draft still works.
import { z } from 'zod'
import { fetchContent } from '../content/client'
import { previewDocQuery } from '../content/queries'

const PAGE_FOR_TYPE: Record<string, (slug: string | null) => string | null> = {
  course: (slug) => (slug ? `/courses/${slug}` : null),
  campaign: (slug) => (slug ? `/campaigns/${slug}` : null),
  report: (slug) => (slug ? `/reports/${slug}` : null),
  newsPost: (slug) => (slug ? `/news/${slug}` : null),
  organisation: (slug) => (slug ? `/organisations/${slug}` : null),
  // Contacts have no page of their own; they are listed on /contacts.
  contact: () => '/contacts',
  siteSettings: () => '/',
}

export const PREVIEWABLE_TYPES = Object.keys(PAGE_FOR_TYPE)

export function isPreviewable(type: string): boolean {
  return Object.hasOwn(PAGE_FOR_TYPE, type)
}

const docSchema = z
  .object({ _id: z.string(), _type: z.string(), slug: z.string().nullish() })
  .nullable()

export type DraftDoc = { id: string; type: string; slug: string | null }

/** The document as the drafts perspective sees it (the draft if there is one), or null. */
export async function loadDraftDoc(env: Env, id: string): Promise<DraftDoc | null> {
  const raw = await fetchContent(env, previewDocQuery, { id }, 'drafts')
  const parsed = docSchema.safeParse(raw)
  if (!parsed.success || !parsed.data) return null
  return { id: parsed.data._id, type: parsed.data._type, slug: parsed.data.slug ?? null }
}

export function pagePathFor(doc: DraftDoc): string | null {
  const pathFor = PAGE_FOR_TYPE[doc.type]
  return pathFor ? pathFor(doc.slug) : null
}
