// What the signup flows read from the content store: a course with its sessions (capacity,
// registration window, status, joining details), a campaign's petition settings, and the alert
// topics offered in site settings. Each result is checked with zod before use.
import { z } from 'zod'
import { TOPICS } from '../../schemas/choices'
import { fetchContent } from '../content/client'
import {
  alertTopicsQuery,
  signupCampaignByIdQuery,
  signupCampaignQuery,
  signupCourseByIdQuery,
  signupCourseBySlugQuery,
} from '../content/queries'
import { enumList, list, optText, slug, text } from '../content/fields'
import { session } from '../content/models'

export const signupSession = session.extend({ onlineDetails: optText })
export type SignupSession = z.output<typeof signupSession>

export const signupCourse = z.object({
  _id: text,
  title: text,
  slug,
  topics: enumList(TOPICS),
  format: optText,
  summary: optText,
  sessions: list(signupSession),
})
export type SignupCourse = z.output<typeof signupCourse>

export const signupCampaign = z.object({
  _id: text,
  title: text,
  slug,
  status: z.string().catch('live'),
  petition: z
    .object({
      milestones: list(z.number().int().positive()),
      goal: z.number().int().positive().optional().catch(undefined),
      closingDate: optText,
      showCount: z.boolean().catch(false),
      offlineCount: z.number().int().nonnegative().catch(0),
      target: optText,
    })
    .optional()
    .catch(undefined),
})
export type SignupCampaign = z.output<typeof signupCampaign>

function parseOrNull<T>(schema: z.ZodType<T>, value: unknown): T | null {
  if (value === null || value === undefined) return null
  const parsed = schema.safeParse(value)
  return parsed.success ? parsed.data : null
}

export async function courseBySlug(env: Env, courseSlug: string): Promise<SignupCourse | null> {
  return parseOrNull(
    signupCourse,
    await fetchContent(env, signupCourseBySlugQuery, { slug: courseSlug }),
  )
}

export async function courseById(env: Env, id: string): Promise<SignupCourse | null> {
  return parseOrNull(signupCourse, await fetchContent(env, signupCourseByIdQuery, { id }))
}

export async function campaignBySlug(
  env: Env,
  campaignSlug: string,
): Promise<SignupCampaign | null> {
  return parseOrNull(
    signupCampaign,
    await fetchContent(env, signupCampaignQuery, { slug: campaignSlug }),
  )
}

export async function campaignById(env: Env, id: string): Promise<SignupCampaign | null> {
  return parseOrNull(signupCampaign, await fetchContent(env, signupCampaignByIdQuery, { id }))
}

export async function alertTopics(env: Env): Promise<string[]> {
  const settings = parseOrNull(
    z.object({ alertTopics: enumList(TOPICS) }),
    await fetchContent(env, alertTopicsQuery),
  )
  return settings?.alertTopics ?? []
}

export type SessionAvailability = 'open' | 'not-open-yet' | 'closed' | 'cancelled' | 'unavailable'

/** Whether a session takes registrations right now (the full/waitlist split is decided in SQL). */
export function sessionAvailability(
  s: SignupSession,
  now: number = Date.now(),
): SessionAvailability {
  if (s.status !== 'scheduled') return 'cancelled'
  if (!s.capacity) return 'unavailable'
  if (s.registrationOpens && now < Date.parse(s.registrationOpens)) return 'not-open-yet'
  const closes = s.registrationCloses ? Date.parse(s.registrationCloses) : Date.parse(s.start)
  if (now >= closes || now >= Date.parse(s.start)) return 'closed'
  return 'open'
}

/** The form state the pages engineer passes to RegistrationForm. */
export function registrationFormState(
  s: SignupSession,
  confirmed: number,
  now: number = Date.now(),
): 'open' | 'waitlist' | 'not-open-yet' | 'closed' | 'cancelled' {
  const a = sessionAvailability(s, now)
  if (a === 'unavailable') return 'closed'
  if (a !== 'open') return a
  return s.capacity !== undefined && confirmed >= s.capacity ? 'waitlist' : 'open'
}
