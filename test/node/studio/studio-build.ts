// Finds (or makes) a built Studio that talks to the embedded store at https://localhost:3400,
// the address `npm start` gives it. The browser test maps that address onto its own store.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..', '..')
export const STUDIO_API_HOST = 'https://localhost:3400'

/** True when the build at `dir` has the local store baked in as its apiHost. */
export function isLocalBuild(dir: string): boolean {
  const staticDir = join(dir, 'static')
  if (!existsSync(join(dir, 'index.html')) || !existsSync(staticDir)) return false
  return readdirSync(staticDir)
    .filter((f) => f.endsWith('.js'))
    .some((f) => readFileSync(join(staticDir, f), 'utf8').includes(STUDIO_API_HOST))
}

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
  if (isLocalBuild(dist)) return dist
  const outDir = existsSync(dist) ? join(ROOT, 'test', 'artifacts', 'studio-dist') : dist
  if (!isLocalBuild(outDir)) build(outDir)
  return outDir
}
