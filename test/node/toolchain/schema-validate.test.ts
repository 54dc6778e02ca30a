// `sanity schema validate` accepts the real schema and rejects a deliberately broken copy, so a
// schema mistake fails CI rather than an editor's session.
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, run, STUDIO, tail, tempDir } from './run'

const created: string[] = []
afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })))
})

/** A minimal Studio around a copy of schemas/ with one mistake an editor-developer could make. */
async function brokenStudio(): Promise<string> {
  const dir = await tempDir('broken-schema')
  created.push(dir)
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  await cp(join(ROOT, 'package.json'), join(dir, 'package.json'))
  await cp(join(ROOT, 'schemas'), join(dir, 'schemas'), { recursive: true })
  const course = join(dir, 'schemas', 'course.ts')
  const source = await readFile(course, 'utf8')
  expect(source).toContain("type: 'courseSession'")
  await writeFile(course, source.replace("type: 'courseSession'", "type: 'courseSesion'"))

  await mkdir(join(dir, 'studio'))
  await cp(join(STUDIO, 'package.json'), join(dir, 'studio', 'package.json'))
  await writeFile(
    join(dir, 'studio', 'sanity.config.ts'),
    `import { defineConfig } from 'sanity'
import { schemaTypes } from '../schemas'
export default defineConfig({ projectId: 'safeguard', dataset: 'production', schema: { types: schemaTypes } })
`,
  )
  await writeFile(
    join(dir, 'studio', 'sanity.cli.ts'),
    `import { defineCliConfig } from 'sanity/cli'
export default defineCliConfig({ api: { projectId: 'safeguard', dataset: 'production' } })
`,
  )
  return join(dir, 'studio')
}

describe.concurrent('sanity schema validate', () => {
  it('passes for the committed schema with no errors', { timeout: 180_000 }, async () => {
    const { code, output } = await run('sanity', ['schema', 'validate'], { cwd: STUDIO })
    expect(code, tail(output)).toBe(0)
    expect(output).toMatch(/Errors:\s+0 errors/)
  })

  it(
    'reports a schema with an unknown field type and exits non-zero',
    { timeout: 180_000 },
    async () => {
      const cwd = await brokenStudio()
      const { code, output } = await run('sanity', ['schema', 'validate'], { cwd })
      expect(code, tail(output)).not.toBe(0)
      expect(output).toContain('courseSesion')
    },
  )
})
