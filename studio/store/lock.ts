// One store process per data dir: a pid file stops `npm start` twice, or `store:reset` while a
// store is running, from corrupting the transaction log.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const LOCK = 'store.pid'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM'
  }
}

/** The pid of another live process holding the data dir, if any. */
export function lockHolder(dataDir: string): number | null {
  const file = join(dataDir, LOCK)
  if (!existsSync(file)) return null
  const pid = Number(readFileSync(file, 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null
  return alive(pid) ? pid : null
}

export function acquireLock(dataDir: string): void {
  const holder = lockHolder(dataDir)
  if (holder !== null) {
    throw new Error(`The store data dir ${dataDir} is in use by process ${holder}; stop it first.`)
  }
  writeFileSync(join(dataDir, LOCK), String(process.pid))
}

export function releaseLock(dataDir: string): void {
  const file = join(dataDir, LOCK)
  if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file)
}
