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
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { randomUUID } from 'node:crypto'
import { createClient, type SanityClient } from '@sanity/client'

export type SeedDocument = { _id: string; _type: string; [field: string]: unknown }

const DEFAULT_FILE = join(dirname(fileURLToPath(import.meta.url)), '../seed/dataset.ndjson')
const LOCAL_STORE = 'http://127.0.0.1:3401'
const API_VERSION = '2025-02-19'
// Sanity's rule for document ids: letters, digits, `_`, `-` and `.` (path separators).
const ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
const ASSET_REF = /^(image|file)-/
const LOOKUP_CHUNK = 500

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

export type ImportFlags = {
  mode: 'create' | 'replace' | 'missing'
  allowFailingAssets: boolean
  allowAssetsInDifferentDataset: boolean
  skipCrossDatasetReferences: boolean
  allowSystemDocuments: boolean
  allowReplacementCharacters: boolean
}

export const DEFAULT_FLAGS: ImportFlags = {
  mode: 'create',
  allowFailingAssets: false,
  allowAssetsInDifferentDataset: false,
  skipCrossDatasetReferences: false,
  allowSystemDocuments: false,
  allowReplacementCharacters: false,
}

/** One problem with one document: where it is (line, id, field path) and what is wrong. */
export type DocProblem = { line: number; id: string; path: string; message: string }

export function formatProblem(p: DocProblem): string {
  return `line ${p.line}  ${p.id}${p.path ? ` at ${p.path}` : ''}: ${p.message}`
}

type Line = { doc: SeedDocument; line: number }

/** Parses NDJSON, naming the line of the first bad document. */
export function parseNdjson(text: string): SeedDocument[] {
  const { lines, problems } = parseLines(text)
  const first = problems[0]
  if (first) throw new Error(formatProblem(first))
  return lines.map((l) => l.doc)
}

/** Every line parsed, with a problem for each line that is not a document (none thrown). */
export function parseLines(text: string): { lines: Line[]; problems: DocProblem[] } {
  const lines: Line[] = []
  const problems: DocProblem[] = []
  const rows = text.split('\n')
  for (let i = 0; i < rows.length; i++) {
    const raw = (rows[i] ?? '').trim()
    if (raw === '') continue
    const line = i + 1
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (error) {
      problems.push({ line, id: '-', path: '', message: `not valid JSON (${String(error)})` })
      continue
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ line, id: '-', path: '', message: 'not a JSON object' })
      continue
    }
    const record = value as Record<string, unknown>
    const id = record._id === undefined ? randomUUID() : record._id
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      problems.push({
        line,
        id: String(JSON.stringify(record._id)),
        path: '_id',
        message: 'invalid id (letters, digits, "_", "-" and "." only, at most 128 characters)',
      })
      continue
    }
    if (typeof record._type !== 'string' || record._type === '') {
      problems.push({ line, id, path: '_type', message: 'missing _type' })
      continue
    }
    lines.push({ doc: { ...record, _id: id, _type: record._type }, line })
  }
  return { lines, problems }
}

type Segment = string | number | { key: string }

