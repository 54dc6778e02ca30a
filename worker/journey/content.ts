// What the after-registration jobs read from the content store: the courses of the sessions
// they handle (sessions, reminder times, CPD hours, providers) and the site's reminder default
// and organisation. Both are checked with zod; one query each per cron run.
import * as z from 'zod'
import { fetchContent } from '../content/client'
import { list, optPositive, optText } from '../content/fields'
import { journeyCoursesQuery, journeySettingsQuery } from '../content/queries'
import { signupCourse } from '../signups/content'

/** The default reminder times, in hours before the session: two days and one hour. */
const DEFAULT_REMINDER_HOURS = [48, 1]
/** The longest reminder time accepted (the schema's limit): how far ahead the cron looks. */
export const MAX_REMINDER_HOURS = 336

const hours = list(z.number().finite().positive().max(MAX_REMINDER_HOURS))

const journeyCourse = signupCourse.extend({
  cpdHours: optPositive,
  providers: list(z.string().trim().min(1)),
  reminders: z
    .object({ mode: z.enum(['site', 'custom', 'off']).catch('site'), hoursBefore: hours })
    .optional()
    .catch(undefined),
})
export type JourneyCourse = z.output<typeof journeyCourse>

const journeySettings = z.object({
  title: optText,
  organisation: optText,
  reminders: z
    .object({ enabled: z.boolean().catch(true), hoursBefore: hours })
    .optional()
    .catch(undefined),
})
export type JourneySettings = z.output<typeof journeySettings>

const FALLBACK_SETTINGS: JourneySettings = {
  title: undefined,
  organisation: undefined,
  reminders: undefined,
}

export async function journeyCourses(env: Env, ids: string[]): Promise<Map<string, JourneyCourse>> {
  const out = new Map<string, JourneyCourse>()
  if (ids.length === 0) return out
  const found = list(journeyCourse).parse(await fetchContent(env, journeyCoursesQuery, { ids }))
  for (const course of found) out.set(course._id, course)
  return out
}

export async function loadJourneySettings(env: Env): Promise<JourneySettings> {
  const parsed = journeySettings.safeParse(await fetchContent(env, journeySettingsQuery))
  return parsed.success ? parsed.data : FALLBACK_SETTINGS
}

/**
 * The reminder times for a course, smallest first; empty when reminders are off. A course's own
 * times win, then the site's; an empty custom or site list means the default.
 */
export function reminderHours(course: JourneyCourse, settings: JourneySettings): number[] {
  const own = course.reminders
  if (own?.mode === 'off') return []
  let chosen: number[]
  if (own?.mode === 'custom' && own.hoursBefore.length > 0) chosen = own.hoursBefore
  else if (settings.reminders?.enabled === false) return []
  else if (settings.reminders && settings.reminders.hoursBefore.length > 0)
    chosen = settings.reminders.hoursBefore
  else chosen = DEFAULT_REMINDER_HOURS
  return [...new Set(chosen)].sort((a, b) => a - b)
}

/** Who provides a course, as printed on its certificates. */
export function providerName(course: JourneyCourse | undefined, settings: JourneySettings) {
  if (course && course.providers.length > 0) return course.providers.join(' and ')
  return settings.organisation ?? settings.title ?? 'Safeguard'
}
