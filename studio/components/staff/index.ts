// Staff tools in the Studio: a plugin adding the "Preview" document action (on the types the
// content-type registry marks previewable), and the "Signups" document view on courses and
// campaigns (live numbers from the worker's staff API).
import { UsersIcon } from '@sanity/icons/Users'
import { definePlugin } from 'sanity'
import type {
  DefaultDocumentNodeResolver,
  StructureBuilder,
  View,
  ViewBuilder,
} from 'sanity/structure'
import { isPreviewable } from '../../../schemas/content-types'
import { PreviewAction } from './PreviewAction'
import { SignupsView } from './SignupsView'

const SIGNUP_VIEW_TYPES = ['course', 'campaign']

export const staffTools = definePlugin({
  name: 'safeguard-staff-tools',
  document: {
    actions: (prev, context) =>
      isPreviewable(context.schemaType) ? [...prev, PreviewAction] : prev,
  },
})

/** Extra views for a document type: the Signups tab on courses and campaigns, none elsewhere. */
function staffDocumentViews(S: StructureBuilder, schemaType: string): (View | ViewBuilder)[] {
  if (!SIGNUP_VIEW_TYPES.includes(schemaType)) return []
  return [S.view.component(SignupsView).id('signups').title('Signups').icon(UsersIcon)]
}

/** For structureTool({ defaultDocumentNode }): the form, plus the Signups tab where it applies. */
export const staffDefaultDocumentNode: DefaultDocumentNodeResolver = (S, { schemaType }) => {
  const extra = staffDocumentViews(S, schemaType)
  return extra.length > 0 ? S.document().views([S.view.form(), ...extra]) : S.document()
}
