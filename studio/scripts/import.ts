// `npm run import`: loads an NDJSON file in Sanity's export format (default: the seed dataset)
// into a content store the way `sanity dataset import` does, with the same modes and flags:
//
//   npm run import -- [file.ndjson] [--replace | --missing] [flags]   (`--help` lists them)
//
//   SANITY_API_HOST   unset: the embedded store (http://127.0.0.1:3401); '' (empty): Sanity's
//                     hosted API; any other URL: that host
//   SANITY_PROJECT_ID default 'safeguard'      SANITY_DATASET default 'production'
//   SANITY_TOKEN      write token (required for a real Sanity project)
//
// Everything is checked before anything is written: a file with a really invalid document (bad
// JSON, no _type, a bad or duplicate _id, a strong reference to a document that exists nowhere, a
// missing asset without --allow-failing-assets…) is refused whole, with one line per problem.
// Weak references to missing documents are accepted without a flag, as Sanity accepts them.
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { createClient } from '@sanity/client'
import {
  dependencyOrder,
  formatProblem,
  type DocProblem,
  type SeedDocument,
} from '../import/documents'
import { prepareImport, type ImportFlags, type Target } from '../import/prepare'
import { Progress, type Output } from '../import/progress'

// Each mode is the mutation `sanity dataset import` makes of it: --replace overwrites, --missing
// skips documents that exist, and the default fails on an existing id.
const MUTATION_OF_MODE = {
  create: (doc: SeedDocument) => ({ create: doc }),
  replace: (doc: SeedDocument) => ({ createOrReplace: doc }),
  missing: (doc: SeedDocument) => ({ createIfNotExists: doc }),
} satisfies Record<ImportFlags['mode'], (doc: SeedDocument) => object>

const DEFAULT_FILE = join(dirname(fileURLToPath(import.meta.url)), '../seed/dataset.ndjson')
const LOCAL_STORE = 'http://127.0.0.1:3401'
const API_VERSION = '2025-02-19'

export const USAGE = `Usage: npm run import -- [file.ndjson] [options]

Loads an NDJSON export (default: studio/seed/dataset.ndjson) into the embedded store, or into a
Sanity project (SANITY_API_HOST='' SANITY_PROJECT_ID=… SANITY_DATASET=… SANITY_TOKEN=…).
Options are those of \`sanity dataset import\`:

  --replace                            Replace documents with the same ids
  --missing                            Skip documents that already exist
                                       (neither: stop if any id already exists, writing nothing)
  --allow-failing-assets               Skip assets that cannot be found, fetched or uploaded
  --allow-assets-in-different-dataset  Allow asset documents from another project/dataset
  --skip-cross-dataset-references      Drop references to other datasets
  --allow-system-documents             Import system documents (ids starting with "_.")
  --allow-replacement-characters       Allow U+FFFD (a sign of broken encoding) in text
  --file <path>                        The file (same as the positional argument)
  --batch-size <n>                     Documents per transaction (default 200)
  --dry-run                            Check the file against the target, write nothing
  --help                               This text

Weak references (_weak: true) to documents that exist nowhere are accepted, as Sanity accepts
them; strong references to them are errors (make them weak, or include the document).`

export type ImportResult = {
  written: number
  skipped: number
  problems: DocProblem[]
  notes: string[]
}

