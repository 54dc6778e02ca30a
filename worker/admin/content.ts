// The content the staff API needs beside the signup rows: session capacities and titles of
// courses, petition goals and milestones of campaigns (published perspective: what the public
// site enforces), checked with zod because the Content Lake enforces no schema.
import * as z from 'zod'
import { fetchContent } from '../content/client'
import { isTimeZone } from '../content/fields'
import { DEFAULT_TIMEZONE } from '../content/models'
import { staffDocsQuery } from '../content/queries'
import { formatSessionWhen } from '../render/dates'

export const staffSessionSchema = z.object({
  _key: z.string(),
  title: z.string().nullish(),
  start: z.string().nullish(),
  durationMinutes: z.number().positive().nullish().catch(null),
  // The zone the site shows the session in; staff see the same times.
  timezone: z.string().refine(isTimeZone).catch(DEFAULT_TIMEZONE).nullish(),
  capacity: z.number().nullish(),
  status: z.string().nullish(),
})

const staffDocSchema = z.object({
  _id: z.string(),
  _type: z.string(),
  _rev: z.string().nullish(),
  _updatedAt: z.string().nullish(),
  title: z.string().nullish(),
  slug: z.string().nullish(),
  sessions: z.array(staffSessionSchema).nullish(),
  petition: z
    .object({
      goal: z.number().nullish(),
      milestones: z.array(z.number()).nullish(),
      offlineCount: z.number().nullish(),
    })
    .nullish(),
})

export type StaffSession = z.infer<typeof staffSessionSchema>
export type StaffDoc = z.infer<typeof staffDocSchema>

/** Published course and campaign documents by id; unknown ids are simply absent. */
export async function loadStaffDocs(env: Env, ids: string[]): Promise<Map<string, StaffDoc>> {
  const docs = new Map<string, StaffDoc>()
  if (ids.length === 0) return docs
  const parsed = z.array(staffDocSchema).safeParse(await fetchContent(env, staffDocsQuery, { ids }))
  if (!parsed.success) throw new Error('unexpected course/campaign shape from the content store')
  for (const doc of parsed.data) docs.set(doc._id, doc)
  return docs
}

/** The published id a Studio document id belongs to (drafts.x and versions.r.x → x). */
export function publishedDocId(id: string): string {
  if (id.startsWith('drafts.')) return id.slice('drafts.'.length)
  if (id.startsWith('versions.')) return id.split('.').slice(2).join('.')
  return id
}

/**
 * A session as staff see it: its title and when it runs in the zone the public site shows it in
 * (the session's own zone, London by default), formatted as the site formats it, so the times in
 * the Studio match the course page whatever zone the browser is in.
 */
export function sessionLabel(session: StaffSession): string {
  const start = session.start ? new Date(session.start) : null
  const when =
    start && !Number.isNaN(start.getTime())
      ? formatSessionWhen(
          start,
          session.durationMinutes ?? undefined,
          session.timezone ?? DEFAULT_TIMEZONE,
        )
      : ''
  return [session.title, when].filter(Boolean).join(' — ') || session._key
}
