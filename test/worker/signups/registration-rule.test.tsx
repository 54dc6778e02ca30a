// One registration rule: over generated sessions (any status, window, capacity or none, seat
// counts or none, before, during and after the session), the course page offers a registration
// form exactly when the registration POST would accept it. And a session without a capacity
// (the Studio's "unlimited places") takes everyone as confirmed.
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { course as courseSchema } from '../../../worker/content/models'
import type { SeatCount } from '../../../worker/content/registration-rule'
import { FALLBACK_SETTINGS } from '../../../worker/content/settings'
import { CourseView } from '../../../worker/pages/views/course'
import { renderDocument } from '../../../worker/ui/layout'
import { registrationRefusal } from '../../../worker/signups/register'
import { insertRegistration } from '../../../worker/signups/registrations'
import { clearSignupTables, rows } from './helpers'

const NOW = Date.parse('2027-01-15T12:00:00.000Z')
const HOUR = 3_600_000
const SLUG = 'rule-course'
const KEY = 'rule-session'

const at = (hoursFromNow: number) => new Date(NOW + hoursFromNow * HOUR).toISOString()

const generatedSession = fc.record(
  {
    status: fc.constantFrom('scheduled', 'scheduled', 'postponed', 'cancelled'),
    startH: fc.integer({ min: -72, max: 2_000 }),
    durationMinutes: fc.integer({ min: 5, max: 600 }),
    capacity: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    opensH: fc.option(fc.integer({ min: -2_000, max: 2_000 }), { nil: undefined }),
    closesH: fc.option(fc.integer({ min: -2_000, max: 2_000 }), { nil: undefined }),
  },
  { requiredKeys: ['status', 'startH', 'durationMinutes'] },
)

const generatedCounts = fc.option(
  fc.record({
    confirmed: fc.integer({ min: 0, max: 40 }),
    waitlisted: fc.integer({ min: 0, max: 3 }),
  }),
  { nil: undefined },
)

type Generated = {
  status: string
  startH: number
  durationMinutes: number
  capacity?: number
  opensH?: number
  closesH?: number
}

function courseWith(g: Generated) {
  const session = {
    _key: KEY,
    start: at(g.startH),
    durationMinutes: g.durationMinutes,
    timezone: 'Europe/London',
    mode: 'online',
    status: g.status,
    ...(g.capacity === undefined ? {} : { capacity: g.capacity }),
    ...(g.opensH === undefined ? {} : { registrationOpens: at(g.opensH) }),
    ...(g.closesH === undefined ? {} : { registrationCloses: at(g.closesH) }),
  }
  return courseSchema.parse({
    _id: `course.${SLUG}`,
    title: 'Rule course',
    slug: SLUG,
    sessions: [session],
  })
}

async function pageOffersForm(
  course: ReturnType<typeof courseWith>,
  counts: SeatCount | undefined,
): Promise<boolean> {
  const html = await renderDocument(
    <CourseView
      env={env}
      settings={FALLBACK_SETTINGS}
      course={course}
      bodyHtml=""
      path={`/courses/${SLUG}`}
      now={new Date(NOW)}
      counts={counts ? { [KEY]: counts } : undefined}
    />,
  )
  return html.includes(`action="/register/${SLUG}/${KEY}"`)
}

describe('one registration rule', () => {
  it('the course page offers a form exactly when the POST accepts', async () => {
    await fc.assert(
      fc.asyncProperty(generatedSession, generatedCounts, async (g, counts) => {
        const course = courseWith(g)
        const session = course.sessions[0]
        if (!session) throw new Error('session dropped by the schema')
        const offered = await pageOffersForm(course, counts)
        const accepted = registrationRefusal(session, NOW) === null
        expect(offered).toBe(accepted)
      }),
      { numRuns: 300 },
    )
  })

  it('a session without a capacity is open (unlimited places) within its window', async () => {
    const course = courseWith({ status: 'scheduled', startH: 100, durationMinutes: 60 })
    const session = course.sessions[0]
    expect(session?.capacity).toBeUndefined()
    expect(await pageOffersForm(course, { confirmed: 500, waitlisted: 0 })).toBe(true)
    expect(session && registrationRefusal(session, NOW)).toBeNull()
  })
})

describe('unlimited places in the registration INSERT', () => {
  beforeEach(clearSignupTables)

  it('confirms everyone when the capacity is null', async () => {
    for (let i = 0; i < 5; i++) {
      const { write } = await insertRegistration(
        env.DB,
        {
          id: `unlimited-${i}`,
          course_id: `course.${SLUG}`,
          course_slug: SLUG,
          session_key: KEY,
          name: `Person ${i}`,
          email: `unlimited${i}@example.org`,
          email_norm: `unlimited${i}@example.org`,
          organisation: '',
          role: 'police',
          access_needs: '',
          session_snapshot: '{}',
          consent_text: 't',
          consent_version: 'v',
          source: 'api',
        },
        null,
        crypto.randomUUID(),
        Date.now(),
      )
      expect(write).toEqual({ kind: 'registered', status: 'confirmed', seatNo: i + 1 })
    }
    expect(
      await rows("SELECT count(*) AS n FROM registrations WHERE status = 'confirmed'"),
    ).toEqual([{ n: 5 }])
  })
})