function pathString(path: Segment[]): string {
  let out = ''
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`
    else if (typeof s === 'string') out += out === '' ? s : `.${s}`
    else out += `[_key=="${s.key}"]`
  }
  return out
}

type Found = { ref: Record<string, unknown>; target: string; path: Segment[] }

/** Every reference object (anything with a string `_ref`) inside a value, with its path. */
function findReferences(value: unknown, path: Segment[] = [], found: Found[] = []): Found[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const key =
        typeof item === 'object' && item !== null ? (item as { _key?: unknown })._key : null
      findReferences(item, [...path, typeof key === 'string' ? { key } : index], found)
    })
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    if (typeof record._ref === 'string') found.push({ ref: record, target: record._ref, path })
    for (const [field, item] of Object.entries(record)) {
      if (typeof item === 'object' && item !== null) findReferences(item, [...path, field], found)
    }
  }
  return found
}

/** Every `_ref` inside a document (references, including those nested in arrays and objects). */
export function referencesOf(value: unknown): string[] {
  return findReferences(value).map((f) => f.target)
}

const isWeak = (ref: Record<string, unknown>) => ref._weak === true
const isCrossDataset = (ref: Record<string, unknown>) => typeof ref._dataset === 'string'

/**
 * Problems that would make a real dataset reject the import when nothing else exists in it:
 * duplicate ids and strong references to documents not in the file. Weak references to missing
 * documents are fine.
 */
export function checkDataset(docs: SeedDocument[]): string[] {
  const problems: string[] = []
  const ids = new Set<string>()
  for (const doc of docs) {
    if (ids.has(doc._id)) problems.push(`Duplicate _id ${doc._id}`)
    ids.add(doc._id)
  }
  for (const doc of docs) {
    for (const { ref, target } of findReferences(doc)) {
      if (!ids.has(target) && !isWeak(ref) && !isCrossDataset(ref)) {
        problems.push(`${doc._id} references missing document ${target}`)
      }
    }
  }
  return problems
}

/** Which of `ids` exist in the target dataset (drafts included). */
export async function existingIds(client: SanityClient, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
    const chunk = ids.slice(start, start + LOOKUP_CHUNK)
    const result = await client.fetch<string[]>(
      '*[_id in $ids]._id',
      { ids: chunk },
      { perspective: 'raw' },
    )
    for (const id of result) found.add(id)
  }
  return found
}

/** Removes `target` (an object inside `doc`) wherever it sits: from its array, or its field. */
function removeAt(doc: SeedDocument, path: Segment[]): void {
  const parentPath = path.slice(0, -1)
  const last = path[path.length - 1]
  let parent: unknown = doc
  for (const seg of parentPath) parent = step(parent, seg)
  if (Array.isArray(parent)) {
    const index =
      typeof last === 'number'
        ? last
        : parent.findIndex(
            (item) =>
              typeof last === 'object' &&
              typeof item === 'object' &&
              item !== null &&
              (item as { _key?: unknown })._key === last.key,
          )
    if (index >= 0) parent.splice(index, 1)
  } else if (typeof parent === 'object' && parent !== null && typeof last === 'string') {
    delete (parent as Record<string, unknown>)[last]
  }
}

function step(value: unknown, seg: Segment): unknown {
  if (Array.isArray(value)) {
    if (typeof seg === 'number') return value[seg]
    if (typeof seg === 'object')
      return value.find(
        (item) =>
          typeof item === 'object' &&
          item !== null &&
          (item as { _key?: unknown })._key === seg.key,
      )
    return undefined
  }
  if (typeof value === 'object' && value !== null && typeof seg === 'string') {
    return (value as Record<string, unknown>)[seg]
  }
  return undefined
}

function findStrings(value: unknown, path: Segment[], found: Segment[][]): void {
  if (typeof value === 'string') {
    if (value.includes('\uFFFD')) found.push(path)
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findStrings(item, [...path, i], found))
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) findStrings(v, [...path, k], found)
  }
}

/** `images/<project>/<dataset>/…` or `files/<project>/<dataset>/…` in an asset's path or url. */
function assetLocation(doc: SeedDocument): { project: string; dataset: string } | null {
  for (const field of ['path', 'url']) {
    const value = doc[field]
    if (typeof value !== 'string') continue
    const match = /(?:^|\/)(?:images|files)\/([^/]+)\/([^/]+)\//.exec(value)
    if (match?.[1] && match[2]) return { project: match[1], dataset: match[2] }
  }
  return null
}

type SanityAsset = { holder: Record<string, unknown>; path: Segment[]; assetRef: string }

/** `_sanityAsset: "image@file://./images/x.jpg"` fields (Sanity's export format for assets). */
function findSanityAssets(value: unknown, path: Segment[] = [], found: SanityAsset[] = []) {
  if (Array.isArray(value)) value.forEach((item, i) => findSanityAssets(item, [...path, i], found))
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    if (typeof record._sanityAsset === 'string') {
      found.push({ holder: record, path, assetRef: record._sanityAsset })
    }
    for (const [k, v] of Object.entries(record)) findSanityAssets(v, [...path, k], found)
  }
  return found
}

export type Target = {
  client: SanityClient
  projectId: string
  dataset: string
  /** Where relative `file://` asset paths are resolved from (the NDJSON file's folder). */
  baseDir?: string
}

export type Prepared = {
  docs: SeedDocument[]
  problems: DocProblem[]
  /** Things accepted on purpose (a flag said so, or Sanity accepts them), for the summary. */
  notes: string[]
  /** Documents that already exist in the target and will be skipped (--missing). */
  skipped: number
  /** Asset files to upload before writing (each replaces its `_sanityAsset` field). */
  uploads: Upload[]
}

type Upload = { holder: Record<string, unknown>; kind: 'image' | 'file'; data: Buffer }

async function readAsset(
  assetRef: string,
  baseDir: string,
): Promise<{ kind: 'image' | 'file'; data: Buffer }> {
  const at = assetRef.indexOf('@')
  const kind = assetRef.slice(0, at)
  const location = assetRef.slice(at + 1)
  if (kind !== 'image' && kind !== 'file') throw new Error(`unknown asset kind in "${assetRef}"`)
  if (location.startsWith('file://')) {
    const raw = decodeURIComponent(location.slice('file://'.length))
    const file = isAbsolute(raw) ? raw : resolve(baseDir, raw)
    return { kind, data: await readFile(file) }
  }
  const res = await fetch(location, { signal: AbortSignal.timeout(30_000) })
  if (!res.ok) throw new Error(`HTTP ${res.status} fetching ${location}`)
  return { kind, data: Buffer.from(await res.arrayBuffer()) }
}

