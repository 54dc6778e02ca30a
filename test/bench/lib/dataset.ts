// Generated content for the benchmarks: the committed seed plus programmatic courses, news posts
// and reports up to a total document count, from a seeded PRNG so two runs with the same seed
// and size measure the same dataset. Also adds the bench's own fixtures: a course with a
// large-capacity session (signup throughput), one with a small session (overbooking under
// contention) and one whose title is republished (publish-to-fresh).
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AUDIENCES, COURSE_FORMATS, REPORT_KINDS, TOPICS } from '../../../schemas/choices'

export const SEED_FILE = join(import.meta.dirname, '../../../studio/seed/dataset.ndjson')

export type Doc = { _id: string; _type: string; [key: string]: unknown }

export const FIXTURES = {
  signupCourse: { id: 'course.bench-signups', slug: 'bench-signups' },
  bigSession: 'bench-open',
  bigCapacity: 1_000_000,
  smallSession: 'bench-small',
  smallCapacity: 20,
  publishCourse: { id: 'course.bench-publish', slug: 'bench-publish' },
  /** A seed course whose page is the "course detail" in every scenario. */
  detailPath: '/courses/nrm-webinar',
} as const

/** mulberry32: tiny, fast and good enough to pick words and dates reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = (
  'children trafficking exploitation safeguarding guardianship referral practitioners ' +
  'statutory duties identification support recovery migrant care county lines criminal ' +
  'labour online abuse partnership evidence research training frontline local authority ' +
  'police health education border international protection rights advocacy services'
).split(' ')

type Rand = () => number

const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T
const some = <T>(rand: Rand, list: readonly T[], n: number): T[] => {
  const out = new Set<T>()
  while (out.size < n) out.add(pick(rand, list))
  return [...out]
}
const sentence = (rand: Rand, words: number): string => {
  const text = Array.from({ length: words }, () => pick(rand, WORDS)).join(' ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}
const key = (rand: Rand): string =>
  Math.floor(rand() * 2 ** 48)
    .toString(16)
    .padStart(12, '0')

function body(rand: Rand, paragraphs: number): unknown[] {
  return Array.from({ length: paragraphs }, () => ({
    _type: 'block',
    _key: key(rand),
    style: 'normal',
    markDefs: [],
    children: [{ _type: 'span', _key: key(rand), text: sentence(rand, 40), marks: [] }],
  }))
}

const ref = (rand: Rand, id: string) => ({ _type: 'reference', _ref: id, _key: key(rand) })
const DAY = 86_400_000
const iso = (ms: number) => new Date(ms).toISOString()

type SessionOpts = { key: string; startsInDays: number; capacity: number }

function session(o: SessionOpts, now: number) {
  const start = Math.floor((now + o.startsInDays * DAY) / 3_600_000) * 3_600_000
  return {
    _type: 'courseSession',
    _key: o.key,
    start: iso(start),
    durationMinutes: 90,
    timezone: 'Europe/London',
    mode: 'online',
    capacity: o.capacity,
    registrationOpens: iso(now - 30 * DAY),
    registrationCloses: iso(start - DAY),
    status: 'scheduled',
  }
}

function course(rand: Rand, i: number, orgs: string[], now: number): Doc {
  const n = String(i).padStart(5, '0')
  return {
    _id: `course.gen-${n}`,
    _type: 'course',
    title: `Generated course ${n}: ${sentence(rand, 4).slice(0, -1)}`,
    slug: { _type: 'slug', current: `gen-course-${n}` },
    format: pick(rand, COURSE_FORMATS),
    audiences: some(rand, AUDIENCES, 2),
    topics: some(rand, TOPICS, 2),
    summary: sentence(rand, 25),
    body: body(rand, 3),
    learningOutcomes: [sentence(rand, 8), sentence(rand, 8), sentence(rand, 8)],
    providers: orgs.length > 0 ? [ref(rand, pick(rand, orgs))] : [],
    price: { isFree: true, currency: 'GBP' },
    isExample: true,
    sessions: [
      session({ key: `s${n}a`, startsInDays: 5 + Math.floor(rand() * 200), capacity: 30 }, now),
      session({ key: `s${n}b`, startsInDays: -Math.floor(rand() * 400) - 1, capacity: 30 }, now),
    ],
  }
}

function newsPost(rand: Rand, i: number, orgs: string[], now: number): Doc {
  const n = String(i).padStart(5, '0')
  return {
    _id: `newsPost.gen-${n}`,
    _type: 'newsPost',
    title: `Generated news ${n}: ${sentence(rand, 5).slice(0, -1)}`,
    slug: { _type: 'slug', current: `gen-news-${n}` },
    publishedAt: iso(now - Math.floor(rand() * 1000) * DAY),
    excerpt: sentence(rand, 25),
    body: body(rand, 4),
    topics: some(rand, TOPICS, 2),
    organisations: orgs.length > 0 ? [ref(rand, pick(rand, orgs))] : [],
  }
}

function report(rand: Rand, i: number, orgs: string[], now: number): Doc {
  const n = String(i).padStart(5, '0')
  return {
    _id: `report.gen-${n}`,
    _type: 'report',
    title: `Generated report ${n}: ${sentence(rand, 5).slice(0, -1)}`,
    slug: { _type: 'slug', current: `gen-report-${n}` },
    kind: pick(rand, REPORT_KINDS),
    publishers: orgs.length > 0 ? [ref(rand, pick(rand, orgs))] : [],
    authors: ['Generated Author'],
    publishedAt: iso(now - Math.floor(rand() * 2000) * DAY).slice(0, 10),
    summary: sentence(rand, 25),
    keyFindings: [sentence(rand, 10), sentence(rand, 10)],
    body: body(rand, 4),
    topics: some(rand, TOPICS, 2),
  }
}

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
        session({ key: f.bigSession, startsInDays: 60, capacity: f.bigCapacity }, now),
        session({ key: f.smallSession, startsInDays: 61, capacity: f.smallCapacity }, now),
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
      sessions: [session({ key: 'bench-publish-1', startsInDays: 70, capacity: 10 }, now)],
    },
  ]
}

export type GeneratedDataset = { total: number; seedDocs: number; generated: number; docs: Doc[] }

/** The seed, the fixtures, then generated courses/news/reports (2:2:1) up to `total`. */
export function generateDataset(total: number, seed: number, now = Date.now()): GeneratedDataset {
  const rand = prng(seed)
  const seedDocs = readFileSync(SEED_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Doc)
  const orgs = seedDocs.filter((d) => d._type === 'organisation').map((d) => d._id)
  const docs = [...seedDocs, ...fixtures(now)]
  const kinds = [course, newsPost, course, newsPost, report]
  let i = 0
  while (docs.length < total) {
    const make = kinds[i % kinds.length] ?? course
    docs.push(make(rand, i + 1, orgs, now))
    i++
  }
  const stamp = iso(now).replace(/\.\d{3}Z$/, 'Z')
  for (const doc of docs) {
    doc._createdAt ??= stamp
    doc._updatedAt ??= stamp
    doc._rev ??= `bench${key(rand)}`
  }
  return { total: docs.length, seedDocs: seedDocs.length, generated: i, docs }
}

export async function writeNdjson(file: string, docs: Doc[]): Promise<void> {
  await writeFile(file, `${docs.map((d) => JSON.stringify(d)).join('\n')}\n`)
}
