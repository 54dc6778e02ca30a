// Durable document storage: documents live in memory (indexed by id), every committed transaction
// is appended to an NDJSON log and fsynced before it is acknowledged, and a periodic snapshot
// (write temp, fsync, rename) bounds the log. A torn last log line from a crash is discarded.
// Compaction archives the log into history/ (see history-log.ts) rather than dropping it.
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { syncDir } from './files'
import { HistoryLog, isLogRecord, type LogRecord } from './history-log'
import { isDoc, nowIso, type CommittedTransaction, type SanityDoc } from './types'

type SnapshotHeader = { snapshot: true; seq: number }

const SNAPSHOT = 'snapshot.ndjson'
const LOG = 'transactions.ndjson'

export type StorageOptions = {
  dataDir: string
  seedFile?: string
  snapshotEvery?: number
  log?: (msg: string) => void
}

export class Storage {
  readonly docs = new Map<string, SanityDoc>()
  readonly history: HistoryLog
  /** Sequence number of the last committed transaction: the dataset revision. */
  seq = 0
  private logFd = -1
  private logSize = 0
  private sinceSnapshot = 0
  private readonly snapshotEvery: number

  constructor(private readonly opts: StorageOptions) {
    this.snapshotEvery = opts.snapshotEvery ?? 500
    mkdirSync(opts.dataDir, { recursive: true })
    this.history = new HistoryLog(opts.dataDir, this.path(LOG))
    const hasData = existsSync(this.path(SNAPSHOT)) || existsSync(this.path(LOG))
    if (hasData) this.load()
    else this.seed()
    // Data dirs from before history was kept start theirs at the current snapshot.
    this.history.begin(this.path(SNAPSHOT))
    this.openLog()
  }

  private openLog(): void {
    this.logFd = openSync(this.path(LOG), 'a')
    this.logSize = fstatSync(this.logFd).size
  }

  private path(name: string): string {
    return join(this.opts.dataDir, name)
  }

  private seed(): void {
    const file = this.opts.seedFile
    if (file && existsSync(file)) {
      const now = nowIso()
      for (const doc of parseNdjson(readFileSync(file, 'utf8')).values) {
        // Clients compare revisions (listen's previousRev, ifRevisionID): every document needs one.
        if (isDoc(doc)) {
          this.docs.set(doc._id, {
            ...doc,
            _rev: doc._rev ?? randomRev(),
            _createdAt: doc._createdAt ?? now,
            _updatedAt: doc._updatedAt ?? now,
          })
        }
      }
      this.opts.log?.(`seeded ${this.docs.size} documents from ${file}`)
    }
    this.writeSnapshot()
  }

  private load(): void {
    if (existsSync(this.path(SNAPSHOT))) {
      const { values } = parseNdjson(readFileSync(this.path(SNAPSHOT), 'utf8'))
      const [header, ...docs] = values
      this.seq = isSnapshotHeader(header) ? header.seq : 0
      for (const doc of docs) if (isDoc(doc)) this.docs.set(doc._id, doc)
    }
    if (!existsSync(this.path(LOG))) return
    const text = readFileSync(this.path(LOG), 'utf8')
    const { values, validBytes } = parseNdjson(text, false)
    for (const record of values) {
      if (!isLogRecord(record) || record.seq <= this.seq) continue
      for (const [id, doc] of record.docs) {
        if (doc) this.docs.set(id, doc)
        else this.docs.delete(id)
      }
      this.seq = record.seq
      this.sinceSnapshot++
    }
    // A crash mid-append leaves a partial line; cut it so the next record starts on a fresh line.
    if (validBytes < Buffer.byteLength(text)) {
      this.opts.log?.('discarding a torn record at the end of the transaction log')
      const fd = openSync(this.path(LOG), 'r+')
      ftruncateSync(fd, validBytes)
      fsyncSync(fd)
      closeSync(fd)
    }
  }

