// Test documents owned by the rebuild tests (ids and slugs start with a per-file prefix so they
// never collide with the seed or with other test files sharing the embedded store).
export function fixtures(prefix: string) {
  const org = {
    _id: `organisation.${prefix}-org`,
    _type: 'organisation',
    name: `${prefix} Training Trust`,
    slug: { _type: 'slug', current: `${prefix}-org` },
    kind: 'charity',
    country: 'United Kingdom',
    summary: 'A training charity used by the rebuild tests.',
  }
  const contact = {
    _id: `contact.${prefix}-trainer`,
    _type: 'contact',
    name: `${prefix} Advice Line`,
    kind: 'service',
    serviceType: 'helpline',
    role: 'Advice line for professionals',
    organisation: { _type: 'reference', _ref: org._id },
    phone: '0800 000 1111',
    visibility: 'public',
  }
  const course = (name: string, title: string, start = '2031-05-14T09:30:00.000Z') => ({
    _id: `course.${prefix}-${name}`,
    _type: 'course',
    title,
    slug: { _type: 'slug', current: `${prefix}-${name}` },
    format: 'webinar',
    audiences: ['social-workers'],
    topics: ['nrm'],
    summary: `${title}: a course used by the rebuild tests.`,
    trainers: [{ _type: 'reference', _ref: contact._id, _key: 'trainer1' }],
    providers: [{ _type: 'reference', _ref: org._id, _key: 'provider1' }],
    price: { isFree: true, currency: 'GBP' },
    isExample: true,
    sessions: [
      {
        _type: 'courseSession',
        _key: 'session1',
        start,
        durationMinutes: 90,
        timezone: 'Europe/London',
        mode: 'online',
        capacity: 40,
        registrationOpens: '2026-01-01T09:00:00.000Z',
        registrationCloses: start,
        status: 'scheduled',
      },
    ],
  })
  return { org, contact, course }
}
