// A document badge that marks example content in the editor header, so nobody mistakes an
// invented course or petition for a real one.
import type { DocumentBadgeComponent } from 'sanity'

export const ExampleBadge: DocumentBadgeComponent = (props) => {
  const doc = props.draft ?? props.published
  return doc?.isExample === true
    ? {
        label: 'Example content',
        title: 'Shown with an "Example" label on the site',
        color: 'warning',
      }
    : null
}