/** Checks, then (unless there is a problem or it is a dry run) writes in batches. */
export async function runImport(opts: {
  text: string
  target: Target
  flags: ImportFlags
  batchSize?: number
  dryRun?: boolean
  out: Output
}): Promise<ImportResult> {
  const { target, flags, out } = opts
  const batchSize = opts.batchSize ?? 200
  const prepared = await prepareImport(opts.text, target, flags)
  const { problems, notes, skipped } = prepared
  if (problems.length > 0 || opts.dryRun) return { written: 0, skipped, problems, notes }
  for (const upload of prepared.uploads) {
    const asset = await target.client.assets.upload(upload.kind, upload.data)
    delete upload.holder._sanityAsset
    upload.holder.asset = { _type: 'reference', _ref: asset._id }
  }
  const ordered = dependencyOrder(prepared.docs)
  const mutationOf = MUTATION_OF_MODE[flags.mode]
  const progress = new Progress(out, ordered.length, 'Importing')
  progress.update(0)
  for (let start = 0; start < ordered.length; start += batchSize) {
    const batch = ordered.slice(start, start + batchSize)
    await target.client.mutate(
      batch.map((doc) => mutationOf(doc)),
      {
        visibility: 'async',
        returnDocuments: false,
      },
    )
    progress.update(Math.min(start + batchSize, ordered.length))
  }
  return { written: ordered.length, skipped, problems, notes }
}

/** Command-line flags → options; throws with the usage text for anything it does not know. */
export function parseCli(args: string[]): {
  file: string
  flags: ImportFlags
  batchSize: number
  dryRun: boolean
  help: boolean
} {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      'batch-size': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
      missing: { type: 'boolean', default: false },
      'allow-failing-assets': { type: 'boolean', default: false },
      'allow-assets-in-different-dataset': { type: 'boolean', default: false },
      'skip-cross-dataset-references': { type: 'boolean', default: false },
      'allow-system-documents': { type: 'boolean', default: false },
      'allow-replacement-characters': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.replace && values.missing)
    throw new Error('--replace and --missing exclude each other')
  if (positionals.length > 1) throw new Error(`One file at a time (got ${positionals.join(', ')})`)
  const batchSize = Number(values['batch-size'] ?? 200)
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error('--batch-size must be a whole number above 0')
  return {
    file: values.file ?? positionals[0] ?? DEFAULT_FILE,
    batchSize,
    dryRun: values['dry-run'] ?? false,
    help: values.help ?? false,
    flags: {
      mode: values.replace ? 'replace' : values.missing ? 'missing' : 'create',
      allowFailingAssets: values['allow-failing-assets'] ?? false,
      allowAssetsInDifferentDataset: values['allow-assets-in-different-dataset'] ?? false,
      skipCrossDatasetReferences: values['skip-cross-dataset-references'] ?? false,
      allowSystemDocuments: values['allow-system-documents'] ?? false,
      allowReplacementCharacters: values['allow-replacement-characters'] ?? false,
    },
  }
}

const MAX_PRINTED = 50

async function main(args: string[]): Promise<number> {
  let cli: ReturnType<typeof parseCli>
  try {
    cli = parseCli(args)
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
    return 2
  }
  if (cli.help) {
    console.log(USAGE)
    return 0
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
  const where = apiHost || `https://${projectId}.api.sanity.io`
  console.log(`Checking ${cli.file} against ${where} (dataset ${dataset})…`)
  const result = await runImport({
    text: await readFile(cli.file, 'utf8'),
    target: { client, projectId, dataset, baseDir: dirname(resolve(cli.file)) },
    flags: cli.flags,
    batchSize: cli.batchSize,
    dryRun: cli.dryRun,
    out: {
      write: (text) => process.stdout.write(text),
      isTTY: process.stdout.isTTY === true,
      columns: process.stdout.columns,
    },
  })
  for (const note of result.notes) console.log(`  note: ${note}`)
  if (result.problems.length > 0) {
    console.error(`${cli.file}: ${result.problems.length} problems, nothing was imported:`)
    for (const p of result.problems.slice(0, MAX_PRINTED)) console.error(`  ${formatProblem(p)}`)
    if (result.problems.length > MAX_PRINTED) {
      console.error(`  … and ${result.problems.length - MAX_PRINTED} more`)
    }
    return 1
  }
  if (cli.dryRun) console.log(`Dry run: the file can be imported; nothing was written.`)
  else
    console.log(
      `Imported ${result.written} documents` +
        (result.skipped > 0 ? `, skipped ${result.skipped} that already existed.` : '.'),
    )
  return 0
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