  /** Makes a transaction durable, then visible. Throws (and changes nothing) if the write fails. */
  commit(tx: CommittedTransaction): void {
    const record: LogRecord = {
      seq: tx.seq,
      id: tx.transactionId,
      time: tx.timestamp,
      who: tx.identity,
      docs: tx.changes.map((c) => [c.id, c.after]),
    }
    const line = Buffer.from(`${JSON.stringify(record)}\n`)
    const offset = this.logSize
    try {
      let written = 0
      while (written < line.length) {
        written += writeSync(this.logFd, line, written, line.length - written, offset + written)
      }
      fsyncSync(this.logFd)
    } catch (error) {
      // A half-written record (disk full) would hide every later one on the next load.
      try {
        ftruncateSync(this.logFd, offset)
      } catch {
        // Left for the torn-record check on the next load.
      }
      throw error
    }
    this.logSize = offset + line.length
    this.history.appended(record, offset, line.length - 1)
    for (const change of tx.changes) {
      if (change.after) this.docs.set(change.id, change.after)
      else this.docs.delete(change.id)
    }
    this.seq = tx.seq
    if (++this.sinceSnapshot >= this.snapshotEvery) this.compact()
  }

  /** Writes a snapshot of the current state and starts an empty log. */
  compact(): void {
    this.writeSnapshot()
    closeSync(this.logFd)
    // The snapshot already holds every logged transaction (records <= its seq are skipped on
    // load), so a crash between the rename above and archiving the log loses nothing.
    if (this.logSize > 0) this.history.archive(this.seq)
    this.openLog()
    this.sinceSnapshot = 0
  }

  private writeSnapshot(): void {
    const tmp = this.path(`${SNAPSHOT}.tmp`)
    const fd = openSync(tmp, 'w')
    const header: SnapshotHeader = { snapshot: true, seq: this.seq }
    let chunk = `${JSON.stringify(header)}\n`
    for (const doc of this.docs.values()) {
      chunk += `${JSON.stringify(doc)}\n`
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk)
        chunk = ''
      }
    }
    writeSync(fd, chunk)
    fsyncSync(fd)
    closeSync(fd)
    renameSync(tmp, this.path(SNAPSHOT))
    syncDir(this.opts.dataDir)
  }

  close(): void {
    if (this.logFd < 0) return
    if (this.sinceSnapshot > 0) this.compact()
    closeSync(this.logFd)
    this.logFd = -1
  }
}

/** Removes the documents, their history and uploaded assets (used by `npm run store:reset`). */
export function wipeData(dataDir: string): void {
  for (const name of [SNAPSHOT, `${SNAPSHOT}.tmp`, LOG, 'history', 'assets'])
    rmSync(join(dataDir, name), { force: true, recursive: true })
}

function randomRev(): string {
  return randomBytes(16).toString('base64url').slice(0, 22)
}

/** Parses NDJSON, stopping at the first line that is not valid JSON (a torn write). */
export function parseNdjson(
  text: string,
  acceptUnterminated = true,
): { values: unknown[]; validBytes: number } {
  const values: unknown[] = []
  let validBytes = 0
  let start = 0
  while (start < text.length) {
    const end = text.indexOf('\n', start)
    if (end < 0) break // no newline: the last record was never completed
    const line = text.slice(start, end).trim()
    if (line) {
      try {
        values.push(JSON.parse(line))
      } catch {
        break
      }
    }
    validBytes += Buffer.byteLength(text.slice(start, end + 1))
    start = end + 1
  }
  // A seed file may lack the final newline; in the log an unterminated line is a torn write.
  const rest = text.slice(start).trim()
  if (rest && acceptUnterminated) {
    try {
      values.push(JSON.parse(rest))
      validBytes = Buffer.byteLength(text)
    } catch {
      // torn trailing record: ignored
    }
  }
  return { values, validBytes }
}

function isSnapshotHeader(value: unknown): value is SnapshotHeader {
  return typeof value === 'object' && value !== null && 'snapshot' in value && 'seq' in value
}
