// Finds (or makes) a built Studio that talks to the embedded store at https://localhost:3400,
// the address `npm start` gives it. The browser test maps that address onto its own store.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { isStudioBuiltFor } from '../../../studio/store/static'

const ROOT = join(import.meta.dirname, '..', '..', '..')
export const STUDIO_API_HOST = 'https://localhost:3400'

function build(outDir: string): void {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'sanity'), ['build', outDir, '-y'], {
    cwd: join(ROOT, 'studio'),
    env: {
      ...process.env,
      PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
      DO_NOT_TRACK: '1',
      SANITY_TELEMETRY_DISABLED: '1',
      SANITY_STUDIO_API_HOST: STUDIO_API_HOST,
    },
    stdio: 'inherit',
    timeout: 10 * 60_000,
  })
  if (result.status !== 0)
    throw new Error(`sanity build ${outDir} failed (${String(result.status)})`)
}

/**
 * studio/dist when it was built for the local store; otherwise builds it there if it is missing,
 * or into test/artifacts when studio/dist holds a build for a hosted project.
 */
export function localStudioBuild(): string {
  const override = process.env.STUDIO_TEST_DIST
  if (override) return override
  const dist = join(ROOT, 'studio', 'dist')
  if (isStudioBuiltFor(dist, STUDIO_API_HOST)) return dist
  const outDir = existsSync(dist) ? join(ROOT, 'test', 'artifacts', 'studio-dist') : dist
  if (!isStudioBuiltFor(outDir, STUDIO_API_HOST)) build(outDir)
  return outDir
}
