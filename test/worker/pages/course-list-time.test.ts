// /courses as time passes: a course stays upcoming while a session is under way, moves to the past
// tab once its last attendable session has ended (a cancelled future session does not keep it
// upcoming), lists soonest first, and the page goes stale when the next session ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { built, createDrafts, inspect, pageDoc, uniqueSlug } from './helpers'

const MIN = 60_000
const DAY = 86_400_000
const base = Date.now()
const at = (ms: number) => new Date(base + ms).toISOString()
// Filters no seed course has, so the lists below hold only this file's drafts.
const FILTER = 'audience=foster-carers&topic=supply-chains'
const run = uniqueSlug('timed')
const title = (name: string) => `${name} ${run}`
const UNDER_WAY_END = at(30 * MIN)
let cleanup: () => Promise<void>

function course(
  name: string,
  sessions: { start: string; minutes: number | undefined; status?: string }[],
) {
  return {
    ...pageDoc('course', `${run}-${name}`, title(name)),
    format: 'webinar',
    audiences: ['foster-carers'],
    topics: ['supply-chains'],
    sessions: sessions.map((s, i) => ({
      _key: `s${i}`,
      _type: 'courseSession',
      start: s.start,
      durationMinutes: s.minutes,
      timezone: 'Europe/London',
      status: s.status ?? 'scheduled',
    })),
  }
}

async function titles(path: string): Promise<string[]> {
  const page = await built(path, 'drafts')
  expect(page.status).toBe(200)
  const f = await inspect(page.body)
  return f.headings.filter((h) => h.startsWith('h3:') && h.includes(run)).map((h) => h.slice(3))
}

beforeAll(async () => {
  cleanup = await createDrafts([
    course('under-way', [{ start: at(-30 * MIN), minutes: 60 }]),
    course('in-two-days', [{ start: at(2 * DAY), minutes: 60 }]),
    // No length given: an hour, as its calendar event shows it, so it is still under way.
    course('no-length', [{ start: at(-20 * MIN), minutes: undefined }]),
    course('tomorrow', [
      { start: at(-3 * DAY), minutes: 60 },
      { start: at(DAY), minutes: 90 },
    ]),
    course('finished', [{ start: at(-2 * 60 * MIN), minutes: 60 }]),
    course('cancelled-next', [
      { start: at(-5 * DAY), minutes: 60 },
      { start: at(3 * DAY), minutes: 60, status: 'cancelled' },
    ]),
  ])
})

afterAll(async () => {
  await cleanup()
})

describe('/courses over time', () => {
  it('lists courses with a session still to finish, soonest first', async () => {
    expect(await titles(`/courses?${FILTER}`)).toEqual([
      title('under-way'),
      title('no-length'),
      title('tomorrow'),
      title('in-two-days'),
    ])
  })

  it('puts finished courses and those whose only future session is cancelled on the past tab', async () => {
    expect(await titles(`/courses?when=past&${FILTER}`)).toEqual([
      title('cancelled-next'),
      title('finished'),
    ])
  })

  it('shows a session without a length as under way on its own page for its first hour', async () => {
    const page = await built(`/courses/${run}-no-length`, 'drafts')
    expect(page.status).toBe(200)
    expect(page.body).toContain('session session--scheduled')
    expect(page.body).not.toContain('session--past')
  })

  it('goes stale when the session under way ends', async () => {
    const page = await built(`/courses?${FILTER}`, 'drafts')
    expect(page.staleAt).toBe(UNDER_WAY_END)
  })
})
