// Migration 0019 gives every existing search row the organisations it names, read from the facet
// tokens the row already has, so a database indexed before it needs no full rebuild for the
// organisation filter to offer what the results name.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { index, report, uid } from '../search/helpers'

const backfill = () => {
  const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0019_'))
  const update = migration?.queries.find((q) => q.includes('UPDATE search_docs SET orgs'))
  if (!update) throw new Error('migration 0019 has no UPDATE of search_docs')
  return update
}

describe('migration 0019', () => {
  it("fills each row's organisations from its facet tokens", async () => {
    const run = uid()
    const named = [
      `organisation.mig-${run}-a`,
      `organisation.mig-${run}-ü`,
      `organisation.x.${run}`,
    ]
    await index([
      report(`mig-${run}-0`, { orgs: named, topics: ['trauma'] }),
      report(`mig-${run}-1`, { orgs: [] }),
    ])
    const ids = [`report.mig-${run}-0`, `report.mig-${run}-1`]
    const read = async () =>
      (
        await env.DB.prepare(
          `SELECT orgs FROM search_docs WHERE doc_id IN (?1, ?2) ORDER BY doc_id`,
        )
          .bind(...ids)
          .all<{ orgs: string }>()
      ).results.map((r) => (JSON.parse(r.orgs) as string[]).sort())
    expect(await read()).toEqual([[...named].sort(), []])
    // As a row written before the column existed.
    await env.DB.prepare(`UPDATE search_docs SET orgs = 'x' WHERE doc_id IN (?1, ?2)`)
      .bind(...ids)
      .run()
    await env.DB.prepare(backfill()).run()
    expect(await read()).toEqual([[...named].sort(), []])
  })
})
