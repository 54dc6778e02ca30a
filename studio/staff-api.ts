// The Studio's client for the worker's staff API (/admin). In production the API sits behind
// Cloudflare Access: the Studio sends the Access cookie (`credentials: 'include'`) and the worker
// allows the Studio's origin (STUDIO_ORIGIN). Locally `npm start` sets SANITY_STUDIO_STAFF_API_URL
// and SANITY_STUDIO_STAFF_TOKEN (a local-only token, never set in a deployed Studio: anything in
// SANITY_STUDIO_* is visible to whoever loads the Studio).

import type { PublishReceipt, PublishState } from '../worker/admin/publish-state'

export type StaffApiConfig = { url: string; token: string }

// Sanity replaces `process.env.SANITY_STUDIO_*` at build time; an unset variable is left as is
// and `process` does not exist in the browser, hence the try.
function readConfig(): StaffApiConfig {
  let url = ''
  let token = ''
  try {
    url = process.env.SANITY_STUDIO_STAFF_API_URL ?? ''
  } catch {
    url = ''
  }
  try {
    token = process.env.SANITY_STUDIO_STAFF_TOKEN ?? ''
  } catch {
    token = ''
  }
  return { url: url.trim().replace(/\/+$/, ''), token: token.trim() }
}

export const staffApiConfig: StaffApiConfig = readConfig()

export class StaffApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export type SessionCounts = {
  capacity: number | null
  confirmed: number
  waitlisted: number
  offered: number
  cancelled: number
  checkedIn: number
  seatsLeft: number | null
}

export type { PublishReceipt, PublishState }

export type CampaignCounts = {
  confirmed: number
  pending: number
  offline: number
  total: number
  goal: number | null
  milestones: number[]
  milestonesReached: number[]
}

export type DocumentSummary =
  | {
      type: 'course'
      title: string | null
      sessions: {
        key: string
        label: string
        start: string | null
        status: string | null
        counts: SessionCounts
      }[]
      latestReceipt: PublishReceipt | null
      publish: PublishState
    }
  | {
      type: 'campaign'
      title: string | null
      counts: CampaignCounts
      latestReceipt: PublishReceipt | null
      publish: PublishState
    }

export type SummaryResponse = {
  documents: Record<string, DocumentSummary>
  missing: string[]
  generatedAt: string
}

function explain(status: number, apiMessage: string | undefined): string {
  if (status === 401) {
    return staffApiConfig.token
      ? 'The staff API did not accept the local token (SANITY_STUDIO_STAFF_TOKEN must equal the worker’s STAFF_TOKEN).'
      : 'Sign in to the staff API first: open it in a new tab, sign in with Cloudflare Access, then come back and refresh.'
  }
  if (status === 403) return apiMessage ?? 'You are signed in but not allowed to use the staff API.'
  return apiMessage ?? `The staff API answered ${status}.`
}

export async function staffRequest(path: string, init: RequestInit = {}): Promise<Response> {
  if (!staffApiConfig.url) {
    throw new StaffApiError(
      0,
      'The staff API is not configured: set SANITY_STUDIO_STAFF_API_URL when building the Studio.',
    )
  }
  const headers = new Headers(init.headers)
  if (staffApiConfig.token) headers.set('Authorization', `Bearer ${staffApiConfig.token}`)
  let res: Response
  try {
    res = await fetch(`${staffApiConfig.url}/admin${path}`, {
      ...init,
      headers,
      // The Cloudflare Access cookie travels only with credentialed requests.
      credentials: staffApiConfig.token ? 'omit' : 'include',
    })
  } catch {
    // A CORS refusal and a redirect to the Access login page both end up here.
    throw new StaffApiError(0, explain(401, undefined))
  }
  if (!res.ok) {
    let message: string | undefined
    try {
      const body = (await res.json()) as { error?: { message?: string } }
      message = body.error?.message
    } catch {
      message = undefined
    }
    throw new StaffApiError(res.status, explain(res.status, message))
  }
  return res
}

export async function fetchSummary(ids: string[]): Promise<SummaryResponse> {
  const res = await staffRequest(`/summary?ids=${ids.map(encodeURIComponent).join(',')}`)
  return (await res.json()) as SummaryResponse
}

export async function createPreviewLink(
  documentId: string,
): Promise<{ url: string; expiresAt: string }> {
  const res = await staffRequest('/preview-links', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ documentId }),
  })
  return (await res.json()) as { url: string; expiresAt: string }
}

/** Downloads an export through fetch, so the token or Access cookie goes with it. */
export async function downloadExport(path: string, fallbackName: string): Promise<void> {
  const res = await staffRequest(path)
  const disposition = res.headers.get('Content-Disposition') ?? ''
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName
  const url = URL.createObjectURL(await res.blob())
  try {
    const link = document.createElement('a')
    link.href = url
    link.download = name
    document.body.append(link)
    link.click()
    link.remove()
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}

/** The staff API's sign-in page for Access users (any /admin URL triggers the Access login). */
export function staffSignInUrl(): string | null {
  return staffApiConfig.url ? `${staffApiConfig.url}/admin/audit?limit=1` : null
}

export type PreviewLocations = {
  locations: { title: string; href: string }[]
  message?: string
}

/** The pages that show a document (its own first), as /preview links for the Presentation tool. */
export async function fetchPreviewLocations(documentId: string): Promise<PreviewLocations> {
  const res = await staffRequest(`/preview-locations?id=${encodeURIComponent(documentId)}`)
  return (await res.json()) as PreviewLocations
}
