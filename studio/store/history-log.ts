// Document history for the Studio's history and review-changes panes. The transaction log is
// archived into history/ when a snapshot compacts it (instead of being thrown away), beside a
// copy of the dataset as it was when history began (history/base.ndjson: the seed). An index of
// who changed which documents when is built on first use; document bodies stay on disk and are
// read back on demand, so a long editing session costs memory per transaction, not per byte.
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { lines, parseJson, syncDir } from './files'
import { isDoc, isRecord, LOCAL_IDENTITY, type SanityDoc } from './types'

/** One committed transaction as the log stores it: every written document's state after it. */
export type LogRecord = {
  seq: number
  id: string
  time: string
  who: string
  docs: [string, SanityDoc | null][]
}

/** A file holding history; the live log's path changes when it is archived. */
type Source = { key: number; path: string }
type Loc = { src: Source; offset: number; length: number }

export type HistoryEntry = {
  /** Position in the whole history: base entries first, then transactions in commit order. */
  index: number
  /** The dataset revision after the transaction (0 for base entries). */
  seq: number
  id: string
  time: string
  author: string
  ids: string[]
  /** The documents among `ids` the transaction deleted. */
  deleted: string[]
  /** Documents that already existed when history began, "created" by their own revision. */
  base: boolean
  loc: Loc | Map<string, Loc>
}

type Index = {
  entries: HistoryEntry[]
  byId: Map<string, HistoryEntry>
  byDoc: Map<string, HistoryEntry[]>
  baseSeq: number
}

const BASE = 'base.ndjson'
const SEGMENT = /^log-\d{12}\.ndjson$/
const EPOCH = '1970-01-01T00:00:00Z'
const CACHE_LIMIT = 256

export function isLogRecord(value: unknown): value is LogRecord {
  return isRecord(value) && typeof value.seq === 'number' && Array.isArray(value.docs)
}

export class HistoryLog {
  private readonly dir: string
  private live: Source
  private nextKey = 1
  private index: Index | null = null
  private readonly cache = new Map<string, unknown>()

  constructor(
    private readonly dataDir: string,
    private readonly logPath: string,
  ) {
    this.dir = join(dataDir, 'history')
    this.live = { key: this.nextKey++, path: logPath }
  }

  /** Records the dataset as history begins with it (first start, or a data dir from before). */
  begin(snapshotPath: string): void {
    const base = join(this.dir, BASE)
    if (existsSync(base)) return
    mkdirSync(this.dir, { recursive: true })
    const tmp = `${base}.tmp`
    if (existsSync(snapshotPath)) copyFileSync(snapshotPath, tmp)
    else writeFileSync(tmp, `${JSON.stringify({ snapshot: true, seq: 0 })}\n`)
    const fd = openSync(tmp, 'r')
    fsyncSync(fd)
    closeSync(fd)
    renameSync(tmp, base)
    syncDir(this.dir)
  }

  /** Moves the live log (already covered by a new snapshot) into history. */
  archive(lastSeq: number): void {
    if (!existsSync(this.logPath)) return
    mkdirSync(this.dir, { recursive: true })
    const target = join(this.dir, `log-${String(lastSeq).padStart(12, '0')}.ndjson`)
    renameSync(this.logPath, target)
    syncDir(this.dir)
    syncDir(this.dataDir)
    this.live.path = target
    this.live = { key: this.nextKey++, path: this.logPath }
  }

  /** Called after a record is durably appended to the live log at `offset`. */
  appended(record: LogRecord, offset: number, length: number): void {
    if (this.index) this.add(this.index, record, { src: this.live, offset, length })
  }

  private load(): Index {
    if (this.index) return this.index
    const index: Index = { entries: [], byId: new Map(), byDoc: new Map(), baseSeq: 0 }
    const groups = new Map<string, { time: string; docs: Map<string, Loc> }>()
    const baseSrc: Source = { key: this.nextKey++, path: join(this.dir, BASE) }
    for (const line of lines(baseSrc.path)) {
      const value = parseJson(line.text)
      if (isRecord(value) && value.snapshot === true && typeof value.seq === 'number') {
        index.baseSeq = value.seq
      } else if (isDoc(value)) {
        // Documents changed together in the seed's source dataset share a revision.
        const rev = value._rev ?? `base-${value._id}`
        const time = value._updatedAt ?? value._createdAt ?? EPOCH
        const group = groups.get(rev) ?? { time, docs: new Map<string, Loc>() }
        if (time > group.time) group.time = time
        group.docs.set(value._id, { src: baseSrc, ...line })
        groups.set(rev, group)
      }
    }
    const ordered = [...groups].sort(([, a], [, b]) => a.time.localeCompare(b.time))
    for (const [rev, group] of ordered) {
      this.push(index, {
        index: index.entries.length,
        seq: 0,
        id: rev,
        time: group.time,
        author: LOCAL_IDENTITY,
        ids: [...group.docs.keys()],
        deleted: [],
        base: true,
        loc: group.docs,
      })
    }
    const segments = existsSync(this.dir)
      ? readdirSync(this.dir)
          .filter((name) => SEGMENT.test(name))
          .sort()
      : []
    const sources = [
      ...segments.map((name) => ({ key: this.nextKey++, path: join(this.dir, name) })),
      this.live,
    ]
    for (const src of sources) {
      for (const line of lines(src.path)) {
        const record = parseJson(line.text)
        if (isLogRecord(record)) this.add(index, record, { src, ...line })
      }
    }
    this.index = index
    return index
  }

