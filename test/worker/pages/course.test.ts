// A course page as someone deciding whether to book sees it: each session's time in its own
// timezone, its status, the seats left (from D1), the registration state and form, the calendar
// link, trainers and providers, and the example-content label.
import { env } from 'cloudflare:test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BuiltPage } from '../../../worker/pages/build'
import { built, createDrafts, inspect, pageDoc, uniqueSlug, type PageFacts } from './helpers'

const DAY = 86_400_000
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString()
const slug = uniqueSlug('course')
const id = `course.${slug}`
const emailSlug = uniqueSlug('email-course')
// The first moment after now at which the page changes by itself: the open session's closing.
const OPEN_CLOSES = at(29)
let cleanup: () => Promise<void>
let page: BuiltPage
let f: PageFacts

function session(key: string, start: string, extra: Record<string, unknown> = {}) {
  return {
    _key: key,
    _type: 'courseSession',
    start,
    durationMinutes: 90,
    timezone: 'Europe/London',
    mode: 'online',
    status: 'scheduled',
    ...extra,
  }
}

async function register(sessionKey: string, status: 'confirmed' | 'waitlisted', n: number) {
  const now = Date.now()
  for (let i = 0; i < n; i++) {
    await env.DB.prepare(
      `INSERT INTO registrations (id, course_id, course_slug, session_key, name, email, email_norm, role, status,
         session_snapshot, consent_text, consent_version, source, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, 'Test Person', ?5, ?5, 'police', ?6, '{}', 'consent', 'v1', 'form', ?7, ?7)`,
    )
      .bind(
        crypto.randomUUID(),
        id,
        slug,
        sessionKey,
        `${status}-${i}-${sessionKey}@example.org`,
        status,
        now,
      )
      .run()
  }
}

beforeAll(async () => {
  cleanup = await createDrafts([
    {
      _id: 'contact.pages-test-internal-trainer',
      _type: 'contact',
      name: 'Internal Trainer',
      role: 'Trainer',
      email: 'secret-trainer@example.org',
      visibility: 'internal',
      notes: 'Private note',
    },
    {
      ...pageDoc('course', slug, 'Recognising criminal exploitation'),
      format: 'webinar',
      audiences: ['police', 'social-workers'],
      topics: ['county-lines'],
      summary: 'How to spot county lines exploitation.',
      isExample: true,
      learningOutcomes: ['Spot the signs'],
      cpdHours: 1.5,
      price: { isFree: false, amount: 45, currency: 'GBP' },
      providers: [{ _type: 'reference', _ref: 'organisation.ecpat-uk', _key: 'p' }],
      trainers: [
        { _type: 'reference', _ref: 'contact.laura-duran', _key: 't1' },
        { _type: 'reference', _ref: 'contact.pages-test-internal-trainer', _key: 't2' },
      ],
      sessions: [
        session('open', at(30), {
          title: 'Spring cohort',
          capacity: 3,
          registrationOpens: at(-5),
          registrationCloses: OPEN_CLOSES,
        }),
        // An editor repeating the course title as the session title adds nothing.
        session('full', at(40), { capacity: 2, title: 'Recognising  criminal exploitation' }),
        session('later', at(200), { registrationOpens: at(100), capacity: 20 }),
        session('cancelled', at(50), { status: 'cancelled', capacity: 20 }),
        session('postponed', at(60), { status: 'postponed', capacity: 20 }),
        session('done', '2020-03-30T10:00:00Z', { durationMinutes: 45, capacity: 20 }),
        session('winter', '2030-01-15T10:00:00Z', {
          mode: 'in-person',
          venue: { name: 'Training centre', city: 'London' },
        }),
      ],
    },
    {
      ...pageDoc('course', emailSlug, 'Bespoke training'),
      format: 'in-person',
      registrationEmail: 'book@example.org',
      sessions: [session('s1', at(20))],
    },
  ])
  await register('open', 'confirmed', 1)
  await register('full', 'confirmed', 2)
  await register('full', 'waitlisted', 1)
  page = await built(`/courses/${slug}`, 'drafts')
  f = await inspect(page.body)
})

afterAll(async () => {
  await cleanup()
})

/** The HTML of one session's list item. */
function sessionHtml(key: string): string {
  const start = page.body.indexOf(`id="session-${key}"`)
  expect(start).toBeGreaterThan(0)
  const next = page.body.indexOf('<li class="session', start)
  return page.body.slice(start, next > 0 ? next : page.body.indexOf('</ul>', start))
}

