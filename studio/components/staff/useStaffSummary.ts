// Loads the staff API summary for one document and keeps it fresh while the view is open:
// every 30 seconds while the tab is visible, on focus, and on demand.
import { useCallback, useEffect, useRef, useState } from 'react'
import { fetchSummary, StaffApiError, type DocumentSummary } from '../../staff-api'

const REFRESH_MS = 30_000

export type SummaryState =
  | { status: 'loading' }
  | { status: 'error'; message: string; httpStatus: number }
  | { status: 'missing' }
  | { status: 'ready'; summary: DocumentSummary; generatedAt: string }

export function publishedId(documentId: string): string {
  if (documentId.startsWith('drafts.')) return documentId.slice('drafts.'.length)
  if (documentId.startsWith('versions.')) return documentId.split('.').slice(2).join('.')
  return documentId
}

export function useStaffSummary(documentId: string): { state: SummaryState; refresh: () => void } {
  const id = publishedId(documentId)
  const [state, setState] = useState<SummaryState>({ status: 'loading' })
  const latest = useRef(0)

  const refresh = useCallback(() => {
    const ticket = ++latest.current
    fetchSummary([id])
      .then((res) => {
        if (ticket !== latest.current) return
        const summary = res.documents[id]
        setState(
          summary
            ? { status: 'ready', summary, generatedAt: res.generatedAt }
            : { status: 'missing' },
        )
      })
      .catch((err: unknown) => {
        if (ticket !== latest.current) return
        const httpStatus = err instanceof StaffApiError ? err.status : 0
        const message = err instanceof Error ? err.message : 'The staff API could not be reached.'
        setState({ status: 'error', message, httpStatus })
      })
  }, [id])

  useEffect(() => {
    refresh()
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh()
    }, REFRESH_MS)
    window.addEventListener('focus', refresh)
    return () => {
      clearInterval(timer)
      window.removeEventListener('focus', refresh)
      latest.current++
    }
  }, [refresh])

  return { state, refresh }
}
