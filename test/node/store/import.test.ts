// `npm run import` behaves like `sanity dataset import`: the same modes and flags, weak
// references to missing documents accepted, every really invalid document reported with its line,
// id and field path, and a refused file writes nothing at all.
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_FLAGS, type ImportFlags } from '../../../studio/import/prepare'
import type { Output } from '../../../studio/import/progress'
import { parseCli, runImport, USAGE } from '../../../studio/scripts/import'
import { startTestStore, type TestStore } from './helpers'

let t: TestStore

beforeAll(async () => {
  t = await startTestStore()
})
afterAll(async () => {
  await t.cleanup()
})

const ndjson = (docs: unknown[]) => docs.map((d) => JSON.stringify(d)).join('\n')

function sink(isTTY = false): Output & { text(): string } {
  let text = ''
  return { isTTY, columns: 100, write: (s) => void (text += s), text: () => text }
}

async function load(docs: unknown[] | string, flags: Partial<ImportFlags> = {}, out = sink()) {
  return runImport({
    text: typeof docs === 'string' ? docs : ndjson(docs),
    target: { client: t.client, projectId: 'safeguard', dataset: 'production', baseDir: t.dir },
    flags: { ...DEFAULT_FLAGS, ...flags },
    batchSize: 2,
    out,
  })
}

const get = (id: string) => t.client.getDocument(id)
const ref = (id: string, extra: Record<string, unknown> = {}) => ({
  _type: 'reference',
  _ref: id,
  ...extra,
})

describe('references', () => {
  it('accepts a weak reference to a document that exists nowhere, without a flag', async () => {
    const result = await load([
      {
        _id: 'report.weak',
        _type: 'report',
        title: 'W',
        publishers: [ref('gone', { _key: 'p1', _weak: true })],
      },
    ])
    expect(result.problems).toEqual([])
    expect(result.notes.join()).toContain('1 weak references to missing documents kept')
    expect((await get('report.weak'))?.publishers).toEqual([
      ref('gone', { _key: 'p1', _weak: true }),
    ])
  })

  it('refuses a strong reference to a missing document, naming line, id and path', async () => {
    const result = await load([
      { _id: 'report.ok', _type: 'report', title: 'fine' },
      {
        _id: 'report.strong',
        _type: 'report',
        publishers: [ref('organisation.gone', { _key: 'k9' })],
      },
    ])
    expect(result.problems).toEqual([
      {
        line: 2,
        id: 'report.strong',
        path: 'publishers[_key=="k9"]',
        message: expect.stringContaining(
          'strong reference to missing document "organisation.gone"',
        ),
      },
    ])
    // Nothing of the file was written, not even the valid document.
    expect(await get('report.ok')).toBeUndefined()
  })

  it('accepts a strong reference to a document that is already in the dataset', async () => {
    const result = await load([
      { _id: 'contact.new', _type: 'contact', name: 'N', organisation: ref('organisation.acme') },
    ])
    expect(result.problems).toEqual([])
    expect(await get('contact.new')).toMatchObject({ name: 'N' })
  })

  it('refuses cross-dataset references to unknown datasets; --skip-cross-dataset-references drops them', async () => {
    const doc = {
      _id: 'report.cdr',
      _type: 'report',
      title: 'C',
      publishers: [
        ref('x', { _key: 'c1', _dataset: 'elsewhere', _projectId: 'p' }),
        ref('organisation.acme', { _key: 'c2' }),
      ],
    }
    const refused = await load([doc])
    expect(refused.problems).toEqual([
      expect.objectContaining({
        id: 'report.cdr',
        path: 'publishers[_key=="c1"]',
        message: expect.stringContaining('"elsewhere"'),
      }),
    ])
    const accepted = await load([doc], { skipCrossDatasetReferences: true })
    expect(accepted.problems).toEqual([])
    expect((await get('report.cdr'))?.publishers).toEqual([
      ref('organisation.acme', { _key: 'c2' }),
    ])
  })
})

