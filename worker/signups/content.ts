// What the signup flows read from the content store: a course with its sessions (capacity,
// registration window, status, joining details), a campaign's petition settings, and the alert
// topics offered in site settings. Each result is checked with zod before use. The signup path
// reads courses through a short per-isolate cache (courseForSignup).
import * as z from 'zod'
import { TOPICS } from '../../schemas/choices'
import { fetchContent } from '../content/client'
import {
  alertTopicsQuery,
  signupCampaignQuery,
  signupCourseByIdQuery,
  signupCourseBySlugQuery,
} from '../content/queries'
import { enumList, list, optText } from '../content/fields'
import { courseCard, pageDocument, session } from '../content/models'

const signupSession = session.extend({ onlineDetails: optText })
export type SignupSession = z.output<typeof signupSession>

/** A course card without what signups never show, and with the sessions' joining details. */
export const signupCourse = courseCard
  .omit({ audiences: true, isExample: true, price: true })
  .extend({ sessions: list(signupSession) })
export type SignupCourse = z.output<typeof signupCourse>

const signupCampaign = pageDocument.extend({
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

async function courseBySlug(env: Env, courseSlug: string): Promise<SignupCourse | null> {
  return parseOrNull(
    signupCourse,
    await fetchContent(env, signupCourseBySlugQuery, { slug: courseSlug }),
  )
}

/**
 * How long an isolate reuses a course's signup fields (capacity, status, registration window,
 * session details) for signups and the registration page. An editor's change therefore applies
 * to new signups within 5 seconds in every isolate, and at once in the isolate that processes
 * the publish (handleContentChange calls forgetSignupCourses). Staleness can only mean the old
 * capacity or window for that long: the seat count itself is always taken in SQL at insert
 * time. (With SANITY_USE_CDN=true, Sanity's API CDN adds its own delay on top.)
 */
export const SIGNUP_COURSE_TTL_MS = 5_000
/**
 * While one request fetches a course, others in the isolate wait for its answer (up to this
 * long) instead of each asking the content store: a burst of signups costs one query, not one
 * per request. A fetch still running after this (its request died) no longer holds them.
 */
const REFRESH_WAIT_MS = 2_000
const REFRESH_POLL_MS = 5
const MAX_CACHED_COURSES = 200

type CachedCourse = { fetchedAt: number; course: SignupCourse | null; refreshingSince?: number }
const cachedCourses = new Map<string, CachedCourse>()

const fresh = (e: CachedCourse | undefined, now: number) =>
  e !== undefined && now - e.fetchedAt < SIGNUP_COURSE_TTL_MS

/**
 * courseBySlug through the per-isolate cache. Only settled values are kept and shared (never a
 * promise another request would await, which Workers does not allow across requests); the
 * result is shared between requests, so never mutate it.
 */
export async function courseForSignup(env: Env, courseSlug: string): Promise<SignupCourse | null> {
  // The store's address is part of the key: another content store is other content.
  const key = `${env.SANITY_API_HOST}\n${env.SANITY_PROJECT_ID}\n${env.SANITY_DATASET}\n${courseSlug}`
  let entry = cachedCourses.get(key)
  if (entry && fresh(entry, Date.now())) return entry.course
  while (
    entry?.refreshingSince !== undefined &&
    Date.now() - entry.refreshingSince < REFRESH_WAIT_MS
  ) {
    await new Promise((resolve) => setTimeout(resolve, REFRESH_POLL_MS))
    entry = cachedCourses.get(key)
    if (entry && fresh(entry, Date.now())) return entry.course
  }
  if (cachedCourses.size >= MAX_CACHED_COURSES) cachedCourses.clear()
  const mine: CachedCourse = {
    ...(entry ?? { fetchedAt: 0, course: null }),
    refreshingSince: Date.now(),
  }
  cachedCourses.set(key, mine)
  try {
    const course = await courseBySlug(env, courseSlug)
    cachedCourses.set(key, { fetchedAt: Date.now(), course })
    return course
  } catch (err) {
    // Waiting requests stop waiting and try for themselves.
    if (cachedCourses.get(key) === mine) cachedCourses.delete(key)
    throw err
  }
}

/** Drops every cached course: a course was published, changed or deleted. */
export function forgetSignupCourses(): void {
  cachedCourses.clear()
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

export async function alertTopics(env: Env): Promise<string[]> {
  const settings = parseOrNull(
    z.object({ alertTopics: enumList(TOPICS) }),
    await fetchContent(env, alertTopicsQuery),
  )
  return settings?.alertTopics ?? []
}
