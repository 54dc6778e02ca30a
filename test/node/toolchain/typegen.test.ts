// The committed studio/schema.json and worker/sanity.types.ts must match what the schema and the
// worker's `defineQuery` queries produce now. Regenerates both into a temporary directory and
// compares; when this fails, run `npm run typegen` and commit the result.
import { readFile, rm } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, run, STUDIO, tail, tempDir } from './run'

let dir = ''
beforeAll(async () => {
  dir = await tempDir('typegen')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const STALE = 'is stale: run `npm run typegen` and commit the result'

describe('typegen freshness', () => {
  it(
    'studio/schema.json matches the schema, and worker/sanity.types.ts matches the queries',
    { timeout: 300_000 },
    async () => {
      // `--path` is resolved against the Studio directory even when absolute.
      const schemaPath = join(dir, 'schema.json')
      const extract = await run(
        'sanity',
        ['schema', 'extract', '--enforce-required-fields', '--path', relative(STUDIO, schemaPath)],
        { cwd: STUDIO },
      )
      expect(extract.code, tail(extract.output)).toBe(0)
      const fresh = JSON.parse(await readFile(schemaPath, 'utf8')) as unknown
      const committed = JSON.parse(await readFile(join(STUDIO, 'schema.json'), 'utf8')) as unknown
      expect(committed, `studio/schema.json ${STALE}`).toEqual(fresh)

      // The committed schema is now known to be fresh, so typegen can read it in place (the
      // generated header names the schema path) and only the output goes elsewhere.
      const typesPath = join(dir, 'sanity.types.ts')
      const generate = await run('sanity', ['typegen', 'generate'], {
        cwd: STUDIO,
        env: { SANITY_TYPEGEN_OUTPUT: typesPath },
      })
      expect(generate.code, tail(generate.output)).toBe(0)
      expect(generate.output).not.toMatch(/Encountered errors/)
      const freshTypes = await readFile(typesPath, 'utf8')
      const committedTypes = await readFile(join(ROOT, 'worker', 'sanity.types.ts'), 'utf8')
      expect(committedTypes === freshTypes, `worker/sanity.types.ts ${STALE}`).toBe(true)
      expect(freshTypes).toMatch(/export type \w+QueryResult =/)
    },
  )
})
