// Staff routes for course sessions: counts and lists of registrants and waitlist, the CSV export
// and check-in marking. Personal data leaves only in these answers, never in the audit log.
import { validator } from 'hono-openapi'
import { Hono, type Context } from 'hono'
import * as z from 'zod'
import { fail, invalidInput } from '../lib/http-errors'
import { loadStaffDocs, sessionLabel, type StaffDoc, type StaffSession } from './content'
import { csvFileName, csvResponse } from '../lib/csv'
import { idParam } from '../lib/route-params'
import type { StaffEnv } from './env'
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

export const validSession = validator(
  'param',
  sessionParams,
  invalidInput('invalid_request', 'Check the course id and session key.'),
)
const validRegistration = validator(
  'param',
  registrationParams,
  invalidInput('invalid_request', 'Check the registration id.'),
)

// Both session routes, once the params are valid: record the audit entry, load the session.
async function sessionForRoute(
  c: Context<StaffEnv>,
  action: 'session.export' | 'session.view',
  { courseId, sessionKey }: z.output<typeof sessionParams>,
): Promise<LoadedSession> {
  c.set('audit', { action, target: `${courseId}/${sessionKey}` })
  const loaded = await loadSession(c.env, courseId, sessionKey)
  if (!loaded) {
    fail(
      404,
      'not_found',
      `No session "${sessionKey}" on course "${courseId}". Use the course document id (e.g. course.nrm-webinar) and the session's key.`,
    )
  }
  return loaded
}

// Both check-in routes, once the id is valid: record the audit entry, find the registration.
async function registrationForRoute(
  c: Context<StaffEnv>,
  action: 'registration.check-in' | 'registration.undo-check-in',
  id: string,
): Promise<RegistrationRef> {
  c.set('audit', { action, target: id })
  const registration = await findRegistration(c.env.DB, id)
  if (!registration) fail(404, 'not_found', `No registration "${id}".`)
  return registration
}

export const sessionRoutes = new Hono<StaffEnv>()
  .get('/sessions/:courseId/:sessionKey/export.csv', validSession, async (c) => {
    const { courseId, sessionKey } = c.req.valid('param')
    const loaded = await sessionForRoute(c, 'session.export', { courseId, sessionKey })
    const csv = registrationsCsv(loaded.registrants)
    return csvResponse(csv, csvFileName(loaded.doc?.slug ?? courseId, sessionKey, 'registrations'))
  })
  .get('/sessions/:courseId/:sessionKey', validSession, async (c) => {
    const { courseId, sessionKey } = c.req.valid('param')
    const loaded = await sessionForRoute(c, 'session.view', { courseId, sessionKey })
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
  .post('/registrations/:id/check-in', validRegistration, async (c) => {
    const { id } = c.req.valid('param')
    const registration = await registrationForRoute(c, 'registration.check-in', id)
    if (registration.status !== 'confirmed') {
      fail(
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
  .delete('/registrations/:id/check-in', validRegistration, async (c) => {
    const { id } = c.req.valid('param')
    const registration = await registrationForRoute(c, 'registration.undo-check-in', id)
    await undoCheckIn(c.env.DB, id)
    c.header('Cache-Control', 'private, no-store')
    return c.json({ registration: { ...registration, checkedInAt: null, checkedInBy: null } })
  })