/**
 * Everything `sanity dataset import` checks before writing, against the target: returns the
 * documents as they will be written (flags applied) and every problem found.
 */
export async function prepareImport(
  text: string,
  target: Target,
  flags: ImportFlags,
): Promise<Prepared> {
  const { lines: parsed, problems } = parseLines(text)
  const notes: string[] = []
  const lines: Line[] = []
  let systemDocs = 0
  for (const l of parsed) {
    if (l.doc._id.startsWith('_.') && !flags.allowSystemDocuments) systemDocs++
    else lines.push(l)
  }
  if (systemDocs > 0) {
    notes.push(`${systemDocs} system documents skipped (--allow-system-documents imports them)`)
  }

  const lineOf = new Map<string, number>()
  for (const { doc, line } of lines) {
    const first = lineOf.get(doc._id)
    if (first !== undefined) {
      problems.push({ line, id: doc._id, path: '_id', message: `duplicate of line ${first}` })
    } else lineOf.set(doc._id, line)
  }

  if (!flags.allowReplacementCharacters) {
    for (const { doc, line } of lines) {
      const found: Segment[][] = []
      findStrings(doc, [], found)
      for (const path of found) {
        problems.push({
          line,
          id: doc._id,
          path: pathString(path),
          message:
            'contains U+FFFD, a sign of text decoded with the wrong encoding' +
            ' (--allow-replacement-characters accepts it)',
        })
      }
    }
  }

  // Asset documents that belong to another project or dataset.
  let foreignAssets = 0
  for (const { doc, line } of lines) {
    if (doc._type !== 'sanity.imageAsset' && doc._type !== 'sanity.fileAsset') continue
    const where = assetLocation(doc)
    if (!where || (where.project === target.projectId && where.dataset === target.dataset)) continue
    if (flags.allowAssetsInDifferentDataset) foreignAssets++
    else
      problems.push({
        line,
        id: doc._id,
        path: 'url',
        message:
          `asset of project "${where.project}", dataset "${where.dataset}", not this one` +
          ' (--allow-assets-in-different-dataset imports it anyway)',
      })
  }
  if (foreignAssets > 0) notes.push(`${foreignAssets} asset documents from another dataset kept`)

  // Cross-dataset references: dropped with the flag, else their datasets must exist.
  const datasets = await target.client.datasets
    .list()
    .then((list) => new Set(list.map((d) => d.name)))
    .catch(() => new Set([target.dataset]))
  let droppedCdr = 0
  for (const { doc, line } of lines) {
    const cdrs = findReferences(doc).filter((f) => isCrossDataset(f.ref))
    for (const found of cdrs.reverse()) {
      if (flags.skipCrossDatasetReferences) {
        removeAt(doc, found.path)
        droppedCdr++
      } else if (!datasets.has(String(found.ref._dataset))) {
        problems.push({
          line,
          id: doc._id,
          path: pathString(found.path),
          message:
            `reference to dataset "${String(found.ref._dataset)}", which does not exist here` +
            ' (--skip-cross-dataset-references drops it)',
        })
      }
    }
  }
  if (droppedCdr > 0) notes.push(`${droppedCdr} cross-dataset references dropped`)

  // `_sanityAsset` fields: the file (or URL) must be readable; it is uploaded once every check
  // has passed, so a refused import uploads nothing.
  let failedAssets = 0
  const uploads: Upload[] = []
  const baseDir = target.baseDir ?? process.cwd()
  for (const { doc, line } of lines) {
    for (const found of findSanityAssets(doc).reverse()) {
      try {
        uploads.push({ holder: found.holder, ...(await readAsset(found.assetRef, baseDir)) })
      } catch (error) {
        if (flags.allowFailingAssets) {
          removeAt(doc, found.path)
          failedAssets++
        } else {
          problems.push({
            line,
            id: doc._id,
            path: pathString(found.path),
            message: `asset ${found.assetRef} failed: ${error instanceof Error ? error.message : String(error)} (--allow-failing-assets skips it)`,
          })
        }
      }
    }
  }

  // References: to the file's own documents, else to documents already in the target.
  const inFile = new Set(lines.map((l) => l.doc._id))
  const wanted = new Set<string>()
  for (const { doc } of lines) {
    for (const { ref, target: to } of findReferences(doc)) {
      if (!inFile.has(to) && !isCrossDataset(ref)) wanted.add(to)
    }
  }
  const inTarget = await existingIds(target.client, [...wanted])
  let weakMissing = 0
  for (const { doc, line } of lines) {
    const missing = findReferences(doc).filter(
      (f) => !isCrossDataset(f.ref) && !inFile.has(f.target) && !inTarget.has(f.target),
    )
    for (const found of missing.reverse()) {
      const isAsset = ASSET_REF.test(found.target)
      if (isAsset && flags.allowFailingAssets) {
        removeAt(doc, found.path)
        failedAssets++
      } else if (isAsset) {
        problems.push({
          line,
          id: doc._id,
          path: pathString(found.path),
          message: `missing asset "${found.target}" (--allow-failing-assets imports the document without it)`,
        })
      } else if (isWeak(found.ref)) {
        weakMissing++
      } else {
        problems.push({
          line,
          id: doc._id,
          path: pathString(found.path),
          message: `strong reference to missing document "${found.target}" (include that document, or make the reference weak with "_weak": true)`,
        })
      }
    }
  }
  if (weakMissing > 0) notes.push(`${weakMissing} weak references to missing documents kept`)
  if (failedAssets > 0) notes.push(`${failedAssets} missing or failing assets skipped`)

  // The mode: by default no id may exist yet; --missing skips those that do.
  let skipped = 0
  let docs = lines.map((l) => l.doc)
  if (flags.mode !== 'replace') {
    const existing = await existingIds(target.client, [...inFile])
    if (flags.mode === 'missing') {
      docs = docs.filter((d) => !existing.has(d._id))
      skipped = lines.length - docs.length
    } else {
      for (const { doc, line } of lines) {
        if (existing.has(doc._id)) {
          problems.push({
            line,
            id: doc._id,
            path: '',
            message: 'already exists in the target dataset (--replace overwrites, --missing skips)',
          })
        }
      }
    }
  }
  problems.sort((a, b) => a.line - b.line)
  return { docs, problems, notes, skipped, uploads }
}

