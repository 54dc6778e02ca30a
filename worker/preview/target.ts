// Which public page shows a document: the preview renders that page with the drafts perspective.
// Resolved when the link is opened (not when minted), so a slug changed in the draft still works.
import * as z from 'zod'
import type { Expect, Fits } from '../content/query-types'
import type { PreviewDocQueryResult } from '../sanity.types'
import { previewPath } from '../../schemas/content-types'
import { fetchContent } from '../content/client'
import { previewDocQuery } from '../content/queries'

// Which types are previewable and where each opens: the content-type registry.
export { isPreviewable, PREVIEWABLE_TYPES } from '../../schemas/content-types'

const docSchema = z
  .object({ _id: z.string(), _type: z.string(), slug: z.string().nullish() })
  .nullable()
type _Checked = Expect<Fits<z.output<typeof docSchema>, PreviewDocQueryResult>>

export type DraftDoc = { id: string; type: string; slug: string | null }

/** The document as the drafts perspective sees it (the draft if there is one), or null. */
export async function loadDraftDoc(env: Env, id: string): Promise<DraftDoc | null> {
  const raw = await fetchContent(env, previewDocQuery, { id }, 'drafts')
  const parsed = docSchema.safeParse(raw)
  if (!parsed.success || !parsed.data) return null
  return { id: parsed.data._id, type: parsed.data._type, slug: parsed.data.slug ?? null }
}

export function pagePathFor(doc: DraftDoc): string | null {
  return previewPath(doc.type, doc.slug)
}
