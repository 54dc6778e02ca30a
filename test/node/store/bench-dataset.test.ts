// The bench's generated dataset is as varied as real content and `npm run import` accepts it as
// it is: every type, contacts for staff only, courses with 1–6 sessions across time zones and
// clock changes, drafts, weak references to deleted documents, 200-block bodies, Romanian,
// Vietnamese and Arabic text with emoji; the same seed gives the same documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_FLAGS } from '../../../studio/import/prepare'
import { runImport } from '../../../studio/scripts/import'
import { generateDataset, type GeneratedDataset } from '../../bench/lib/dataset'
import { startTestStore, type TestStore } from './helpers'

const AT = Date.UTC(2026, 11, 6, 12)
let ds: GeneratedDataset
let t: TestStore

beforeAll(async () => {
  ds = generateDataset(1_000, 42, AT)
  t = await startTestStore({ docs: [] })
})
afterAll(async () => {
  await t.cleanup()
})

type Session = { start: string; durationMinutes: number; timezone: string }
const published = () => ds.docs.filter((d) => !d._id.startsWith('drafts.'))
const ofType = (type: string) => published().filter((d) => d._type === type)

describe('bench dataset', () => {
  it('has the requested size, is deterministic from its seed, and differs with another', () => {
    expect(ds.total).toBe(1_000)
    expect(JSON.stringify(generateDataset(1_000, 42, AT).docs)).toBe(JSON.stringify(ds.docs))
    expect(JSON.stringify(generateDataset(1_000, 43, AT).docs)).not.toBe(JSON.stringify(ds.docs))
  })

  it('has every type in charity-like proportions, and internal contacts', () => {
    const generated = (type: string) => ds.byType[type]?.length ?? 0
    expect(generated('newsPost')).toBeGreaterThan(generated('course'))
    expect(generated('course')).toBeGreaterThan(generated('report'))
    expect(generated('report')).toBeGreaterThan(generated('contact'))
    for (const type of ['campaign', 'organisation']) expect(generated(type)).toBeGreaterThan(10)
    const contacts = ofType('contact')
    const internal = contacts.filter((c) => c.visibility === 'internal').length
    expect(internal).toBeGreaterThan(0)
    expect(internal).toBeLessThan(contacts.length / 2)
    expect(ds.docs.filter((d) => d._id.startsWith('drafts.')).length).toBeGreaterThan(5)
  })

  it('gives courses 1–6 sessions across time zones, some spanning a clock change', () => {
    const courses = ofType('course').filter((c) => String(c._id).startsWith('course.gen-'))
    const counts = courses.map((c) => (c.sessions as Session[]).length)
    expect(Math.min(...counts)).toBe(1)
    expect(Math.max(...counts)).toBe(6)
    const sessions = courses.flatMap((c) => c.sessions as Session[])
    expect(new Set(sessions.map((s) => s.timezone)).size).toBeGreaterThanOrEqual(5)
    // The UTC offset of its own zone differs between a session's start and its end.
    const offset = (ms: number, timeZone: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' })
        .formatToParts(ms)
        .find((p) => p.type === 'timeZoneName')?.value
    const straddling = sessions.filter((s) => {
      const start = Date.parse(s.start)
      return offset(start, s.timezone) !== offset(start + s.durationMinutes * 60_000, s.timezone)
    })
    expect(straddling.length).toBeGreaterThan(0)
  })

  it('has weak references to deleted documents, 200-block bodies, non-Latin text and emoji', () => {
    const text = JSON.stringify(ds.docs)
    expect(text).toMatch(/"_ref":"organisation\.deleted-[0-9a-f]+","_key":"[0-9a-f]+","_weak":true/)
    expect(published().some((d) => Array.isArray(d.body) && d.body.length === 200)).toBe(true)
    for (const sample of ['ț', 'ă', 'Việt Nam', 'Hồ Chí Minh', 'حماية', '🛡️', '🇻🇳'])
      expect(text).toContain(sample)
  })

  it('imports into an empty store with `npm run import` as it is, no flags needed', async () => {
    const result = await runImport({
      text: ds.docs.map((d) => JSON.stringify(d)).join('\n'),
      target: { client: t.client, projectId: 'safeguard', dataset: 'production' },
      flags: DEFAULT_FLAGS,
      batchSize: 250,
      out: { isTTY: false, write: () => {} },
    })
    expect(result.problems).toEqual([])
    expect(result.written).toBe(1_000)
    expect(result.notes.join()).toMatch(/weak references to missing documents kept/)
    expect(await t.client.fetch('count(*)', {}, { perspective: 'raw' })).toBe(1_000)
  })
})
