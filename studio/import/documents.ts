// Documents in Sanity's export format, as `npm run import` reads them: NDJSON lines parsed with a
// problem per bad line, the references inside a document (with their paths, weak or strong),
// the checks a dataset must pass on its own, and the order that writes referenced documents first.
import { randomUUID } from 'node:crypto'

export type SeedDocument = { _id: string; _type: string; [field: string]: unknown }

// Sanity's rule for document ids: letters, digits, `_`, `-` and `.` (path separators).
const ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/

/** One problem with one document: where it is (line, id, field path) and what is wrong. */
export type DocProblem = { line: number; id: string; path: string; message: string }

export function formatProblem(p: DocProblem): string {
  return `line ${p.line}  ${p.id}${p.path ? ` at ${p.path}` : ''}: ${p.message}`
}

export type Line = { doc: SeedDocument; line: number }

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

export type Segment = string | number | { key: string }

export function pathString(path: Segment[]): string {
  let out = ''
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`
    else if (typeof s === 'string') out += out === '' ? s : `.${s}`
    else out += `[_key=="${s.key}"]`
  }
  return out
}

export type Found = { ref: Record<string, unknown>; target: string; path: Segment[] }

/** Every reference object (anything with a string `_ref`) inside a value, with its path. */
export function findReferences(value: unknown, path: Segment[] = [], found: Found[] = []): Found[] {
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

export const isWeak = (ref: Record<string, unknown>) => ref._weak === true
export const isCrossDataset = (ref: Record<string, unknown>) => typeof ref._dataset === 'string'

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

/** Removes `target` (an object inside `doc`) wherever it sits: from its array, or its field. */
export function removeAt(doc: SeedDocument, path: Segment[]): void {
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

export function findStrings(value: unknown, path: Segment[], found: Segment[][]): void {
  if (typeof value === 'string') {
    if (value.includes('\uFFFD')) found.push(path)
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findStrings(item, [...path, i], found))
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) findStrings(v, [...path, k], found)
  }
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
