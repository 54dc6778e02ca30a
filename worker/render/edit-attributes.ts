// Click-to-edit information for the Presentation tool: `data-sanity` attributes on the elements
// that show a field. Only pages built inside withEditInfo() (the Presentation preview) get them;
// public pages and their caches never do, so their markup and text stay exactly the content's.
// An AsyncLocalStorage carries the switch so no loader or view needs an extra parameter. Here in
// worker/render, below the views that call editAttr; worker/preview only switches it on.
import { AsyncLocalStorage } from 'node:async_hooks'
import { createDataAttribute } from '@sanity/visual-editing/create-data-attribute'

// Where the overlay's own "open in Studio" links point when the page is not inside Presentation.
type EditInfo = { studioUrl: string }

const editInfo = new AsyncLocalStorage<EditInfo>()

/** Runs `fn` (a page build) with edit attributes switched on. */
export function withEditInfo<T>(info: EditInfo, fn: () => Promise<T>): Promise<T> {
  return editInfo.run(info, fn)
}

/**
 * The `data-sanity` value for a field of a document (path in Studio form: `title`,
 * `sessions[_key=="abc"].venue`), or undefined outside a Presentation preview, which makes
 * hono/jsx leave the attribute out.
 */
export function editAttr(
  doc: { _id: string; _type?: string } | undefined,
  type: string,
  path: string,
): string | undefined {
  const info = editInfo.getStore()
  if (!info || !doc) return undefined
  return createDataAttribute({
    id: doc._id,
    type: doc._type ?? type,
    path,
    baseUrl: info.studioUrl,
  }).toString()
}
