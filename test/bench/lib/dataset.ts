// Generated content for the benchmarks: the committed seed plus every document type in
// charity-like proportions up to a total document count (courses with 1–6 sessions across time
// zones and clock changes, news, reports, campaigns, organisations, contacts with some internal
// ones, drafts, weak references to deleted documents, 200-block bodies, Romanian, Vietnamese and
// Arabic text, emoji), from a seeded PRNG: the same seed, size and day give the same dataset
// (dates are relative to the start of the UTC day, so upcoming sessions stay upcoming). Also adds
// the bench's own fixtures: a course with a large-capacity session (signup throughput), one with
// a small session (overbooking under contention), and one course, report, organisation and
// contact whose title or name is republished (publish-to-fresh).
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  AUDIENCES,
  CAMPAIGN_KINDS,
  CAMPAIGN_STATUSES,
  CONTACT_SERVICES,
  COURSE_FORMATS,
  ORGANISATION_KINDS,
  REPORT_KINDS,
  TOPICS,
} from '../../../schemas/choices'
import {
  between,
  body,
  bodyLength,
  deletedRef,
  key,
  language,
  phrase,
  pick,
  prng,
  type Rand,
  ref,
  sentence,
  some,
} from './random-text'

export const SEED_FILE = join(import.meta.dirname, '../../../studio/seed/dataset.ndjson')

export type Doc = { _id: string; _type: string; [key: string]: unknown }

export const FIXTURES = {
  signupCourse: { id: 'course.bench-signups', slug: 'bench-signups' },
  bigSession: 'bench-open',
  bigCapacity: 1_000_000,
  smallSession: 'bench-small',
  smallCapacity: 20,
  publishCourse: { id: 'course.bench-publish', slug: 'bench-publish' },
  publishReport: { id: 'report.bench-publish', slug: 'bench-publish-report' },
  publishOrganisation: { id: 'organisation.bench-publish', slug: 'bench-publish-org' },
  /** Public, named to sort first in the contacts directory, at the publish organisation. */
  publishContact: { id: 'contact.bench-publish' },
  /** A seed course whose page is the "course detail" in every scenario. */
  detailPath: '/courses/nrm-webinar',
} as const

const TIME_ZONES = [
  'Europe/London',
  'Europe/London',
  'Europe/London',
  'Europe/Bucharest',
  'Asia/Ho_Chi_Minh',
  'Asia/Dubai',
  'America/New_York',
  'Australia/Sydney',
  'Europe/Paris',
] as const
const CITIES = ['Manchester', 'Cardiff', 'Belfast', 'Glasgow', 'București', 'Hà Nội', 'عمّان']

const DAY = 86_400_000
const HOUR = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()
const day = (ms: number) => iso(ms).slice(0, 10)

/** The instant of the n-th (1-based; -1 = last) Sunday of a month at `hourUtc`. */
function sunday(year: number, month: number, n: number, hourUtc: number): number {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month, 1))
    const offset = (7 - first.getUTCDay()) % 7
    return Date.UTC(year, month, 1 + offset + (n - 1) * 7, hourUtc)
  }
  const last = new Date(Date.UTC(year, month + 1, 0))
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), hourUtc)
}

/** Clock changes near `now` (EU, US, Sydney), so some sessions straddle one. */
function clockChanges(now: number): number[] {
  const out: number[] = []
  const year = new Date(now).getUTCFullYear()
  for (const y of [year - 1, year, year + 1]) {
    out.push(sunday(y, 2, -1, 1), sunday(y, 9, -1, 1)) // EU: last Sundays of March, October
    out.push(sunday(y, 2, 2, 7), sunday(y, 10, 1, 6)) // US: 2nd Sunday March, 1st November
    out.push(sunday(y, 3, 1, 16) - DAY, sunday(y, 9, 1, 16) - DAY) // Sydney: April, October
  }
  return out.filter((t) => Math.abs(t - now) < 400 * DAY)
}

type SessionOpts = { key: string; start: number; capacity: number; timezone?: string }

function session(o: SessionOpts, now: number, rand?: Rand) {
  const inPerson = rand ? rand() < 0.3 : false
  return {
    _type: 'courseSession',
    _key: o.key,
    start: iso(o.start),
    durationMinutes: rand ? pick(rand, [45, 90, 120, 180, 360]) : 90,
    timezone: o.timezone ?? 'Europe/London',
    mode: inPerson ? 'in-person' : 'online',
    ...(inPerson && rand ? { venue: { name: 'Training centre', city: pick(rand, CITIES) } } : {}),
    capacity: o.capacity,
    registrationOpens: iso(Math.min(now, o.start) - 30 * DAY),
    registrationCloses: iso(o.start - DAY),
    status: rand && rand() < 0.05 ? pick(rand, ['postponed', 'cancelled']) : 'scheduled',
  }
}