/** Referenced documents first where possible, so batches rarely point forward. */
export function dependencyOrder(docs: SeedDocument[]): SeedDocument[] {
  const byId = new Map(docs.map((doc) => [doc._id, doc]))
  const done = new Set<string>()
  const ordered: SeedDocument[] = []
  // Iterative depth-first walk: a long reference chain must not overflow the stack.
  for (const root of docs) {
    if (done.has(root._id)) continue
    const stack: { doc: SeedDocument; refs: string[] }[] = [{ doc: root, refs: referencesOf(root) }]
    const onPath = new Set([root._id])
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      if (!top) break
      const next = top.refs.pop()
      if (next === undefined) {
        stack.pop()
        onPath.delete(top.doc._id)
        if (!done.has(top.doc._id)) {
          done.add(top.doc._id)
          ordered.push(top.doc)
        }
        continue
      }
      const target = byId.get(next)
      if (target && !done.has(next) && !onPath.has(next)) {
        onPath.add(next)
        stack.push({ doc: target, refs: referencesOf(target) })
      }
    }
  }
  return ordered
}

/** Where progress goes: a redrawn bar on a terminal, plain lines (every 10%) otherwise. */
export type Output = { write(text: string): void; isTTY: boolean; columns?: number }

export class Progress {
  private lastTenth = -1
  private readonly started = performance.now()

  constructor(
    private readonly out: Output,
    private readonly total: number,
    private readonly label: string,
  ) {}

  update(done: number): void {
    const share = this.total === 0 ? 1 : done / this.total
    const pct = Math.floor(share * 100)
    if (this.out.isTTY) {
      const width = Math.max(10, Math.min(40, (this.out.columns ?? 80) - 50))
      const filled = Math.round(share * width)
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`
      const secs = ((performance.now() - this.started) / 1000).toFixed(1)
      this.out.write(`\r${this.label} ${bar} ${pct}% ${done}/${this.total} (${secs} s)`)
      if (done >= this.total) this.out.write('\n')
      return
    }
    const tenth = Math.floor(share * 10)
    if (tenth > this.lastTenth || done >= this.total) {
      this.lastTenth = tenth
      this.out.write(`${this.label}: ${done} / ${this.total} (${pct}%)\n`)
    }
  }
}

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
  const operation =
    flags.mode === 'replace'
      ? 'createOrReplace'
      : flags.mode === 'missing'
        ? 'createIfNotExists'
        : 'create'
  const progress = new Progress(out, ordered.length, 'Importing')
  progress.update(0)
  for (let start = 0; start < ordered.length; start += batchSize) {
    const batch = ordered.slice(start, start + batchSize)
    const mutations = batch.map((doc) =>
      operation === 'create'
        ? { create: doc }
        : operation === 'createOrReplace'
          ? { createOrReplace: doc }
          : { createIfNotExists: doc },
    )
    await target.client.mutate(mutations, { visibility: 'async', returnDocuments: false })
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
