// Migration 0018 over an index written by the migrations before it, in D1 as Miniflare runs it:
// every row is kept with its fields and its words, row ids follow the documents' dates (newest
// highest, documents without a date lowest), and words are then matched by their stem.
import { readD1Migrations } from '@cloudflare/vitest-plugin'
import fc from 'fast-check'
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../site/site-harness'

let mf: Miniflare
let migrations: Awaited<ReturnType<typeof readD1Migrations>>

beforeAll(async () => {
  migrations = await readD1Migrations(`${ROOT}/worker/migrations`)
  mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: 'export default { fetch() { return new Response(null, { status: 404 }) } }',
      d1Databases: { DB: 'migration-0018' },
      cf: false,
      log: new Log(LogLevel.WARN),
    }),
  )
})

afterAll(async () => {
  await mf.dispose()
})

async function migrate(db: D1Database, before: boolean) {
  for (const m of migrations.filter((m) => m.name < '0018' === before)) {
    await db.batch(m.queries.map((q) => db.prepare(q)))
  }
}

const dates = fc.oneof(
  fc.constant(null),
  fc.constant('1969-07-20'),
  // Several documents in one second, and dates with a time of day and with milliseconds.
  fc.constantFrom('2025-01-01', '2025-01-01T00:00:00Z', '2026-03-29T01:30:00.000Z'),
  fc
    .integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) })
    .map((ms) => new Date(ms).toISOString()),
)

describe('migration 0018 (search rows by date, stemmed words)', () => {
  it('keeps every row and its words, and orders row ids by date', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(dates, { minLength: 1, maxLength: 40 }), async (drawn) => {
        // A database of its own per run: the migration runs once.
        const db = await mf.getD1Database('DB')
        await resetAll(db)
        await migrate(db, true)
        const docs = drawn.map((date, i) => ({
          id: `report.m${i}`,
          date,
          word: `trainings wordno${i}`,
        }))
        await db.batch(
          docs.flatMap((d) => [
            db
              .prepare(
                `INSERT INTO search_docs (doc_id, type, slug, title, date, rev, card)
                 VALUES (?1, 'report', ?1, ?1, ?2, 'r1', '{}')`,
              )
              .bind(d.id, d.date),
            db
              .prepare(
                `INSERT INTO search_fts (rowid, title, summary, body, facets, kind)
                 VALUES ((SELECT id FROM search_docs WHERE doc_id = ?1), ?1, ?2, '', 'k', 'report')`,
              )
              .bind(d.id, d.word),
          ]),
        )
        await migrate(db, false)

        const { results } = await db
          .prepare(`SELECT id, doc_id AS docId, date FROM search_docs ORDER BY id`)
          .all<{ id: number; docId: string; date: string | null }>()
        expect(results.map((r) => r.docId).sort()).toEqual(docs.map((d) => d.id).sort())
        const seconds = (date: string | null) =>
          date === null ? 0 : Math.max(0, Math.floor(Date.parse(date) / 1000))
        const inOrder = results.map((r) => seconds(r.date))
        expect(inOrder).toEqual([...inOrder].sort((a, b) => a - b))
        for (const r of results) expect(Math.floor(r.id / 2 ** 20)).toBe(seconds(r.date))

        for (const d of docs) {
          // `training` finds `trainings` (the stemmer), and each row kept its own words.
          const found = await db
            .prepare(
              `SELECT d.doc_id AS docId FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
               WHERE search_fts MATCH ?1`,
            )
            .bind(`"training" AND "${d.word.split(' ')[1] ?? ''}"`)
            .all<{ docId: string }>()
          expect(found.results.map((r) => r.docId)).toEqual([d.id])
        }
      }),
      { numRuns: 5 },
    )
  })
})

/** Every table the migrations made, so that the next run starts from an empty database. */
async function resetAll(db: D1Database) {
  const { results } = await db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       AND name NOT LIKE '_cf_%' AND name NOT LIKE 'search_fts_%'`,
    )
    .all<{ name: string }>()
  for (const { name } of results) await db.exec(`DROP TABLE IF EXISTS "${name}"`)
}