describe('assets', () => {
  const withImage = (id: string, assetRef: string) => ({
    _id: id,
    _type: 'newsPost',
    title: id,
    image: { _type: 'image', alt: 'A picture', asset: ref(assetRef) },
  })

  it('refuses a missing asset; --allow-failing-assets imports the document without it', async () => {
    const missing = 'image-0123456789abcdef0123456789abcdef01234567-10x10-png'
    const refused = await load([withImage('newsPost.img', missing)])
    expect(refused.problems).toEqual([
      expect.objectContaining({
        line: 1,
        id: 'newsPost.img',
        path: 'image.asset',
        message: expect.stringContaining('missing asset'),
      }),
    ])
    expect(await get('newsPost.img')).toBeUndefined()
    const accepted = await load([withImage('newsPost.img', missing)], { allowFailingAssets: true })
    expect(accepted.problems).toEqual([])
    expect((await get('newsPost.img'))?.image).toEqual({ _type: 'image', alt: 'A picture' })
  })

  it('uploads a `_sanityAsset` file and references it; a missing file is skipped only with the flag', async () => {
    // 1×1 transparent PNG.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    )
    await writeFile(join(t.dir, 'pixel.png'), png)
    const doc = (file: string) => ({
      _id: 'newsPost.upload',
      _type: 'newsPost',
      title: 'U',
      image: { _type: 'image', _sanityAsset: `image@file://./${file}` },
    })
    const refused = await load([doc('nowhere.png')], { mode: 'replace' })
    expect(refused.problems).toEqual([
      expect.objectContaining({
        path: 'image',
        message: expect.stringContaining('--allow-failing-assets'),
      }),
    ])
    const ok = await load([doc('pixel.png')], { mode: 'replace' })
    expect(ok.problems).toEqual([])
    const stored = await get('newsPost.upload')
    const assetId = (stored?.image as { asset?: { _ref?: string } }).asset?._ref ?? ''
    expect(assetId).toMatch(/^image-[0-9a-f]+-1x1-png$/)
    expect(await get(assetId)).toMatchObject({ _type: 'sanity.imageAsset' })
    await load([doc('nowhere.png')], { mode: 'replace', allowFailingAssets: true })
    expect((await get('newsPost.upload'))?.image).toBeUndefined()
  })

  it('refuses asset documents of another dataset unless --allow-assets-in-different-dataset', async () => {
    const asset = {
      _id: 'image-aaaabbbbccccddddeeeeffff0000111122223333-10x10-png',
      _type: 'sanity.imageAsset',
      url: 'https://cdn.sanity.io/images/otherproj/staging/aaaabbbbccccddddeeeeffff0000111122223333-10x10.png',
      path: 'images/otherproj/staging/aaaabbbbccccddddeeeeffff0000111122223333-10x10.png',
    }
    const refused = await load([asset])
    expect(refused.problems).toEqual([
      expect.objectContaining({
        id: asset._id,
        message: expect.stringContaining('"otherproj", dataset "staging"'),
      }),
    ])
    const accepted = await load([asset], { allowAssetsInDifferentDataset: true })
    expect(accepted.problems).toEqual([])
    expect(await get(asset._id)).toMatchObject({ url: asset.url })
  })
})

describe('invalid documents', () => {
  it('lists every invalid line at once (JSON, _type, _id, duplicates, broken text) and writes nothing', async () => {
    const text = [
      JSON.stringify({ _id: 'report.fine', _type: 'report' }),
      '{"_id": "report.broken", ',
      JSON.stringify({ _id: 'report.notype' }),
      JSON.stringify({ _id: 'has spaces', _type: 'report' }),
      JSON.stringify({ _id: 'report.fine', _type: 'report' }),
      JSON.stringify({ _id: 'report.mojibake', _type: 'report', title: 'Protec\uFFFDia' }),
      '[1, 2]',
    ].join('\n')
    const result = await load(text)
    expect(result.problems.map((p) => [p.line, p.id, p.path])).toEqual([
      [2, '-', ''],
      [3, 'report.notype', '_type'],
      [4, '"has spaces"', '_id'],
      [5, 'report.fine', '_id'],
      [6, 'report.mojibake', 'title'],
      [7, '-', ''],
    ])
    expect(result.problems[0]?.message).toContain('not valid JSON')
    expect(result.problems[3]?.message).toBe('duplicate of line 1')
    expect(await get('report.fine')).toBeUndefined()
    const accepted = await load(
      [{ _id: 'report.mojibake', _type: 'report', title: 'Protec\uFFFDia' }],
      { allowReplacementCharacters: true },
    )
    expect(accepted.problems).toEqual([])
  })

  it('skips system documents unless --allow-system-documents', async () => {
    const sys = { _id: '_.groups.editors', _type: 'system.group', members: [] }
    const skipped = await load([sys])
    expect(skipped.written).toBe(0)
    expect(await get('_.groups.editors')).toBeUndefined()
    const imported = await load([sys], { allowSystemDocuments: true })
    expect(imported.written).toBe(1)
    expect(await get('_.groups.editors')).toMatchObject({ _type: 'system.group' })
  })
})

