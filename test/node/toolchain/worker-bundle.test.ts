// The worker bundles with `wrangler deploy --dry-run`, and the bundle contains no React or Studio
// code: the worker may import only schemas/choices.ts from the content model.
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run, tail, tempDir } from './run'

let out = ''
beforeAll(async () => {
  out = await tempDir('worker-bundle')
})
afterAll(async () => {
  await rm(out, { recursive: true, force: true })
})

// Markers only React, React DOM or the Studio's UI libraries contain (hono/jsx has its own
// createElement, so that name alone proves nothing).
const FORBIDDEN = [
  'react-dom',
  'react.transitional.element',
  'Symbol.for("react.element")',
  '__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE',
  '__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED',
  'styled-components',
  '@sanity/ui',
]

describe('worker bundle', () => {
  it('bundles without React or Studio code', { timeout: 300_000 }, async () => {
    const { code, output } = await run('wrangler', ['deploy', '--dry-run', '--outdir', out])
    expect(code, tail(output)).toBe(0)

    const files = (await readdir(out, { recursive: true })).filter((f) => /\.(m?js|cjs)$/.test(f))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const source = await readFile(join(out, file), 'utf8')
      for (const marker of FORBIDDEN) {
        expect(source.includes(marker), `${file} contains "${marker}"`).toBe(false)
      }
    }
  })
})
