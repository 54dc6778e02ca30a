// The seed dataset (studio/seed/dataset.ndjson) is valid Sanity export data that fits the
// content model, and holds the situations other tests and demos rely on: sessions to register
// for, closed and cancelled ones, both sides of the clock change, a live petition.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as choices from '../../../schemas/choices'
import { checkDataset, parseNdjson, type SeedDocument } from '../../../studio/import/documents'
import { ROOT } from '../toolchain/run'

const text = await readFile(join(ROOT, 'studio/seed/dataset.ndjson'), 'utf8')
const docs = parseNdjson(text)
const published = docs.filter((doc) => !doc._id.startsWith('drafts.'))
const ofType = (type: string) => published.filter((doc) => doc._type === type)

type Session = {
  _key: string
  start: string
  durationMinutes: number
  timezone: string
  mode: string
  capacity?: number
  registrationOpens?: string
  registrationCloses?: string
  status: string
  venue?: { city?: string }
}
const sessions = ofType('course').flatMap((course) =>
  ((course.sessions as Session[] | undefined) ?? []).map((session) => ({ course, session })),
)
const now = Date.now()
const upcoming = sessions.filter(({ session }) => Date.parse(session.start) > now)
const registrable = upcoming.filter(
  ({ session }) =>
    session.status === 'scheduled' &&
    (!session.registrationOpens || Date.parse(session.registrationOpens) <= now) &&
    (!session.registrationCloses || Date.parse(session.registrationCloses) > now),
)

/** The offset from UTC, in minutes, of a session's start in Europe/London. */
function londonOffset(iso: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso))
  const hour = Number(parts.find((p) => p.type === 'hour')?.value)
  return ((hour - new Date(iso).getUTCHours() + 24) % 24) * 60
}

/** Every array item that is an object carries a _key, as the Studio requires. */
function missingKeys(value: unknown, path: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [
      ...(typeof item === 'object' && item !== null && !('_key' in item) ? [`${path}[${i}]`] : []),
      ...missingKeys(item, `${path}[${i}]`),
    ])
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => missingKeys(v, `${path}.${k}`))
  }
  return []
}

describe('seed dataset format', () => {
  it('is one JSON document per line with system fields', () => {
    const lines = text.trim().split('\n')
    expect(lines.length).toBe(docs.length)
    for (const doc of docs) {
      expect(typeof doc._createdAt, doc._id).toBe('string')
      expect(typeof doc._updatedAt, doc._id).toBe('string')
      expect(typeof doc._rev, doc._id).toBe('string')
    }
  })

  it('has unique ids and no dangling references', () => {
    expect(checkDataset(docs)).toEqual([])
  })

  it('keys every object in every array', () => {
    expect(docs.flatMap((doc) => missingKeys(doc, doc._id))).toEqual([])
  })

  it('stores slugs as slug objects, unique per type', () => {
    for (const type of ['organisation', 'course', 'campaign', 'report', 'newsPost']) {
      const slugs = ofType(type).map((doc) => {
        expect(doc.slug, doc._id).toMatchObject({ _type: 'slug', current: expect.any(String) })
        return (doc.slug as { current: string }).current
      })
      expect(new Set(slugs).size, `${type} slugs`).toBe(slugs.length)
    }
  })

  it('includes a draft and the site settings singleton', () => {
    expect(docs.some((doc) => doc._id.startsWith('drafts.'))).toBe(true)
    const settings = docs.find((doc) => doc._id === 'siteSettings')
    expect(settings).toMatchObject({
      _type: 'siteSettings',
      quickExitUrl: 'https://www.bbc.co.uk/weather',
    })
  })
})

