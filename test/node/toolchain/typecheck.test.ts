// Strict TypeScript passes for the worker (root tsconfig), for the Studio, schemas and Node
// scripts (studio/tsconfig.json), and for these Node tests, the bench and the soak.
import { describe, expect, it } from 'vitest'
import { run, tail } from './run'

describe.concurrent('tsc', () => {
  it('type-checks the worker and its tests (tsconfig.json)', { timeout: 300_000 }, async () => {
    const { code, output } = await run('tsc', ['-p', 'tsconfig.json'])
    expect(code, tail(output)).toBe(0)
  })

  it(
    'type-checks the Studio, schemas and scripts (studio/tsconfig.json)',
    { timeout: 300_000 },
    async () => {
      const { code, output } = await run('tsc', ['-p', 'studio/tsconfig.json'])
      expect(code, tail(output)).toBe(0)
    },
  )

  it('type-checks the Node tests, the bench and the soak', { timeout: 300_000 }, async () => {
    // The browser-driving tests need DOM types, which clash with the Workers types the others use.
    for (const project of [
      'test/node/tsconfig.json',
      'test/node/tsconfig.browser.json',
      'test/bench/tsconfig.json',
    ]) {
      const { code, output } = await run('tsc', ['-p', project])
      expect(code, `${project}\n${tail(output)}`).toBe(0)
    }
  })
})
