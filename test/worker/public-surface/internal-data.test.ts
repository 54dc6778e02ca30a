// No internal data on the public surface, over generated content: internal contacts (every field
// marked) referenced as trainers of courses that campaigns, reports, news posts and organisations
// also name, internal notes on every document, and joining details on every session. Every public
// URL kind is requested (pages, listings with their JSON-LD, search, sitemap, Atom, calendars,
// registration pages, the API's OpenAPI document and count, previews without a valid token) and
// no response body may carry any marker.
import fc from 'fast-check'
import { env, SELF } from 'cloudflare:test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexDocuments } from '../../../worker/search/index-writer'
import { storeClient } from '../store-client'

const SITE = 'https://example.com'
// Every internal value carries this, followed by a space or a digit, so one search of a body finds
// any of them (a search page echoing the bare word back is not a leak).
const MARK = 'zqxinternal'
const LEAK = new RegExp(`${MARK}[\\s\\d]`)

// Sessions are days from today, so the calendars' window always holds the same ones.
const TODAY = Math.floor(Date.now() / 86_400_000) * 86_400_000

type Doc = { _id: string; _type: string; [field: string]: unknown }
type Generated = { docs: Doc[]; paths: string[] }

const ref = (id: string, key?: string) => ({
  _type: 'reference',
  _ref: id,
  ...(key ? { _key: key } : {}),
})

