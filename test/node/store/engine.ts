// The store's query engine over an in-memory dataset, as the narrowing tests drive it: no server,
// the same project settings the store runs with, and the perspectives a client can ask for.
import { QueryEngine } from '../../../studio/store/query'
import type { SanityDoc } from '../../../studio/store/types'
import { parsePerspective } from '../../../studio/store/views'

/** published, drafts and raw, as the store parses them for the current API version. */
export const PERSPECTIVE_NAMES = ['published', 'drafts', 'raw'] as const
export const perspectiveOf = (name: string) => parsePerspective(name, '2025-02-19')
export const PERSPECTIVES = PERSPECTIVE_NAMES.map(perspectiveOf)

/** An engine reading `source` for its documents and revision, as the store's own does. */
export function engineOver(source: () => { docs: Map<string, SanityDoc>; revision: number }) {
  return new QueryEngine(source, { projectId: 'safeguard', dataset: 'production' })
}
