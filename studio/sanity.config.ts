// The Safeguard Studio: the content model from schemas/, the comms team's desk structure, the
// Presentation tool on the worker's own pages (studio/presentation.ts), the Vision query tool, and site settings kept as a single document that cannot be duplicated or
// deleted.
import { createClient } from '@sanity/client'
import { visionTool } from '@sanity/vision'
import { defineConfig, type SanityClient } from 'sanity'
import { structureTool } from 'sanity/structure'
import { schemaTypes } from '../schemas'
import { ExampleBadge } from './components/exampleBadge'
import { staffDefaultDocumentNode, staffTools } from './components/staff'
import { apiHost, apiVersion, dataset, localApiOrigin, projectId } from './env'
import { previewOrigin, safeguardPresentation } from './presentation'
import { SINGLETON_TYPES, structure } from './structure'

// Editors may publish, discard a draft or restore history on a singleton; nothing else.
const SINGLETON_ACTIONS = new Set(['publish', 'discardChanges', 'restore'])
const EXAMPLE_TYPES = new Set(['course', 'campaign'])
// The Presentation tool needs the worker's address (the staff API's URL); without it, no tool.
const site = previewOrigin()

export default defineConfig({
  name: 'default',
  title: 'Safeguard',
  projectId,
  dataset,
  ...(apiHost ? { apiHost } : {}),
  // Against the embedded store, every client the Studio makes (data, listeners, uploads, image
  // URLs) uses the project host itself, so the page, its data and its images share one origin.
  ...(localApiOrigin
    ? {
        unstable_clientFactory: (options) =>
          // Bundled, this is sanity's own @sanity/client (sanity.cli.ts); the type checker sees
          // the worker's newer major at the root, hence the conversion to sanity's client type.
          createClient({
            ...options,
            apiHost: localApiOrigin,
            useProjectHostname: false,
          }) as unknown as SanityClient,
      }
    : {}),
  plugins: [
    structureTool({ structure, defaultDocumentNode: staffDefaultDocumentNode }),
    visionTool({ defaultApiVersion: apiVersion }),
    staffTools(),
    ...(site ? [safeguardPresentation(site)] : []),
  ],
  schema: {
    types: schemaTypes,
    // No "create new" template for singletons: the one document has a fixed id.
    templates: (templates) =>
      templates.filter(({ schemaType }) => !SINGLETON_TYPES.has(schemaType)),
  },
  document: {
    actions: (actions, { schemaType }) =>
      SINGLETON_TYPES.has(schemaType)
        ? actions.filter(({ action }) => action !== undefined && SINGLETON_ACTIONS.has(action))
        : actions,
    badges: (badges, { schemaType }) =>
      EXAMPLE_TYPES.has(schemaType) ? [...badges, ExampleBadge] : badges,
    newDocumentOptions: (options, { creationContext }) =>
      creationContext.type === 'global'
        ? options.filter(({ templateId }) => !SINGLETON_TYPES.has(templateId))
        : options,
  },
})
