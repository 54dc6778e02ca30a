// The content boundary: the Content Lake enforces no schema, so the zod models must keep what is
// good, drop what is broken, and fail a document only when its essentials are missing.
import { describe, expect, it } from 'vitest'
import { contact, course, courseCard, report, settings } from '../../../worker/content/models'
import { parseSettings } from '../../../worker/content/settings'

const goodSession = {
  _key: 'a1',
  start: '2027-03-30T10:00:00Z',
  durationMinutes: 45,
  timezone: 'Europe/London',
  mode: 'online',
  capacity: 30,
  status: 'scheduled',
}

describe('course', () => {
  it('parses a complete card', () => {
    const c = courseCard.parse({
      _id: 'course.x',
      title: 'A course',
      slug: 'a-course',
      format: 'webinar',
      audiences: ['police'],
      topics: ['nrm'],
      sessions: [goodSession],
    })
    expect(c.sessions).toHaveLength(1)
    expect(c.isExample).toBe(false)
  })

  it('fails without its essentials (title, a URL-safe slug)', () => {
    expect(courseCard.safeParse({ _id: 'c', slug: 'x' }).success).toBe(false)
    expect(courseCard.safeParse({ _id: 'c', title: 'T', slug: null }).success).toBe(false)
    expect(courseCard.safeParse({ _id: 'c', title: 'T', slug: 'has/slash' }).success).toBe(false)
    expect(courseCard.safeParse({ _id: 'c', title: '   ', slug: 'x' }).success).toBe(false)
  })

  it('drops bogus sessions and unknown choice values, keeps the rest', () => {
    const c = course.parse({
      _id: 'course.x',
      title: 'A course',
      slug: 'a-course',
      format: 'carrier-pigeon',
      audiences: ['police', 'astronauts', 7],
      topics: 'nrm',
      sessions: [
        goodSession,
        { ...goodSession, _key: 'b2', start: 'next tuesday' },
        { ...goodSession, _key: undefined },
        'not a session',
        { ...goodSession, _key: 'c3', timezone: 'Mars/Olympus', status: 'maybe', capacity: -4 },
      ],
      learningOutcomes: ['One', 3, ''],
      trainers: [null, { _id: 'contact.a', name: 'Trainer A', email: 'not-an-email' }],
      price: 'free',
      cpdHours: 'three',
    })
    expect(c.format).toBeUndefined()
    expect(c.audiences).toEqual(['police'])
    expect(c.topics).toEqual([])
    expect(c.sessions.map((s) => s._key)).toEqual(['a1', 'c3'])
    // A broken optional value falls back to its default rather than failing the session.
    expect(c.sessions[1]).toMatchObject({
      timezone: 'Europe/London',
      status: 'scheduled',
      capacity: undefined,
    })
    expect(c.learningOutcomes).toEqual(['One'])
    expect(c.trainers).toEqual([expect.objectContaining({ name: 'Trainer A', email: undefined })])
    expect(c.price).toBeUndefined()
    expect(c.cpdHours).toBeUndefined()
    expect(c.body).toEqual([])
  })
})

describe('report, contact and settings', () => {
  it('keeps only safe web URLs for files and external links', () => {
    const r = report.parse({
      _id: 'report.x',
      title: 'R',
      slug: 'r',
      externalUrl: 'javascript:alert(1)',
      fileUrl: 'https://cdn.sanity.io/files/p/d/abc.pdf',
      keyFindings: 'not a list',
      publishedAt: '2020-06-04',
    })
    expect(r.externalUrl).toBeUndefined()
    expect(r.fileUrl).toBe('https://cdn.sanity.io/files/p/d/abc.pdf')
    expect(r.keyFindings).toEqual([])
  })

  it('checks phone and email formats on contacts', () => {
    const c = contact.parse({
      _id: 'contact.x',
      name: 'Helpline',
      phone: '0808 800 5000',
      email: 'help@nspcc.org.uk',
    })
    expect(c.phone).toBe('0808 800 5000')
    expect(
      contact.parse({ _id: 'contact.y', name: 'Y', phone: 'call us', email: 'x@' }).phone,
    ).toBeUndefined()
  })

  it('falls back to safe defaults when site settings are missing or broken', () => {
    expect(parseSettings(null)).toMatchObject({
      title: 'Safeguard',
      quickExitUrl: 'https://www.bbc.co.uk/weather',
    })
    const s = settings.parse({
      _id: 'siteSettings',
      title: 'Charity',
      quickExitUrl: 'javascript:alert(1)',
      navigation: [
        { label: 'Bad', href: 'javascript:x' },
        { label: 'Courses', href: '/courses' },
      ],
    })
    expect(s.quickExitUrl).toBe('https://www.bbc.co.uk/weather')
    expect(s.navigation).toEqual([{ label: 'Courses', href: '/courses' }])
    expect(s.footer.links).toEqual([])
  })
})