type Pools = { orgs: string[]; contacts: string[]; reports: string[]; courses: string[] }

function courseSessions(rand: Rand, n: string, now: number, changes: number[]) {
  const count = between(rand, 1, 6)
  return Array.from({ length: count }, (_, i) => {
    const nearChange = changes.length > 0 && rand() < 0.1
    const start = nearChange
      ? pick(rand, changes) - HOUR + between(rand, 0, 2) * 30 * 60_000
      : Math.floor((now + between(rand, -400, 300) * DAY) / HOUR) * HOUR +
        between(rand, 8, 17) * HOUR
    return session(
      {
        key: `s${n}-${i}`,
        start,
        capacity: between(rand, 8, 120),
        timezone: pick(rand, TIME_ZONES),
      },
      now,
      rand,
    )
  })
}

function course(rand: Rand, n: string, p: Pools, now: number, changes: number[]): Doc {
  const lang = language(rand)
  return {
    _id: `course.gen-${n}`,
    _type: 'course',
    title: `Course ${n}: ${phrase(rand, 4, lang)}`,
    slug: { _type: 'slug', current: `gen-course-${n}` },
    format: pick(rand, COURSE_FORMATS),
    audiences: some(rand, AUDIENCES, between(rand, 1, 4)),
    topics: some(rand, TOPICS, between(rand, 1, 3)),
    summary: sentence(rand, 25, lang),
    body: body(rand, bodyLength(rand), lang),
    learningOutcomes: [sentence(rand, 8, lang), sentence(rand, 8, lang), sentence(rand, 8, lang)],
    providers: [ref(rand, pick(rand, p.orgs)), ...(rand() < 0.03 ? [deletedRef(rand)] : [])],
    ...(p.contacts.length > 0 && rand() < 0.5
      ? { trainers: some(rand, p.contacts, between(rand, 1, 2)).map((id) => ref(rand, id)) }
      : {}),
    price:
      rand() < 0.8
        ? { isFree: true, currency: 'GBP' }
        : { isFree: false, amount: 45, currency: 'GBP' },
    isExample: true,
    sessions: courseSessions(rand, n, now, changes),
  }
}

function newsPost(rand: Rand, n: string, p: Pools, now: number): Doc {
  const lang = language(rand)
  return {
    _id: `newsPost.gen-${n}`,
    _type: 'newsPost',
    title: `News ${n}: ${phrase(rand, 5, lang)}`,
    slug: { _type: 'slug', current: `gen-news-${n}` },
    publishedAt: iso(now - between(rand, 0, 1500) * DAY - between(rand, 0, 23) * HOUR),
    excerpt: sentence(rand, 25, lang),
    body: body(rand, bodyLength(rand), lang),
    topics: some(rand, TOPICS, between(rand, 1, 3)),
    organisations: [ref(rand, pick(rand, p.orgs)), ...(rand() < 0.03 ? [deletedRef(rand)] : [])],
  }
}

function report(rand: Rand, n: string, p: Pools, now: number): Doc {
  const lang = language(rand)
  return {
    _id: `report.gen-${n}`,
    _type: 'report',
    title: `Report ${n}: ${phrase(rand, 5, lang)}`,
    slug: { _type: 'slug', current: `gen-report-${n}` },
    kind: pick(rand, REPORT_KINDS),
    publishers: [ref(rand, pick(rand, p.orgs)), ...(rand() < 0.03 ? [deletedRef(rand)] : [])],
    authors: ['Generated Author', ...(lang === 'en' ? [] : [phrase(rand, 2, lang)])],
    publishedAt: day(now - between(rand, 0, 3000) * DAY),
    summary: sentence(rand, 25, lang),
    keyFindings: [sentence(rand, 10, lang), sentence(rand, 10, lang)],
    body: body(rand, bodyLength(rand), lang),
    topics: some(rand, TOPICS, between(rand, 1, 3)),
    ...(rand() < 0.3 ? { externalUrl: `https://example.org/reports/${n}.pdf` } : {}),
  }
}

