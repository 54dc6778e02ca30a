// The calendar URLs: the subscription calendars and one session's own .ics.
import { pagePath } from '../../../schemas/content-types'

/** The subscription calendars: every course's sessions, or one course's, organisation's, topic's. */
export const SESSIONS_FEED_PATH = '/sessions.ics'
export const courseCalendarPath = (slug: string) => `${pagePath('course', slug)}/sessions.ics`
export const organisationCalendarPath = (slug: string) =>
  `${pagePath('organisation', slug)}/sessions.ics`
export const topicCalendarPath = (topic: string) => `/topics/${topic}/sessions.ics`

export function sessionPath(courseSlug: string, sessionKey: string): string {
  return `${pagePath('course', courseSlug)}/sessions/${sessionKey}.ics`
}
