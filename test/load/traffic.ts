// The soak's traffic: an open-loop generator (requests start on a fixed schedule whether or not
// earlier ones have finished, as real visitors do) mixing page reads and signups, and a publisher
// that edits course titles in the content store, whose signed webhooks reach the worker.
import { setTitle } from '../bench/lib/content'
import { FIXTURES, type Doc } from '../bench/lib/dataset'
import { percentile } from '../bench/lib/publish'
import { signupBody } from '../bench/lib/scenarios'

export type Kind = 'page' | 'signup-big' | 'signup-small'

export type Tally = {
  sent: number
  statuses: Record<string, number>
  errors: number
  /** Network errors, 5xx, and answers a client should never see for a valid request. */
  examples: string[]
  latencies: number[]
}

export const newTally = (): Tally => ({
  sent: 0,
  statuses: {},
  errors: 0,
  examples: [],
  latencies: [],
})

export function summary(t: Tally) {
  return {
    sent: t.sent,
    errors: t.errors,
    statuses: t.statuses,
    p50: percentile(t.latencies, 50),
    p99: percentile(t.latencies, 99),
  }
}

/** Every page a visitor can reach without a query string, from the dataset itself. */
export function pagePaths(docs: Doc[]): string[] {
  const prefix: Record<string, string> = {
    course: 'courses',
    report: 'reports',
    newsPost: 'news',
    campaign: 'campaigns',
    organisation: 'organisations',
  }
  const paths = ['/', '/courses', '/news', '/reports', '/campaigns', '/contacts', '/sitemap.xml']
  for (const doc of docs) {
    const slug = (doc.slug as { current?: unknown } | undefined)?.current
    const p = prefix[doc._type]
    if (p && typeof slug === 'string') paths.push(`/${p}/${slug}`)
  }
  return paths
}

let seq = 0

/** One request of the given kind; what counts as an error depends on the kind. */
export async function fire(
  appUrl: string,
  kind: Kind,
  paths: string[],
  tally: Tally,
): Promise<void> {
  const n = ++seq
  const started = performance.now()
  tally.sent++
  let status = 0
  try {
    if (kind === 'page') {
      const path = paths[Math.floor(Math.random() * paths.length)] ?? '/'
      const res = await fetch(appUrl + path)
      await res.arrayBuffer()
      status = res.status
    } else {
      const session = kind === 'signup-big' ? FIXTURES.bigSession : FIXTURES.smallSession
      const res = await fetch(`${appUrl}/api/v1/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': `10.7.${n}` },
        body: signupBody(session, `soak-${process.pid}-${n}`),
      })
      await res.arrayBuffer()
      status = res.status
    }
  } catch (error) {
    tally.errors++
    if (tally.examples.length < 5) tally.examples.push(`${kind}: ${String(error)}`)
    return
  }
  tally.latencies.push(performance.now() - started)
  tally.statuses[status] = (tally.statuses[status] ?? 0) + 1
  const ok = kind === 'page' ? status === 200 || status === 304 : status === 201
  if (!ok) {
    tally.errors++
    if (tally.examples.length < 5) tally.examples.push(`${kind}: HTTP ${status}`)
  }
}

export type Published = { id: string; slug: string; title: string; at: number }

/** Edits a course title in the store; the store signs and delivers the webhook itself. */
export async function publish(storeUrl: string, course: Doc, n: number): Promise<Published> {
  const slug = (course.slug as { current: string }).current
  const title = `Soak edit ${n} of ${slug}`
  await setTitle(storeUrl, course._id, title)
  return { id: course._id, slug, title, at: Date.now() }
}
