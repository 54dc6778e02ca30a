// GET /admin/preview-locations?id=: "where is this used?" for the Studio's Presentation tool —
// the document's own page (from the draft, so before it is published) and every built page the
// page index says shows it, as /preview links. Bounded: site settings appear on every page, so
// they answer with the home page and a note; other documents list at most MAX_LOCATIONS pages.
import { validator } from 'hono-openapi'
import { Hono } from 'hono'
import * as z from 'zod'
import { invalidInput } from '../lib/http-errors'
import { pathsShowing } from '../cache/page-index'
import { loadDraftDoc, pagePathFor } from '../preview/target'
import { publishedDocId } from './content'
import type { StaffEnv } from './env'

const MAX_LOCATIONS = 50
// Pages built from a document but not about it in a way an editor would look for.
const MACHINE_PAGE = /\.(xml|ics|txt|json)$/

const querySchema = z.object({
  id: z
    .string({ error: 'Send id=<document id>.' })
    .regex(
      /^[A-Za-z0-9._-]{1,200}$/,
      'A document id has letters, digits, dot, dash or underscore.',
    ),
})

export type PreviewLocation = { title: string; href: string }

export const previewLocationRoutes = new Hono<StaffEnv>().get(
  '/preview-locations',
  validator('query', querySchema, invalidInput('invalid_request', 'Send ?id=<document id>.')),
  async (c) => {
    const id = publishedDocId(c.req.valid('query').id)
    c.header('Cache-Control', 'private, no-store')
    if (id === 'siteSettings') {
      return c.json({
        locations: [{ title: 'Home page', href: '/preview/' }],
        message: 'Site settings appear on every page.',
      })
    }
    const [doc, shown] = await Promise.all([
      loadDraftDoc(c.env, id),
      pathsShowing(c.env.DB, id, MAX_LOCATIONS + 1),
    ])
    const own = doc ? pagePathFor(doc) : null
    const paths = [...new Set([...(own ? [own] : []), ...shown])].filter(
      (p) => !MACHINE_PAGE.test(p),
    )
    const locations: PreviewLocation[] = paths.slice(0, MAX_LOCATIONS).map((path) => ({
      title: path === own ? `${path} (its own page)` : path,
      href: `/preview${path}`,
    }))
    return c.json({
      locations,
      ...(paths.length > MAX_LOCATIONS
        ? {
            message: `Shown on more than ${MAX_LOCATIONS} pages; the first ${MAX_LOCATIONS} are listed.`,
          }
        : {}),
    })
  },
)