describe('modes', () => {
  const docs = [
    { _id: 'organisation.acme', _type: 'organisation', name: 'Acme renamed' },
    { _id: 'organisation.newone', _type: 'organisation', name: 'New one' },
  ]

  it('by default refuses ids that already exist, writing nothing', async () => {
    const result = await load(docs)
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 1,
        id: 'organisation.acme',
        message: expect.stringContaining('--replace'),
      }),
    ])
    expect(await get('organisation.newone')).toBeUndefined()
    expect((await get('organisation.acme'))?.name).toBe('Acme Trust')
  })

  it('--missing skips existing documents and creates the rest', async () => {
    const result = await load(docs, { mode: 'missing' })
    expect(result).toMatchObject({ written: 1, skipped: 1, problems: [] })
    expect((await get('organisation.acme'))?.name).toBe('Acme Trust')
    expect((await get('organisation.newone'))?.name).toBe('New one')
  })

  it('--replace overwrites existing documents', async () => {
    const result = await load(docs, { mode: 'replace' })
    expect(result).toMatchObject({ written: 2, skipped: 0, problems: [] })
    expect(await get('organisation.acme')).toMatchObject({ name: 'Acme renamed' })
    expect((await get('organisation.acme'))?.slug).toBeUndefined()
  })
})

describe('progress and command line', () => {
  const many = Array.from({ length: 10 }, (_, i) => ({ _id: `report.p${i}`, _type: 'report' }))

  it('prints plain progress lines when not on a terminal', async () => {
    const out = sink(false)
    await load(many, { mode: 'replace' }, out)
    const lines = out.text().trim().split('\n')
    expect(lines[0]).toBe('Importing: 0 / 10 (0%)')
    expect(lines.at(-1)).toBe('Importing: 10 / 10 (100%)')
    expect(out.text()).not.toContain('\r')
  })

  it('redraws one progress bar on a terminal', async () => {
    const out = sink(true)
    await load(many, { mode: 'replace' }, out)
    const frames = out.text().split('\r').filter(Boolean)
    expect(frames.length).toBe(6)
    expect(frames.at(-1)).toMatch(/^Importing █+ 100% 10\/10 \(\d+\.\d s\)\n$/)
  })

  it('maps Sanity’s flags and refuses unknown or contradictory ones', () => {
    expect(
      parseCli([
        'data.ndjson',
        '--missing',
        '--allow-failing-assets',
        '--skip-cross-dataset-references',
      ]),
    ).toMatchObject({
      file: 'data.ndjson',
      flags: { mode: 'missing', allowFailingAssets: true, skipCrossDatasetReferences: true },
    })
    expect(parseCli(['--replace']).flags.mode).toBe('replace')
    expect(() => parseCli(['--replace', '--missing'])).toThrow('exclude each other')
    expect(() => parseCli(['--allow-everything'])).toThrow()
    for (const flag of [
      '--replace',
      '--missing',
      '--allow-failing-assets',
      '--allow-assets-in-different-dataset',
      '--skip-cross-dataset-references',
    ]) {
      expect(USAGE).toContain(flag)
    }
  })

  it('`npm run import -- --help` prints the options; a refused file exits 1 with one line per problem', async () => {
    const run = promisify(execFile)
    const help = await run(process.execPath, [
      '--import',
      'tsx',
      'studio/scripts/import.ts',
      '--help',
    ])
    expect(help.stdout).toContain('--allow-failing-assets')
    const bad = join(t.dir, 'bad.ndjson')
    await writeFile(
      bad,
      ndjson([{ _id: 'report.x', _type: 'report', publishers: [ref('nobody', { _key: 'z' })] }]),
    )
    const failed = await run(
      process.execPath,
      ['--import', 'tsx', 'studio/scripts/import.ts', bad],
      {
        env: { ...process.env, SANITY_API_HOST: t.store.httpUrl },
      },
    ).catch((error: { code: number; stderr: string }) => error)
    expect('code' in failed ? failed.code : 0).toBe(1)
    expect(failed.stderr).toContain(
      'line 1  report.x at publishers[_key=="z"]: strong reference to missing document "nobody"',
    )
  }, 60_000)
})