describe('course page', () => {
  it('renders the course with its details and the example label', () => {
    expect(page.status).toBe(200)
    expect(f.h1).toEqual(['Recognising criminal exploitation'])
    for (const text of [
      'Example content',
      'Webinar',
      'Police, Social workers',
      '£45.00',
      '1.5 hours',
      'Spot the signs',
      'County lines',
      'ECPAT UK',
    ]) {
      expect(f.text).toContain(text)
    }
  })

  it('shows each session in its own timezone, winter and summer', () => {
    expect(f.text).toContain('Tuesday 15 January 2030, 10:00–11:30 GMT')
    expect(f.text).toContain('Monday 30 March 2020, 11:00–11:45 BST')
    expect(sessionHtml('winter')).toContain('Training centre, London')
  })

  it('shows seats left from confirmed registrations and an open form', () => {
    const html = sessionHtml('open')
    expect(html).toContain('Spring cohort')
    expect(html).toContain('2 places left of 3')
    expect(html).toContain(`action="/register/${slug}/open"`)
    expect(html).toContain('<button type="submit">Register</button>')
  })

  it('heads each session card with its own title or its date, not the course title', () => {
    expect(sessionHtml('open')).toMatch(/<h3>Spring cohort/)
    expect(sessionHtml('full')).toMatch(/<h3><time datetime="[^"]+">[A-Z][a-z]+day \d+ /)
    expect(f.headings.filter((h) => h.includes('Recognising criminal exploitation'))).toEqual([
      'h1:Recognising criminal exploitation',
    ])
  })

  it('says when it next changes by itself: the first registration closing or session start', () => {
    expect(page.staleAt).toBe(OPEN_CLOSES)
  })

  it('offers the waiting list when a session is full', () => {
    const html = sessionHtml('full')
    expect(html).toContain('Fully booked: waiting list open')
    expect(html).toContain('Join the waiting list')
    expect(html).toContain(`action="/register/${slug}/full"`)
  })

  it('says when registration has not opened yet, without a form', () => {
    const html = sessionHtml('later')
    expect(html).toContain('has not opened yet')
    expect(html).not.toContain('<form')
  })

  it('marks cancelled and postponed sessions clearly and takes no registrations', () => {
    const cancelled = sessionHtml('cancelled')
    expect(cancelled).toContain('Cancelled')
    expect(cancelled).toContain('This session has been cancelled.')
    expect(cancelled).not.toContain('<form')
    expect(cancelled).not.toContain('.ics')
    const postponed = sessionHtml('postponed')
    expect(postponed).toContain('Postponed')
    expect(postponed).toContain('has been postponed')
    expect(postponed).not.toContain('<form')
  })

  it('lists past sessions separately with no form', () => {
    expect(f.headings).toContain('h2:Past sessions')
    const done = sessionHtml('done')
    expect(done).toContain('This session has taken place.')
    expect(done).not.toContain('<form')
  })

  it('links each upcoming session to its calendar file', () => {
    expect(f.links.map((l) => l.href)).toContain(`/courses/${slug}/sessions/open.ics`)
  })

  it('names public trainers and nothing of an internal one', () => {
    expect(f.text).toContain('Laura Durán')
    expect(page.body).not.toContain('Internal Trainer')
    expect(page.body).not.toContain('secret-trainer@example.org')
    expect(page.body).not.toContain('Private note')
  })

  it('describes the course and its instances in JSON-LD', () => {
    const ld = f.jsonLd[0] as {
      '@type': string
      hasCourseInstance: { eventStatus: string }[]
      offers: { price: number }
    }
    expect(ld['@type']).toBe('Course')
    expect(ld.hasCourseInstance).toHaveLength(7)
    expect(ld.hasCourseInstance.map((i) => i.eventStatus)).toContain(
      'https://schema.org/EventCancelled',
    )
    expect(ld.offers.price).toBe(45)
  })

  it('depends on the course, its references and the settings', () => {
    expect(page.deps).toEqual(
      expect.arrayContaining([
        id,
        'contact.laura-duran',
        'contact.pages-test-internal-trainer',
        'organisation.ecpat-uk',
        'siteSettings',
      ]),
    )
    expect(page.deps.filter((d) => d.startsWith('type:'))).toEqual([])
  })

  it('sends people to email for courses booked by email', async () => {
    const other = await built(`/courses/${emailSlug}`, 'drafts')
    expect(other.body).toContain('href="mailto:book@example.org"')
    expect(other.body).not.toContain('action="/register/')
  })
})
