// POST /admin/preview-links: mints a signed ten-minute draft preview link for a document, for the
// Studio's Preview action (or any staff member with API access).
import { validator } from 'hono-openapi'
import { Hono } from 'hono'
import * as z from 'zod'
import { fail, invalidInput, parsableJson } from '../lib/http-errors'
import { previewUrl } from '../preview/sign'
import { isPreviewable, loadDraftDoc, pagePathFor, PREVIEWABLE_TYPES } from '../preview/target'
import { publishedDocId } from './content'
import type { StaffEnv } from './env'

const bodySchema = z.object({
  documentId: z
    .string({ error: 'Send the id of the document to preview.' })
    .regex(
      /^[A-Za-z0-9._-]{1,200}$/,
      'A document id has letters, digits, dot, dash or underscore.',
    ),
})

const SEND_JSON = 'Send JSON like {"documentId": "course.nrm-webinar"}.'

export const previewLinkRoutes = new Hono<StaffEnv>().post(
  '/preview-links',
  parsableJson('invalid_request', SEND_JSON),
  validator('json', bodySchema, invalidInput('invalid_request', SEND_JSON)),
  async (c) => {
    const id = publishedDocId(c.req.valid('json').documentId)
    c.set('audit', { action: 'preview.link', target: id })
    if (!c.env.PREVIEW_SECRET) {
      fail(503, 'not_configured', 'Draft preview is off: set the PREVIEW_SECRET secret.')
    }
    const doc = await loadDraftDoc(c.env, id)
    if (!doc) fail(404, 'not_found', `No document "${id}" (draft or published).`)
    if (!isPreviewable(doc.type)) {
      fail(
        400,
        'not_previewable',
        `Documents of type "${doc.type}" have no page. Previewable: ${PREVIEWABLE_TYPES.join(', ')}.`,
      )
    }
    const path = pagePathFor(doc)
    if (!path)
      fail(400, 'no_slug', 'Give the document a slug before previewing it.', {
        fields: { slug: 'Required for a page' },
      })
    const origin = new URL(c.req.url).origin
    const link = await previewUrl(origin, c.env.PREVIEW_SECRET, { type: doc.type, id })
    c.header('Cache-Control', 'private, no-store')
    return c.json({ ...link, path }, 201)
  },
)