function campaign(rand: Rand, n: string, p: Pools, now: number): Doc {
  const lang = language(rand)
  const kind = pick(rand, CAMPAIGN_KINDS)
  const end = now + between(rand, -800, 200) * DAY
  return {
    _id: `campaign.gen-${n}`,
    _type: 'campaign',
    title: `Campaign ${n}: ${phrase(rand, 4, lang)}`,
    slug: { _type: 'slug', current: `gen-campaign-${n}` },
    kind,
    status: end < now ? 'closed' : pick(rand, CAMPAIGN_STATUSES),
    startDate: day(end - between(rand, 10, 200) * DAY),
    endDate: day(end),
    summary: sentence(rand, 25, lang),
    body: body(rand, bodyLength(rand), lang),
    organisations: [ref(rand, pick(rand, p.orgs)), ...(rand() < 0.03 ? [deletedRef(rand)] : [])],
    relatedReports: some(rand, p.reports, between(rand, 0, 3)).map((id) => ref(rand, id)),
    relatedCourses: some(rand, p.courses, between(rand, 0, 3)).map((id) => ref(rand, id)),
    ...(kind === 'petition'
      ? {
          petition: {
            target: 'UK Government',
            goal: between(rand, 1, 100) * 1000,
            closingDate: iso(end),
            showCount: true,
            offlineCount: between(rand, 0, 5000),
          },
        }
      : {}),
    isExample: true,
  }
}

function organisation(rand: Rand, n: string, p: Pools): Doc {
  const lang = language(rand)
  return {
    _id: `organisation.gen-${n}`,
    _type: 'organisation',
    name: `Organisation ${n} ${phrase(rand, 2, lang)}`,
    slug: { _type: 'slug', current: `gen-org-${n}` },
    kind: pick(rand, ORGANISATION_KINDS),
    country: pick(rand, ['United Kingdom', 'România', 'Việt Nam', 'الأردن', 'Ireland']),
    website: `https://org-${n}.example.org`,
    summary: sentence(rand, 30, lang),
    partners: some(rand, p.orgs, between(rand, 0, 2)).map((id) => ref(rand, id)),
  }
}

function contact(rand: Rand, n: string, p: Pools, now: number): Doc {
  const lang = language(rand)
  const service = rand() < 0.3
  return {
    _id: `contact.gen-${n}`,
    _type: 'contact',
    name: service
      ? `Service ${n} ${phrase(rand, 2, lang)}`
      : `Person ${n} ${phrase(rand, 2, lang)}`,
    kind: service ? 'service' : 'person',
    ...(service ? { serviceType: pick(rand, CONTACT_SERVICES) } : { role: phrase(rand, 3, 'en') }),
    organisation: { _type: 'reference', _ref: pick(rand, p.orgs) },
    email: `contact-${n}@example.org`,
    phone: `+44 20 7946 ${String(between(rand, 0, 9999)).padStart(4, '0')}`,
    lastVerified: day(now - between(rand, 0, 900) * DAY),
    // About one in five is for staff only: never shown on the site.
    visibility: rand() < 0.2 ? 'internal' : 'public',
    ...(rand() < 0.3 ? { notes: sentence(rand, 12, lang) } : {}),
  }
}

const FIXTURE_COUNT = 5 + 1

function fixtures(now: number): Doc[] {
  const f = FIXTURES
  return [
    {
      _id: f.signupCourse.id,
      _type: 'course',
      title: 'Benchmark signups course',
      slug: { _type: 'slug', current: f.signupCourse.slug },
      format: 'webinar',
      audiences: ['police'],
      topics: ['nrm'],
      summary: 'A course the benchmarks register people on.',
      price: { isFree: true, currency: 'GBP' },
      isExample: true,
      sessions: [
        session({ key: f.bigSession, start: now + 60 * DAY, capacity: f.bigCapacity }, now),
        session({ key: f.smallSession, start: now + 61 * DAY, capacity: f.smallCapacity }, now),
      ],
    },
    {
      _id: f.publishCourse.id,
      _type: 'course',
      title: 'Benchmark publish course (revision 0)',
      slug: { _type: 'slug', current: f.publishCourse.slug },
      format: 'webinar',
      audiences: ['police'],
      topics: ['nrm'],
      summary: 'A course whose title the publish benchmark changes.',
      price: { isFree: true, currency: 'GBP' },
      isExample: true,
      providers: [{ _type: 'reference', _ref: f.publishOrganisation.id, _key: 'bp1' }],
      sessions: [
        session({ key: 'bench-publish-1', start: now + 70 * DAY + 10 * HOUR, capacity: 10 }, now),
      ],
    },
    {
      _id: f.publishReport.id,
      _type: 'report',
      title: 'Benchmark publish report (revision 0)',
      slug: { _type: 'slug', current: f.publishReport.slug },
      kind: 'research',
      publishers: [{ _type: 'reference', _ref: f.publishOrganisation.id, _key: 'bp2' }],
      authors: ['Bench'],
      publishedAt: day(now - DAY),
      summary: 'A report whose title the publish benchmark changes.',
      topics: ['nrm'],
    },
    {
      _id: f.publishOrganisation.id,
      _type: 'organisation',
      name: 'Benchmark publish organisation (revision 0)',
      slug: { _type: 'slug', current: f.publishOrganisation.slug },
      kind: 'charity',
      country: 'United Kingdom',
      summary: 'An organisation whose name the publish benchmark changes.',
    },
    {
      _id: f.publishContact.id,
      _type: 'contact',
      name: 'Aaaa benchmark contact (revision 0)',
      kind: 'service',
      // The directory lists helplines first, 12 to a page: as a helpline sorting first, the
      // contact is on the first page whatever the dataset's size.
      serviceType: 'helpline',
      organisation: { _type: 'reference', _ref: f.publishOrganisation.id },
      email: 'bench-contact@example.org',
      lastVerified: day(now),
      visibility: 'public',
    },
  ]
}

