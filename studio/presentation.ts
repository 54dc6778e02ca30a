// The Presentation tool: the worker's own server-rendered pages beside the form. The preview
// opens through the worker's /preview/enable (the Studio writes a one-hour secret, the worker
// checks it and sets a session cookie), pages render from drafts under /preview/<path> with
// click-to-edit attributes, and "where is this used?" comes from the worker's page index via the
// staff API. Sanity's hosted API and the embedded store answer the Studio's part the same way.
import { from, map, of, catchError } from 'rxjs'
import { defineDocuments, presentationTool } from 'sanity/presentation'
import { fetchPreviewLocations, staffApiConfig } from './staff-api'

const DETAIL_ROUTES: [string, string][] = [
  ['courses', 'course'],
  ['campaigns', 'campaign'],
  ['reports', 'report'],
  ['news', 'newsPost'],
  ['organisations', 'organisation'],
]

const PRESENTATION_TYPES = [...DETAIL_ROUTES.map(([, type]) => type), 'contact', 'siteSettings']

/** The worker's origin: the same one the staff API lives on. */
export function previewOrigin(): string | null {
  return staffApiConfig.url || null
}

export function safeguardPresentation(origin: string) {
  return presentationTool({
    previewUrl: {
      initial: `${origin}/preview/`,
      previewMode: { enable: '/preview/enable' },
    },
    allowOrigins: [origin],
    resolve: {
      mainDocuments: defineDocuments([
        ...DETAIL_ROUTES.map(([prefix, type]) => ({
          route: `/preview/${prefix}/:slug`,
          filter: `_type == "${type}" && slug.current == $slug`,
        })),
        { route: '/preview/', filter: `_id == "siteSettings"` },
      ]),
      locations: ({ id, type }) => {
        if (!PRESENTATION_TYPES.includes(type)) return null
        return from(fetchPreviewLocations(id)).pipe(
          map(({ locations, message }) => ({
            locations,
            ...(message ? { message, tone: 'caution' as const } : {}),
          })),
          catchError((err: unknown) =>
            of({
              message: err instanceof Error ? err.message : 'Could not list the pages.',
              tone: 'critical' as const,
            }),
          ),
        )
      },
    },
  })
}
