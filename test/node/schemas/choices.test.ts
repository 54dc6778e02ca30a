// The Studio's option lists and the worker's zod enums come from the same `as const` arrays in
// schemas/choices.ts. Checked against the extracted schema (studio/schema.json, kept fresh by the
// typegen test) so a list typed by hand in a schema file, or in the worker, fails here.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import * as choices from '../../../schemas/choices'
import { ROOT } from '../toolchain/run'

type TypeNode = {
  type: string
  value?: unknown
  of?: TypeNode | TypeNode[]
  attributes?: Record<string, { value: TypeNode }>
}
type SchemaEntry = {
  name: string
  type: string
  attributes?: Record<string, { value: TypeNode }>
  value?: TypeNode
}

const schema = JSON.parse(await readFile(join(ROOT, 'studio/schema.json'), 'utf8')) as SchemaEntry[]

/** Which shared list each choice field uses. */
const FIELDS: [type: string, field: string, list: readonly string[]][] = [
  ['organisation', 'kind', choices.ORGANISATION_KINDS],
  ['contact', 'kind', choices.CONTACT_KINDS],
  ['contact', 'serviceType', choices.CONTACT_SERVICES],
  ['contact', 'visibility', choices.VISIBILITIES],
  ['course', 'format', choices.COURSE_FORMATS],
  ['course', 'audiences', choices.AUDIENCES],
  ['course', 'topics', choices.TOPICS],
  ['courseSession', 'mode', choices.SESSION_MODES],
  ['courseSession', 'status', choices.SESSION_STATUSES],
  ['campaign', 'kind', choices.CAMPAIGN_KINDS],
  ['campaign', 'status', choices.CAMPAIGN_STATUSES],
  ['report', 'kind', choices.REPORT_KINDS],
  ['report', 'topics', choices.TOPICS],
  ['newsPost', 'topics', choices.TOPICS],
  ['siteSettings', 'alertTopics', choices.TOPICS],
]

function attributesOf(typeName: string): Record<string, { value: TypeNode }> {
  const entry = schema.find((e) => e.name === typeName)
  const attributes = entry?.attributes ?? entry?.value?.attributes
  if (!attributes) throw new Error(`studio/schema.json has no type "${typeName}"`)
  return attributes
}

/** The string literals a field allows (for a single choice or each item of a multiple choice). */
function literals(node: TypeNode): string[] | undefined {
  const target = node.type === 'array' && node.of && !Array.isArray(node.of) ? node.of : node
  if (target.type !== 'union' || !Array.isArray(target.of)) return undefined
  return target.of.map((member) => String(member.value))
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true })
  return entries
    .filter(
      (file) =>
        /\.tsx?$/.test(file) && !file.endsWith('.d.ts') && !file.endsWith('sanity.types.ts'),
    )
    .map((file) => join(dir, file))
}

describe('shared choice lists', () => {
  it.each(FIELDS)('%s.%s offers exactly the shared list in the Studio', (type, field, list) => {
    const attribute = attributesOf(type)[field]
    expect(attribute, `${type}.${field} is missing from the schema`).toBeDefined()
    expect(attribute && literals(attribute.value)).toEqual([...list])
  })

  it('has no choice field outside the shared lists', () => {
    const covered = new Set(FIELDS.map(([type, field]) => `${type}.${field}`))
    const types = [
      'organisation',
      'contact',
      'course',
      'courseSession',
      'campaign',
      'report',
      'newsPost',
      'siteSettings',
      'seo',
    ]
    const stray = types.flatMap((type) =>
      Object.entries(attributesOf(type))
        .filter(([field, { value }]) => field !== '_type' && literals(value) !== undefined)
        .map(([field]) => `${type}.${field}`)
        .filter((key) => !covered.has(key)),
    )
    expect(stray, 'add these fields to FIELDS with their list from schemas/choices.ts').toEqual([])
  })

  it('builds zod enums that accept exactly the Studio options', () => {
    for (const [type, field, list] of FIELDS) {
      const studio = literals(attributesOf(type)[field]?.value ?? { type: 'unknown' }) ?? []
      const schemaForWorker = z.enum(list as [string, ...string[]])
      for (const value of studio) expect(schemaForWorker.safeParse(value).success).toBe(true)
      expect(schemaForWorker.safeParse(`${list[0] ?? ''}-unknown`).success).toBe(false)
      expect(schemaForWorker.options).toEqual(studio)
    }
  })

  it('gives every value a human title', () => {
    const pairs = Object.entries(choices).filter(([name]) => !name.endsWith('_TITLES'))
    for (const [name, list] of pairs) {
      const titles = (choices as Record<string, unknown>)[`${name}_TITLES`] as Record<
        string,
        string
      >
      expect(Object.keys(titles).sort(), `${name}_TITLES`).toEqual(
        [...(list as readonly string[])].sort(),
      )
      for (const title of Object.values(titles)) expect(title.trim()).not.toBe('')
    }
  })

  it('SECTORS is the audiences plus "other"', () => {
    expect(choices.SECTORS).toEqual([...choices.AUDIENCES, 'other'])
  })
})

describe('the worker uses the shared lists, never copies', () => {
  const allValues = new Set(
    Object.entries(choices)
      .filter(([name]) => !name.endsWith('_TITLES'))
      .flatMap(([, list]) => [...(list as readonly string[])]),
  )

  it('has no hand-written z.enum([...]) repeating a choice value', async () => {
    const copies: string[] = []
    for (const file of await sourceFiles(join(ROOT, 'worker'))) {
      const source = await readFile(file, 'utf8')
      for (const match of source.matchAll(/z\.enum\(\s*\[([^\]]*)\]/g)) {
        const values = [...(match[1] ?? '').matchAll(/['"`]([^'"`]+)['"`]/g)].map((m) => m[1] ?? '')
        const repeated = values.filter((value) => allValues.has(value))
        if (repeated.length > 0) copies.push(`${relative(ROOT, file)}: ${repeated.join(', ')}`)
      }
    }
    expect(copies, 'import the list from schemas/choices.ts instead').toEqual([])
  })

  it('imports nothing from the Studio, React or schemas/ but the shared lists, limits and type registry', async () => {
    // The registry and the limits are plain data the Studio shares; they must stay free of imports
    // to stay safe here.
    for (const shared of ['schemas/content-types.ts', 'schemas/limits.ts']) {
      expect(await readFile(join(ROOT, shared), 'utf8'), shared).not.toMatch(/^import /m)
    }
    const forbidden =
      /from\s+['"](react|react-dom|react\/[\w-]+|sanity|sanity\/[\w/-]+|@sanity\/(ui|icons|vision)[\w/-]*|styled-components|[./]+\/schemas\/(?!(choices|content-types|limits)['"])[\w/-]+|[./]+\/studio\/[\w/.-]+)['"]/
    const offenders: string[] = []
    for (const file of await sourceFiles(join(ROOT, 'worker'))) {
      const match = forbidden.exec(await readFile(file, 'utf8'))
      if (match) offenders.push(`${relative(ROOT, file)} imports ${match[1]}`)
    }
    expect(offenders).toEqual([])
  })
})
