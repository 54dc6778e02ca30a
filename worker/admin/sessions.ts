// Staff routes for course sessions: counts and lists of registrants and waitlist, the CSV export
// and check-in marking. Personal data leaves only in these answers, never in the audit log.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { loadStaffDocs, sessionLabel, type StaffDoc, type StaffSession } from './content'
import { csvFileName, csvResponse } from '../lib/csv'
import { idParam } from '../lib/route-params'
import type { StaffEnv } from './env'
import { apiError, zodFields } from './errors'
import { registrationsCsv } from './exports'
import {
  checkIn,
  courseSessionCounts,
  emptyCounts,
  findRegistration,
  sessionRegistrants,
  undoCheckIn,
  type Registrant,
  type RegistrationRef,
  type SessionCounts,
} from './store'

const sessionParams = z.object({ courseId: idParam, sessionKey: idParam })
const registrationParams = z.object({ id: idParam })

export type SessionCountsWithCapacity = SessionCounts & {
  capacity: number | null
  seatsLeft: number | null
}

export function withCapacity(
  counts: SessionCounts,
  capacity: number | null,
): SessionCountsWithCapacity {
  // Offered places are held for someone, so they are not free.
  const taken = counts.confirmed + counts.offered
  return {
    ...counts,
    capacity,
    seatsLeft: capacity === null ? null : Math.max(0, capacity - taken),
  }
}

type LoadedSession = {
  doc: StaffDoc | undefined
  session: StaffSession | undefined
  registrants: Registrant[]
  counts: SessionCountsWithCapacity
}

/** Null when neither the content nor the signups know the session (→ 404). */
async function loadSession(
  env: Env,
  courseId: string,
  sessionKey: string,
): Promise<LoadedSession | null> {
  const [docs, registrants, counts] = await Promise.all([
    loadStaffDocs(env, [courseId]),
    sessionRegistrants(env.DB, courseId, sessionKey),
    courseSessionCounts(env.DB, [courseId]),
  ])
  const doc = docs.get(courseId)
  const session = doc?.sessions?.find((s) => s._key === sessionKey)
  if (!session && registrants.length === 0) return null
  const sessionCounts = counts[courseId]?.[sessionKey] ?? emptyCounts()
  return {
    doc,
    session,
    registrants,
    counts: withCapacity(sessionCounts, session?.capacity ?? null),
  }
}

const notFound = (c: Parameters<typeof apiError>[0], courseId: string, sessionKey: string) =>
  apiError(
    c,
    404,
    'not_found',
    `No session "${sessionKey}" on course "${courseId}". Use the course document id (e.g. course.nrm-webinar) and the session's key.`,
  )

// Both session routes: check the params, record the audit entry, load the session; an error
// answer when the params are invalid or the session is unknown.
async function sessionForRoute(
  c: Context<StaffEnv>,
  action: 'session.export' | 'session.view',
): Promise<{ courseId: string; sessionKey: string; loaded: LoadedSession } | Response> {
  const params = sessionParams.safeParse(c.req.param())
  if (!params.success)
    return apiError(
      c,
      400,
      'invalid_request',
      'Check the course id and session key.',
      zodFields(params.error),
    )
  const { courseId, sessionKey } = params.data
  c.set('audit', { action, target: `${courseId}/${sessionKey}` })
  const loaded = await loadSession(c.env, courseId, sessionKey)
  if (!loaded) return notFound(c, courseId, sessionKey)
  return { courseId, sessionKey, loaded }
}

// Both check-in routes: check the id, record the audit entry, find the registration; an error
// answer when the id is invalid or unknown.
async function registrationForRoute(
  c: Context<StaffEnv>,
  action: 'registration.check-in' | 'registration.undo-check-in',
): Promise<{ id: string; registration: RegistrationRef } | Response> {
  const params = registrationParams.safeParse(c.req.param())
  if (!params.success)
    return apiError(
      c,
      400,
      'invalid_request',
      'Check the registration id.',
      zodFields(params.error),
    )
  const { id } = params.data
  c.set('audit', { action, target: id })
  const registration = await findRegistration(c.env.DB, id)
  if (!registration) return apiError(c, 404, 'not_found', `No registration "${id}".`)
  return { id, registration }
}

export const sessionRoutes = new Hono<StaffEnv>()
  .get('/sessions/:courseId/:sessionKey/export.csv', async (c) => {
    const found = await sessionForRoute(c, 'session.export')
    if (found instanceof Response) return found
    const { courseId, sessionKey, loaded } = found
    const csv = registrationsCsv(loaded.registrants)
    return csvResponse(csv, csvFileName(loaded.doc?.slug ?? courseId, sessionKey, 'registrations'))
  })
  .get('/sessions/:courseId/:sessionKey', async (c) => {
    const found = await sessionForRoute(c, 'session.view')
    if (found instanceof Response) return found
    const { courseId, sessionKey, loaded } = found
    const waitlisted = loaded.registrants.filter((r) => r.status === 'waitlisted')
    c.header('Cache-Control', 'private, no-store')
    return c.json({
      course: { id: courseId, title: loaded.doc?.title ?? null, slug: loaded.doc?.slug ?? null },
      session: {
        key: sessionKey,
        label: loaded.session ? sessionLabel(loaded.session) : sessionKey,
        start: loaded.session?.start ?? null,
        status: loaded.session?.status ?? null,
        inContent: loaded.session !== undefined,
      },
      counts: loaded.counts,
      registrants: loaded.registrants.filter((r) => r.status !== 'waitlisted'),
      waitlist: waitlisted.map((r, i) => ({ ...r, position: i + 1 })),
    })
  })
  .post('/registrations/:id/check-in', async (c) => {
    const found = await registrationForRoute(c, 'registration.check-in')
    if (found instanceof Response) return found
    const { id, registration } = found
    if (registration.status !== 'confirmed') {
      return apiError(
        c,
        409,
        'not_confirmed',
        `Only confirmed registrations can be checked in; this one is ${registration.status}.`,
      )
    }
    await checkIn(c.env.DB, id, c.get('staff').actor, new Date())
    const after = await findRegistration(c.env.DB, id)
    c.header('Cache-Control', 'private, no-store')
    return c.json({ registration: after })
  })
  .delete('/registrations/:id/check-in', async (c) => {
    const found = await registrationForRoute(c, 'registration.undo-check-in')
    if (found instanceof Response) return found
    const { id, registration } = found
    await undoCheckIn(c.env.DB, id)
    c.header('Cache-Control', 'private, no-store')
    return c.json({ registration: { ...registration, checkedInAt: null, checkedInBy: null } })
  })
