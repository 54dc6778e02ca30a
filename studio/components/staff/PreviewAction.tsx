// The "Preview" document action: asks the staff API for a signed ten-minute link and opens the
// draft, rendered by the worker exactly as the public page will look once published.
import { EyeOpenIcon } from '@sanity/icons/EyeOpen'
import { useState } from 'react'
import type { DocumentActionComponent } from 'sanity'
import { createPreviewLink } from '../../staff-api'
import { publishedId } from './useStaffSummary'

export const PreviewAction: DocumentActionComponent = (props) => {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return {
    label: busy ? 'Opening preview…' : 'Preview',
    icon: EyeOpenIcon,
    title: 'Open the draft as a page (link valid for 10 minutes)',
    disabled: busy || (!props.draft && !props.published),
    onHandle: () => {
      setBusy(true)
      setError(null)
      // Opened now, while the click still counts as a user gesture, so popup blockers allow it.
      const tab = window.open('about:blank', '_blank')
      createPreviewLink(publishedId(props.id))
        .then(({ url }) => {
          if (tab) {
            tab.opener = null
            tab.location.href = url
          } else {
            window.location.assign(url)
          }
        })
        .catch((err: unknown) => {
          tab?.close()
          setError(err instanceof Error ? err.message : 'Could not create a preview link.')
        })
        .finally(() => setBusy(false))
    },
    dialog: error
      ? {
          type: 'dialog',
          header: 'Preview not available',
          content: error,
          onClose: () => setError(null),
        }
      : null,
  }
}
PreviewAction.displayName = 'PreviewAction'
