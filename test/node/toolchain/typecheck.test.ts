// Strict TypeScript passes for the worker (root tsconfig) and for the Studio, schemas and Node
// scripts (studio/tsconfig.json).
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
})
