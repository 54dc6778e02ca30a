// `npm run import`: loads an NDJSON file in Sanity's export format (default: the seed dataset)
// into a content store with createOrReplace mutations, so running it twice changes nothing.
//
//   SANITY_API_HOST   unset: the embedded store (http://127.0.0.1:3401); '' (empty): Sanity's
//                     hosted API; any other URL: that host
//   SANITY_PROJECT_ID default 'safeguard'      SANITY_DATASET default 'production'
//   SANITY_TOKEN      write token (required for a real Sanity project)
//   flags: --file <path>  --batch-size <n> (default 200)  --dry-run (check the file only)
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createClient } from '@sanity/client'

export type SeedDocument = { _id: string; _type: string; [field: string]: unknown }

const DEFAULT_FILE = join(dirname(fileURLToPath(import.meta.url)), '../seed/dataset.ndjson')
const LOCAL_STORE = 'http://127.0.0.1:3401'
const API_VERSION = '2025-02-19'

/** Parses NDJSON, naming the line of the first bad document. */
export function parseNdjson(text: string): SeedDocument[] {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch (error) {
        throw new Error(`Line ${number} is not valid JSON: ${String(error)}`, { cause: error })
      }
      if (!isDocument(value)) throw new Error(`Line ${number} has no string _id and _type`)
      return value
    })
}

function isDocument(value: unknown): value is SeedDocument {
  if (typeof value !== 'object' || value === null) return false
  const { _id, _type } = value as { _id?: unknown; _type?: unknown }
  return typeof _id === 'string' && typeof _type === 'string'
}

/** Every `_ref` inside a document (references, including those nested in arrays and objects). */
export function referencesOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => referencesOf(item, found))
  else if (typeof value === 'object' && value !== null) {
    const ref = (value as { _ref?: unknown })._ref
    if (typeof ref === 'string') found.push(ref)
    Object.values(value).forEach((item) => referencesOf(item, found))
  }
  return found
}

/** Problems that would make a real dataset reject the import: duplicate ids, dangling references. */
export function checkDataset(docs: SeedDocument[]): string[] {
  const problems: string[] = []
  const ids = new Set<string>()
  for (const doc of docs) {
    if (ids.has(doc._id)) problems.push(`Duplicate _id ${doc._id}`)
    ids.add(doc._id)
  }
  for (const doc of docs) {
    for (const ref of referencesOf(doc)) {
      if (!ids.has(ref)) problems.push(`${doc._id} references missing document ${ref}`)
    }
  }
  return problems
}

/** Referenced documents first where possible, so batches rarely point forward. */
export function dependencyOrder(docs: SeedDocument[]): SeedDocument[] {
  const byId = new Map(docs.map((doc) => [doc._id, doc]))
  const done = new Set<string>()
  const ordered: SeedDocument[] = []
  const visit = (doc: SeedDocument, path: Set<string>) => {
    if (done.has(doc._id) || path.has(doc._id)) return
    path.add(doc._id)
    for (const ref of referencesOf(doc)) {
      const target = byId.get(ref)
      if (target) visit(target, path)
    }
    path.delete(doc._id)
    done.add(doc._id)
    ordered.push(doc)
  }
  docs.forEach((doc) => visit(doc, new Set()))
  return ordered
}

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name)
  return index >= 0 ? args[index + 1] : undefined
}

async function main(args: string[]): Promise<void> {
  const file = flag(args, '--file') ?? DEFAULT_FILE
  const batchSize = Number(flag(args, '--batch-size') ?? 200)
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error('--batch-size must be a whole number above 0')

  const docs = parseNdjson(await readFile(file, 'utf8'))
  const problems = checkDataset(docs)
  if (problems.length > 0)
    throw new Error(`${file} cannot be imported:\n  ${problems.join('\n  ')}`)
  if (args.includes('--dry-run')) {
    console.log(`${file}: ${docs.length} documents, all references resolve.`)
    return
  }

  const hostSetting = process.env.SANITY_API_HOST
  const apiHost = hostSetting === undefined ? LOCAL_STORE : hostSetting
  const projectId = process.env.SANITY_PROJECT_ID || 'safeguard'
  const dataset = process.env.SANITY_DATASET || 'production'
  const token = process.env.SANITY_TOKEN || undefined
  const client = createClient({
    projectId,
    dataset,
    apiVersion: API_VERSION,
    useCdn: false,
    ...(token ? { token } : {}),
    // A custom host (the embedded store) is used as given; Sanity's own API takes the project id
    // as a subdomain.
    ...(apiHost ? { apiHost, useProjectHostname: false } : {}),
  })
  const target = apiHost || `https://${projectId}.api.sanity.io`
  console.log(
    `Importing ${docs.length} documents from ${file} into ${target} (dataset ${dataset})…`,
  )

  const ordered = dependencyOrder(docs)
  for (let start = 0; start < ordered.length; start += batchSize) {
    const batch = ordered.slice(start, start + batchSize)
    await client.mutate(
      batch.map((doc) => ({ createOrReplace: doc })),
      { visibility: 'async', returnDocuments: false },
    )
    console.log(`  ${Math.min(start + batchSize, ordered.length)} / ${ordered.length}`)
  }
  console.log('Import complete.')
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
