// `sanity build` produces a deployable Studio with no network access needed: the bundle is
// self-contained (no auto-updating runtime fetched from Sanity's CDN).
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run, STUDIO, tail, tempDir } from './run'

let out = ''
beforeAll(async () => {
  out = join(await tempDir('studio-build'), 'dist')
})
afterAll(async () => {
  await rm(join(out, '..'), { recursive: true, force: true })
})

describe('Studio build', () => {
  it('builds the Studio into static files', { timeout: 300_000 }, async () => {
    const { code, output } = await run('sanity', ['build', out, '-y'], { cwd: STUDIO })
    expect(code, tail(output)).toBe(0)

    const html = await readFile(join(out, 'index.html'), 'utf8')
    expect(html).toContain('<div id="sanity"')
    // Auto-updating Studios load `sanity` itself through an import map from Sanity's CDN; ours
    // bundles it. (Only the optional Dashboard bridge script is external, and fails harmlessly.)
    expect(html).not.toContain('importmap')
    expect(html).toMatch(/<script src="\/static\/sanity-[\w-]+\.js" type="module">/)
    const files = await readdir(join(out, 'static'))
    expect(files.some((file) => file.endsWith('.js'))).toBe(true)
  })
})