/** Shares of the generated documents by type, as a charity's content tends to be. */
export const MIX = {
  newsPost: 0.4,
  course: 0.3,
  report: 0.15,
  contact: 0.08,
  campaign: 0.03,
  organisation: 0.03,
  drafts: 0.01,
} as const

export type GeneratedDataset = {
  total: number
  seedDocs: number
  generated: number
  docs: Doc[]
  /** Ids of generated published documents by type (for the bench's URL lists). */
  byType: Record<string, string[]>
}

/**
 * The seed, the fixtures, then generated documents in MIX's proportions up to `total`
 * (organisations first, since everything else refers to them).
 */
export function generateDataset(total: number, seed: number, at = Date.now()): GeneratedDataset {
  const rand = prng(seed)
  const now = Math.floor(at / DAY) * DAY
  const changes = clockChanges(now)
  const seedDocs = readFileSync(SEED_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Doc)
  const docs = [...seedDocs, ...fixtures(now)]
  const room = Math.max(0, total - docs.length)
  const count = (share: number) => Math.round(room * share)
  const pools: Pools = {
    orgs: seedDocs.filter((d) => d._type === 'organisation').map((d) => d._id),
    contacts: [],
    reports: [],
    courses: [],
  }
  const byType: Record<string, string[]> = {}
  const add = (doc: Doc) => {
    docs.push(doc)
    ;(byType[doc._type] ??= []).push(doc._id)
  }
  const n = (i: number) => String(i).padStart(5, '0')
  for (let i = 1; i <= count(MIX.organisation); i++) {
    const doc = organisation(rand, n(i), pools)
    add(doc)
    pools.orgs.push(doc._id)
  }
  for (let i = 1; i <= count(MIX.contact); i++) {
    const doc = contact(rand, n(i), pools, now)
    add(doc)
    if (doc.visibility === 'public') pools.contacts.push(doc._id)
  }
  for (let i = 1; i <= count(MIX.report); i++) {
    const doc = report(rand, n(i), pools, now)
    add(doc)
    pools.reports.push(doc._id)
  }
  const courses = count(MIX.course)
  for (let i = 1; i <= courses; i++) {
    const doc = course(rand, n(i), pools, now, changes)
    add(doc)
    pools.courses.push(doc._id)
  }
  for (let i = 1; i <= count(MIX.campaign); i++) add(campaign(rand, n(i), pools, now))
  // News fills whatever rounding left, less the drafts.
  const drafts = count(MIX.drafts)
  const news = Math.max(0, total - docs.length - drafts)
  for (let i = 1; i <= news; i++) add(newsPost(rand, n(i), pools, now))
  // Drafts: unpublished edits of generated documents (never shown on the site).
  const published = docs.slice(seedDocs.length + FIXTURE_COUNT)
  const drafted = new Set<string>()
  for (let tries = 0; drafted.size < drafts && tries < drafts * 4; tries++) {
    const original = pick(rand, published)
    if (drafted.has(original._id)) continue
    drafted.add(original._id)
    const title = typeof original.title === 'string' ? `${original.title} (draft)` : undefined
    docs.push({ ...original, _id: `drafts.${original._id}`, ...(title ? { title } : {}) })
  }
  const stamp = iso(now).replace(/\.\d{3}Z$/, 'Z')
  for (const doc of docs) {
    doc._createdAt ??= stamp
    doc._updatedAt ??= stamp
    doc._rev ??= `bench${key(rand)}`
  }
  return {
    total: docs.length,
    seedDocs: seedDocs.length,
    generated: docs.length - seedDocs.length,
    docs,
    byType,
  }
}

export async function writeNdjson(file: string, docs: Doc[]): Promise<void> {
  await writeFile(file, `${docs.map((d) => JSON.stringify(d)).join('\n')}\n`)
}