describe('seed content fits the content model', () => {
  const check = (doc: SeedDocument, field: string, list: readonly string[]) => {
    const value = doc[field]
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value]
    for (const v of values) expect(list, `${doc._id}.${field}`).toContain(v)
  }

  it('uses only values from the shared choice lists', () => {
    for (const doc of ofType('organisation')) check(doc, 'kind', choices.ORGANISATION_KINDS)
    for (const doc of ofType('contact')) {
      check(doc, 'kind', choices.CONTACT_KINDS)
      check(doc, 'serviceType', choices.CONTACT_SERVICES)
      check(doc, 'visibility', choices.VISIBILITIES)
    }
    for (const doc of ofType('course')) {
      check(doc, 'format', choices.COURSE_FORMATS)
      check(doc, 'audiences', choices.AUDIENCES)
      check(doc, 'topics', choices.TOPICS)
    }
    for (const { session } of sessions) {
      expect(choices.SESSION_STATUSES).toContain(session.status)
      expect(choices.SESSION_MODES).toContain(session.mode)
    }
    for (const doc of ofType('campaign')) {
      check(doc, 'kind', choices.CAMPAIGN_KINDS)
      check(doc, 'status', choices.CAMPAIGN_STATUSES)
    }
    for (const doc of ofType('report')) {
      check(doc, 'kind', choices.REPORT_KINDS)
      check(doc, 'topics', choices.TOPICS)
    }
    for (const doc of ofType('newsPost')) check(doc, 'topics', choices.TOPICS)
    for (const doc of ofType('siteSettings')) check(doc, 'alertTopics', choices.TOPICS)
  })

  it('keeps session rules: positive duration and capacity, registration closing before the start', () => {
    for (const { course, session } of sessions) {
      const where = `${course._id} session ${session._key}`
      expect(session.durationMinutes, where).toBeGreaterThan(0)
      expect(session.timezone, where).toBe('Europe/London')
      if (session.capacity !== undefined)
        expect(Number.isInteger(session.capacity) && session.capacity > 0, where).toBe(true)
      if (session.registrationCloses)
        expect(Date.parse(session.registrationCloses), where).toBeLessThanOrEqual(
          Date.parse(session.start),
        )
      if (session.registrationOpens && session.registrationCloses)
        expect(Date.parse(session.registrationOpens), where).toBeLessThan(
          Date.parse(session.registrationCloses),
        )
      if (session.mode === 'in-person') expect(session.venue?.city, where).toBeTruthy()
    }
  })

  it('labels invented content as example content', () => {
    for (const { course } of upcoming) {
      expect(
        course.isExample,
        `${course._id} has future sessions but is not marked as an example`,
      ).toBe(true)
      expect(String(course.title)).toMatch(/^Example/)
    }
    for (const campaign of ofType('campaign').filter((c) => c.status === 'live')) {
      expect(campaign.isExample).toBe(true)
      expect(String(campaign.title)).toMatch(/^Example/)
    }
  })

  it('requires an HTML summary for every report', () => {
    for (const report of ofType('report'))
      expect((report.body as unknown[]).length, report._id).toBeGreaterThan(0)
  })
})

describe('seed situations other tests rely on', () => {
  it('has at least two upcoming sessions open for registration', () => {
    expect(registrable.length).toBeGreaterThanOrEqual(2)
  })

  it('has an upcoming registrable session with exactly 20 places', () => {
    expect(registrable.some(({ session }) => session.capacity === 20)).toBe(true)
  })

  it('has an upcoming session whose registration has closed, and a cancelled one', () => {
    expect(
      upcoming.some(
        ({ session }) => session.registrationCloses && Date.parse(session.registrationCloses) < now,
      ),
    ).toBe(true)
    expect(sessions.some(({ session }) => session.status === 'cancelled')).toBe(true)
  })

  it('has sessions in British Summer Time and in Greenwich Mean Time', () => {
    const offsets = new Set(sessions.map(({ session }) => londonOffset(session.start)))
    expect(offsets).toContain(60)
    expect(offsets).toContain(0)
  })

  it('has a live petition with milestones and a visible count', () => {
    const live = ofType('campaign').find((c) => c.kind === 'petition' && c.status === 'live')
    expect(live?.petition).toMatchObject({
      showCount: true,
      milestones: expect.arrayContaining([expect.any(Number)]),
    })
  })

  it('keeps the facts of the seed texts', () => {
    const petition = published.find((doc) => doc._id === 'campaign.specialist-support-petition')
    expect(petition?.petition).toMatchObject({ offlineCount: 120535 })
    const nrm = published.find((doc) => doc._id === 'course.nrm-webinar')
    // Monday 30 March 2020, 11am in London: the day after the clocks went forward.
    expect((nrm?.sessions as Session[])[0]).toMatchObject({
      start: '2020-03-30T10:00:00.000Z',
      durationMinutes: 45,
    })
    const helpline = published.find((doc) => doc._id === 'contact.nspcc-helpline')
    expect(helpline).toMatchObject({ phone: '0808 800 5000', email: 'help@nspcc.org.uk' })
  })
})
