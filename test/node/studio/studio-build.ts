// Finds (or makes) a built Studio that talks to the embedded store at https://localhost:3400,
// the address `npm start` gives it. The browser test maps that address onto its own store.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
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

/** Newest modification time of the Studio's sources (config, desk structure, components, schemas). */
function sourcesChangedAt(): number {
  let newest = 0
  const visit = (path: string) => {
    if (!existsSync(path)) return
    const stat = statSync(path)
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry))
    else newest = Math.max(newest, stat.mtimeMs)
  }
  for (const name of [
    'sanity.config.ts',
    'sanity.cli.ts',
    'env.ts',
    'structure.ts',
    'components',
  ]) {
    visit(join(ROOT, 'studio', name))
  }
  visit(join(ROOT, 'schemas'))
  return newest
}

function isFresh(dir: string): boolean {
  return (
    isStudioBuiltFor(dir, STUDIO_API_HOST) &&
    statSync(join(dir, 'index.html')).mtimeMs >= sourcesChangedAt()
  )
}

/**
 * studio/dist when it is a current build for the local store; otherwise (re)builds it there if it
 * is missing or a local build, or into test/artifacts when studio/dist holds another build.
 */
export function localStudioBuild(): string {
  const override = process.env.STUDIO_TEST_DIST
  if (override) return override
  const dist = join(ROOT, 'studio', 'dist')
  if (isFresh(dist)) return dist
  const ownsDist = !existsSync(dist) || isStudioBuiltFor(dist, STUDIO_API_HOST)
  const outDir = ownsDist ? dist : join(ROOT, 'test', 'artifacts', 'studio-dist')
  if (!isFresh(outDir)) build(outDir)
  return outDir
}
