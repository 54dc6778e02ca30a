// Everything `npm run import` checks against the target before it writes, as `sanity dataset
// import` does: which referenced documents exist there, the flags for missing references and
// assets, and the assets a file brings (read from disk, uploaded before the documents).
import { readFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import type { SanityClient } from '@sanity/client'
import {
  findReferences,
  findStrings,
  isCrossDataset,
  isWeak,
  parseLines,
  pathString,
  removeAt,
  type DocProblem,
  type Line,
  type Segment,
  type SeedDocument,
} from './documents'

const ASSET_REF = /^(image|file)-/
const LOOKUP_CHUNK = 500

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

/** Which of `ids` exist in the target dataset (drafts included). */
async function existingIds(client: SanityClient, ids: string[]): Promise<Set<string>> {
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