/** One generated dataset: `seed` picks the shapes, `prefix` keeps ids and slugs its own. */
function generate(seed: number, prefix: string): Generated {
  const shape = fc.sample(
    fc.record({
      orgs: fc.integer({ min: 1, max: 3 }),
      internal: fc.integer({ min: 1, max: 4 }),
      courses: fc.array(
        fc.record({
          trainers: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
          withPublic: fc.boolean(),
          sessions: fc.array(
            fc.record({
              mode: fc.constantFrom('online', 'hybrid', 'in-person'),
              days: fc.integer({ min: 5, max: 400 }),
              capacity: fc.option(fc.integer({ min: 1, max: 50 })),
            }),
            { minLength: 1, maxLength: 3 },
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      kind: fc.constantFrom('person', 'service'),
    }),
    { numRuns: 1, seed },
  )[0]
  if (!shape) throw new Error('no sample')
  const mark = (what: string) => `${MARK} ${what} ${prefix}`
  const docs: Doc[] = []
  const orgs = Array.from({ length: shape.orgs }, (_, i) => ({
    _id: `organisation.${prefix}-org-${i}`,
    _type: 'organisation',
    name: `${prefix} Trust ${i}`,
    slug: { _type: 'slug', current: `${prefix}-org-${i}` },
    kind: 'charity',
    country: 'United Kingdom',
    summary: `An organisation generated for ${prefix}.`,
    notes: mark('organisation note'),
  }))
  docs.push(...orgs)
  const orgOf = (i: number) => orgs[i % orgs.length]?._id ?? ''
  const internal = Array.from({ length: shape.internal }, (_, i) => ({
    _id: `contact.${prefix}-internal-${i}`,
    _type: 'contact',
    name: mark(`name ${i}`),
    kind: shape.kind,
    ...(shape.kind === 'service' ? { serviceType: 'helpline' } : {}),
    role: mark(`role ${i}`),
    organisation: ref(orgOf(i)),
    email: `${MARK}${i}@example.org`,
    phone: `0800 ${String(100 + i)} 7777`,
    openingHours: mark(`hours ${i}`),
    visibility: 'internal',
    lastVerified: '2026-06-01',
    notes: mark(`contact note ${i}`),
  }))
  docs.push(...internal)
  const publicContact = {
    _id: `contact.${prefix}-public`,
    _type: 'contact',
    name: `${prefix} Public Trainer`,
    kind: 'person',
    role: 'Trainer',
    organisation: ref(orgOf(0)),
    email: `${prefix}-public@example.org`,
    visibility: 'public',
    lastVerified: '2026-06-01',
    notes: mark('public contact note'),
  }
  docs.push(publicContact)
  const paths: string[] = []
  const courses = shape.courses.map((c, i) => {
    const slug = `${prefix}-course-${i}`
    const sessions = c.sessions.map((s, j) => {
      const start = new Date(TODAY + s.days * 86_400_000).toISOString()
      paths.push(`/courses/${slug}/sessions/s${j}.ics`, `/register/${slug}/s${j}`)
      return {
        _type: 'courseSession',
        _key: `s${j}`,
        start,
        durationMinutes: 90,
        timezone: 'Europe/London',
        mode: s.mode,
        ...(s.mode === 'online'
          ? {}
          : { venue: { name: 'Hall', address: '1 Road', city: 'Leeds' } }),
        onlineDetails: mark(`joining ${i}/${j}`),
        ...(s.capacity === null ? {} : { capacity: s.capacity }),
        registrationOpens: '2026-01-01T09:00:00.000Z',
        registrationCloses: start,
        status: 'scheduled',
      }
    })
    const trainers = [
      ...new Set(c.trainers.map((t) => internal[t % internal.length]?._id ?? '')),
      ...(c.withPublic ? [publicContact._id] : []),
    ].map((id, k) => ref(id, `t${k}`))
    paths.push(`/courses/${slug}`)
    return {
      _id: `course.${slug}`,
      _type: 'course',
      title: `${prefix} course ${i}`,
      slug: { _type: 'slug', current: slug },
      format: 'webinar',
      audiences: ['social-workers'],
      topics: ['nrm'],
      summary: `A course generated for ${prefix}.`,
      trainers,
      providers: [ref(orgOf(i), 'p0')],
      price: { isFree: true, currency: 'GBP' },
      sessions,
      notes: mark(`course note ${i}`),
    }
  })
  docs.push(...courses)
  const courseRefs = courses.map((c, k) => ref(c._id, `c${k}`))
  const campaign = {
    _id: `campaign.${prefix}-campaign`,
    _type: 'campaign',
    title: `${prefix} campaign`,
    slug: { _type: 'slug', current: `${prefix}-campaign` },
    kind: 'petition',
    status: 'live',
    startDate: '2026-01-01',
    summary: `A campaign generated for ${prefix}.`,
    organisations: [ref(orgOf(0), 'o0')],
    relatedCourses: courseRefs,
    petition: { target: 'Minister', goal: 100, milestones: [10], offlineCount: 0, showCount: true },
    notes: mark('campaign note'),
  }
  const report = {
    _id: `report.${prefix}-report`,
    _type: 'report',
    title: `${prefix} report`,
    slug: { _type: 'slug', current: `${prefix}-report` },
    kind: 'research',
    publishedAt: '2026-03-01',
    summary: `A report generated for ${prefix}.`,
    publishers: orgs.map((o, k) => ref(o._id, `o${k}`)),
    relatedCampaigns: [ref(campaign._id, 'r0')],
    notes: mark('report note'),
  }
  const news = {
    _id: `newsPost.${prefix}-news`,
    _type: 'newsPost',
    title: `${prefix} news`,
    slug: { _type: 'slug', current: `${prefix}-news` },
    publishedAt: '2026-04-01T09:00:00.000Z',
    excerpt: `News generated for ${prefix}.`,
    organisations: [ref(orgOf(0), 'o0')],
    relatedCourses: courseRefs,
    relatedCampaigns: [ref(campaign._id, 'n0')],
    relatedReports: [ref(report._id, 'n1')],
    notes: mark('news note'),
  }
  docs.push(campaign, report, news)
  paths.push(
    `/campaigns/${prefix}-campaign`,
    `/api/v1/campaigns/${prefix}-campaign/count`,
    `/reports/${prefix}-report`,
    `/news/${prefix}-news`,
    ...orgs.map((o) => `/organisations/${o.slug.current}`),
    ...orgs.map((o) => `/organisations/${o.slug.current}/sessions.ics`),
    `/search?q=${prefix}`,
    `/search?q=${prefix}&type=course`,
    `/courses?organisation=${orgs[0]?.slug.current ?? ''}`,
    `/reports?organisation=${orgs[0]?.slug.current ?? ''}`,
  )
  return { docs, paths }
}

// Whole-site pages, feeds and documents that do not depend on one generated document; the search
// for the marker itself must find nothing internal either.
const SITE_PATHS = [
  '/',
  '/courses',
  '/courses?when=past',
  '/campaigns',
  '/reports',
  '/news',
  '/contacts',
  `/search?q=${MARK}`,
  '/sitemap.xml',
  '/robots.txt',
  '/feed.xml',
  '/sessions.ics',
  '/topics/nrm/sessions.ics',
  '/api/openapi.json',
  '/alerts',
  '/privacy',
]

const SEEDS = [13, 1313, 20261206]
const datasets = SEEDS.map((seed, i) => generate(seed, `ps${i}x${seed.toString(36)}`))
const client = storeClient()

beforeAll(async () => {
  const tx = client.transaction()
  for (const { docs } of datasets) for (const doc of docs) tx.createOrReplace(doc)
  await tx.commit({ visibility: 'sync' })
  // As the publish path does: the search and calendar indexes take the published documents.
  await indexDocuments(
    env,
    datasets.flatMap(({ docs }) => docs.map((d) => d._id)),
  )
}, 60_000)

afterAll(async () => {
  const tx = client.transaction()
  for (const { docs } of datasets) for (const doc of docs) tx.delete(doc._id)
  await tx.commit({ visibility: 'sync' })
}, 60_000)

async function body(path: string): Promise<{ status: number; text: string }> {
  const res = await SELF.fetch(`${SITE}${path}`, { redirect: 'manual' })
  return { status: res.status, text: await res.text() }
}

describe('internal data never reaches a public response', { timeout: 120_000 }, () => {
  it('over generated content, no page, listing, feed, calendar or API body carries a marker', async () => {
    const paths = [...new Set([...SITE_PATHS, ...datasets.flatMap((d) => d.paths)])]
    const leaks: string[] = []
    for (const path of paths) {
      const { status, text } = await body(path)
      expect(status, path).toBeLessThan(500)
      const at = text.search(LEAK)
      if (at >= 0) leaks.push(`${path} (${status}): …${text.slice(Math.max(0, at - 80), at + 60)}…`)
    }
    expect(leaks).toEqual([])
  })

  it('the generated course pages do show what is public (the check is not vacuous)', async () => {
    for (const { docs } of datasets) {
      const course = docs.find((d) => d._type === 'course')
      const slug = (course?.slug as { current: string } | undefined)?.current ?? ''
      const page = await body(`/courses/${slug}`)
      expect(page.status).toBe(200)
      expect(page.text).toContain(String(course?.title))
    }
    const withPublic = datasets.flatMap(({ docs }) =>
      docs.filter(
        (d) =>
          d._type === 'course' &&
          (d.trainers as { _ref: string }[]).some((t) => t._ref.endsWith('-public')),
      ),
    )
    // An internal trainer is still a dependency of the page (by id only), so the page is rebuilt
    // should the contact become public.
    const first = datasets[0]?.docs.find((d) => d._type === 'course')
    const firstSlug = (first?.slug as { current: string } | undefined)?.current ?? ''
    const { results } = await env.DB.prepare('SELECT dep FROM page_deps WHERE path = ?')
      .bind(`/courses/${firstSlug}`)
      .all<{ dep: string }>()
    expect(results.map((r) => r.dep)).toEqual(
      expect.arrayContaining((first?.trainers as { _ref: string }[]).map((t) => t._ref)),
    )
    for (const course of withPublic) {
      const slug = (course.slug as { current: string }).current
      expect((await body(`/courses/${slug}`)).text).toContain('Public Trainer')
    }
    // The calendars list the generated sessions (within the next year).
    const calendar = (await body('/topics/nrm/sessions.ics')).text
    expect(calendar).toContain(`${datasets[0]?.docs.find((d) => d._type === 'course')?.title}`)
  })

  it('previews without a valid token show nothing of any generated draft', async () => {
    const course = datasets[0]?.docs.find((d) => d._type === 'course')
    const id = course?._id ?? ''
    await client.createOrReplace({ ...course, _id: `drafts.${id}`, _type: 'course' })
    try {
      for (const query of [
        `?id=${id}&type=course`,
        `?id=${id}&type=course&exp=9999999999&sig=AAAA`,
        `?id=drafts.${id}&type=course&exp=1&sig=`,
      ]) {
        const { status, text } = await body(`/preview${query}`)
        expect(status, query).toBeGreaterThanOrEqual(400)
        expect(text).not.toMatch(LEAK)
        expect(text).not.toContain(String(course?.title))
      }
    } finally {
      await client.delete(`drafts.${id}`)
    }
  })
})
