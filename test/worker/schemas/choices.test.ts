// Inside workerd, against the seeded content store: the content the worker receives passes zod
// enums built from schemas/choices.ts, the only schemas/ module the worker bundles.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  AUDIENCES,
  CAMPAIGN_KINDS,
  CAMPAIGN_STATUSES,
  COURSE_FORMATS,
  REPORT_KINDS,
  SESSION_MODES,
  SESSION_STATUSES,
  TOPICS,
} from '../../../schemas/choices'

async function query(groq: string): Promise<unknown> {
  const url = new URL(
    `/v${env.SANITY_API_VERSION}/data/query/${env.SANITY_DATASET}`,
    env.SANITY_API_HOST,
  )
  url.searchParams.set('query', groq)
  url.searchParams.set('perspective', 'published')
  const res = await fetch(url)
  expect(res.status).toBe(200)
  return ((await res.json()) as { result: unknown }).result
}

const Course = z.object({
  format: z.enum(COURSE_FORMATS),
  audiences: z.array(z.enum(AUDIENCES)).min(1),
  topics: z.array(z.enum(TOPICS)).min(1),
  sessions: z
    .array(z.object({ status: z.enum(SESSION_STATUSES), mode: z.enum(SESSION_MODES) }))
    .nullable(),
})
const Campaign = z.object({ kind: z.enum(CAMPAIGN_KINDS), status: z.enum(CAMPAIGN_STATUSES) })
const Report = z.object({ kind: z.enum(REPORT_KINDS), topics: z.array(z.enum(TOPICS)).nullable() })

describe('seeded content against the shared enums', () => {
  it('every course, session, campaign and report uses a known choice', async () => {
    const courses = z
      .array(Course)
      .safeParse(
        await query('*[_type == "course"]{format, audiences, topics, sessions[]{status, mode}}'),
      )
    expect(courses.error?.issues ?? []).toEqual([])
    expect(courses.data?.length).toBeGreaterThan(0)

    const campaigns = z
      .array(Campaign)
      .safeParse(await query('*[_type == "campaign"]{kind, status}'))
    expect(campaigns.error?.issues ?? []).toEqual([])

    const reports = z.array(Report).safeParse(await query('*[_type == "report"]{kind, topics}'))
    expect(reports.error?.issues ?? []).toEqual([])
  })

  it('offers alert topics the signup form accepts', async () => {
    const settings = await query('*[_id == "siteSettings"][0]{alertTopics}')
    const parsed = z.object({ alertTopics: z.array(z.enum(TOPICS)).min(1) }).safeParse(settings)
    expect(parsed.error?.issues ?? []).toEqual([])
  })
})