  private add(index: Index, record: LogRecord, loc: Loc): void {
    const last = index.entries[index.entries.length - 1]
    // Records the base (or an earlier file) already covers are left from a crash mid-compaction.
    if (record.seq <= index.baseSeq || (last && record.seq <= last.seq)) return
    this.push(index, {
      index: index.entries.length,
      seq: record.seq,
      id: record.id,
      time: record.time,
      author: record.who,
      ids: record.docs.map(([id]) => id),
      deleted: record.docs.flatMap(([id, doc]) => (doc ? [] : [id])),
      base: false,
      loc,
    })
  }

  private push(index: Index, entry: HistoryEntry): void {
    index.entries.push(entry)
    index.byId.set(entry.id, entry)
    for (const id of entry.ids) {
      const list = index.byDoc.get(id)
      if (list) list.push(entry)
      else index.byDoc.set(id, [entry])
    }
  }

  /** Every entry touching any of `ids`, oldest first. */
  entriesFor(ids: string[]): HistoryEntry[] {
    const index = this.load()
    const seen = new Set<HistoryEntry>()
    for (const id of ids) for (const entry of index.byDoc.get(id) ?? []) seen.add(entry)
    return [...seen].sort((a, b) => a.index - b.index)
  }

  transaction(id: string): HistoryEntry | undefined {
    return this.load().byId.get(id)
  }

  /** The document's state right after `entry` (null: absent, or not written by it). */
  stateAfter(entry: HistoryEntry, docId: string): SanityDoc | null {
    if (entry.loc instanceof Map) {
      const loc = entry.loc.get(docId)
      const doc = loc ? this.read(loc) : undefined
      return isDoc(doc) ? doc : null
    }
    const record = this.read(entry.loc)
    if (!isLogRecord(record)) return null
    const found = record.docs.find(([id]) => id === docId)
    return found && isDoc(found[1]) ? found[1] : null
  }

  /** The document's state just before `entry` was applied. */
  stateBefore(entry: HistoryEntry, docId: string): SanityDoc | null {
    return this.stateAsOf(docId, entry.index - 1)
  }

  /** The last entry at or before position `index` that wrote the document. */
  private lastWrite(docId: string, index: number): HistoryEntry | undefined {
    const list = this.load().byDoc.get(docId) ?? []
    let lo = 0
    let hi = list.length - 1
    let found: HistoryEntry | undefined
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const entry = list[mid]
      if (entry && entry.index <= index) {
        found = entry
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }

  /** The document's state after the entry at position `index` (and everything before it). */
  stateAsOf(docId: string, index: number): SanityDoc | null {
    const entry = this.lastWrite(docId, index)
    return entry ? this.stateAfter(entry, docId) : null
  }

  /**
   * The document's revision after position `index`, or null when it did not exist then. Read
   * from the index alone: a transaction stamps its id as the revision of what it writes.
   */
  revisionAsOf(docId: string, index: number): string | null {
    const entry = this.lastWrite(docId, index)
    return entry && !entry.deleted.includes(docId) ? entry.id : null
  }

  /** The last state the document had before it was deleted (or its current state). */
  lastRevision(docId: string): SanityDoc | null {
    const list = this.load().byDoc.get(docId) ?? []
    for (let i = list.length - 1; i >= 0; i--) {
      const entry = list[i]
      const doc = entry ? this.stateAfter(entry, docId) : null
      if (doc) return doc
    }
    return null
  }

  /** Position of the last entry at or before `time` (ISO), or -1. */
  indexAtTime(time: string): number {
    const entries = this.load().entries
    let result = -1
    for (const entry of entries) {
      if (Date.parse(entry.time) <= Date.parse(time)) result = entry.index
      else if (!entry.base) break
    }
    return result
  }

  private read(loc: Loc): unknown {
    const key = `${loc.src.key}:${loc.offset}`
    if (this.cache.has(key)) return this.cache.get(key)
    const buf = Buffer.alloc(loc.length)
    const fd = openSync(loc.src.path, 'r')
    try {
      readSync(fd, buf, 0, loc.length, loc.offset)
    } finally {
      closeSync(fd)
    }
    const value = parseJson(buf.toString('utf8'))
    this.cache.set(key, value)
    if (this.cache.size > CACHE_LIMIT) {
      const oldest = this.cache.keys().next()
      if (!oldest.done) this.cache.delete(oldest.value)
    }
    return value
  }
}
