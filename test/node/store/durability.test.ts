// Durability: acknowledged writes survive a restart, a killed process and a torn last log
// record; snapshots compact the log; the reset command restores the seed (and drops uploaded
// assets and history).
import { spawn } from 'node:child_process'
import { appendFileSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { clientFor, SEED_DOCS, startTestStore, type TestStore } from './helpers'
import { startStore } from '../../../studio/store/server'

const ROOT = join(import.meta.dirname, '..', '..', '..')
let t: TestStore | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

describe('durability', () => {
  it('loads the seed on first start and keeps writes across a restart', async () => {
    t = await startTestStore()
    expect(await t.client.fetch('count(*)', {}, { perspective: 'raw' })).toBe(SEED_DOCS.length)
    await t.client.create({ _id: 'report.kept', _type: 'report', title: 'Kept' })
    await t.client.patch('course.nrm').set({ title: 'Renamed' }).commit()
    await t.client.delete('course.county')
    // A changed seed file must not be reloaded over existing data.
    writeFileSync(t.seedFile, JSON.stringify({ _id: 'x', _type: 'course' }))
    await t.restart()
    expect(await t.client.getDocument('report.kept')).toMatchObject({ title: 'Kept' })
    expect(await t.client.fetch('*[_id == "course.nrm"][0].title')).toBe('Renamed')
    expect(await t.client.getDocument('course.county')).toBeUndefined()
    expect(await t.client.getDocument('x')).toBeUndefined()
  })

  it('keeps every acknowledged write when the process is killed, ignoring a torn record', async () => {
    t = await startTestStore()
    await t.store.close()
    // A separate process writes and reports each acknowledged write, then is killed (-9).
    // Node runs the fixture itself (not through the tsx wrapper) so SIGKILL hits the writer.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'fixtures', 'writer.ts'),
        t.dataDir,
        t.seedFile,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const acked: string[] = []
    await new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('ACK ')) return
        acked.push(line.slice(4))
        if (acked.length === 25) {
          child.kill('SIGKILL')
          resolve()
        }
      })
    })
    await new Promise((resolve) => child.on('exit', resolve))
    // A crash in the middle of an append leaves half a record at the end of the log.
    const log = join(t.dataDir, 'transactions.ndjson')
    appendFileSync(log, '{"seq":999999,"id":"torn","docs":[["report.torn",{"_id":"rep')
    await t.reopen()
    const ids = await t.client.fetch<string[]>('*[_type == "report"]._id')
    for (const id of acked) expect(ids).toContain(id)
    expect(ids).not.toContain('report.torn')
    // The next write lands on a clean line and survives another restart.
    await t.client.create({ _id: 'report.after-crash', _type: 'report', title: 'After' })
    await t.restart()
    expect(await t.client.getDocument('report.after-crash')).toMatchObject({ title: 'After' })
  })

  it('compacts the log into a snapshot without losing writes', async () => {
    t = await startTestStore({ snapshotEvery: 3 })
    for (let i = 0; i < 10; i++) {
      await t.client.createOrReplace({ _id: `report.s${i}`, _type: 'report', n: i })
    }
    // Copy the files while the store is still running: the state a power cut would leave.
    const copy = join(t.dir, 'copy')
    cpSync(t.dataDir, copy, { recursive: true })
    const log = readFileSync(join(copy, 'transactions.ndjson'), 'utf8').trim().split('\n')
    expect(log.length).toBeLessThan(3)
    const other = await startStore({ dataDir: copy, httpPort: 0, quiet: true })
    try {
      expect(await clientFor(other).fetch('count(*[_type == "report"])')).toBe(10)
    } finally {
      await other.close()
    }
  })

  it('restores the seed with npm run store:reset, and refuses while the store runs', async () => {
    t = await startTestStore()
    await t.client.create({ _id: 'report.gone', _type: 'report', title: 'Gone after reset' })
    const upload = await t.client.assets.upload('file', Buffer.from('gone'), { filename: 'a.txt' })
    const env = { ...process.env, STORE_DATA_DIR: t.dataDir, STORE_SEED_FILE: t.seedFile }
    const reset = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn('npm', ['run', '--silent', 'store:reset'], { cwd: ROOT, env })
        let out = ''
        child.stdout.on('data', (c: Buffer) => (out += c.toString()))
        child.stderr.on('data', (c: Buffer) => (out += c.toString()))
        child.on('exit', (code) => resolve({ code, out }))
      })
    // The running store belongs to this process, so the lock guards other processes only:
    // simulate another holder with a live pid (our parent).
    writeFileSync(join(t.dataDir, 'store.pid'), String(process.ppid))
    const refused = await reset()
    expect(refused.code).toBe(1)
    expect(refused.out).toMatch(/store is running/)
    await t.store.close()
    writeFileSync(join(t.dataDir, 'store.pid'), '')
    const done = await reset()
    expect(done.out).toMatch(new RegExp(`${SEED_DOCS.length} documents loaded`))
    expect(done.code).toBe(0)
    expect(existsSync(join(t.dataDir, 'snapshot.ndjson'))).toBe(true)
    await t.reopen()
    expect(await t.client.getDocument('report.gone')).toBeUndefined()
    expect(await t.client.getDocument('course.nrm')).toMatchObject({ title: 'NRM basics' })
    // Uploaded files and document history go with the documents.
    expect(existsSync(join(t.dataDir, 'assets'))).toBe(false)
    expect((await fetch(`${t.store.httpUrl}/${upload.path}`)).status).toBe(404)
    const history = await fetch(
      `${t.store.httpUrl}/v2025-02-19/data/history/production/transactions/report.gone`,
    )
    expect(await history.text()).toBe('')
  })
})
