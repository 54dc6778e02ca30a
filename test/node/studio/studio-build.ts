// Finds (or makes) a built Studio for the browser test. Built without SANITY_STUDIO_API_HOST, as
// `npm run studio:build` does, the Studio talks to whichever embedded store serves it, on any
// port (studio/env.ts), so the test serves the same build an editor gets.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { STUDIO_SOURCES } from '../../../studio/scripts/studio-build'
import { readsApiHostAtRuntime } from '../../../studio/store/static'

const ROOT = join(import.meta.dirname, '..', '..', '..')

function build(outDir: string): void {
  const { SANITY_STUDIO_API_HOST: _baked, ...env } = process.env
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'sanity'), ['build', outDir, '-y'], {
    cwd: join(ROOT, 'studio'),
    env: {
      ...env,
      PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
      DO_NOT_TRACK: '1',
      SANITY_TELEMETRY_DISABLED: '1',
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
  for (const name of [...STUDIO_SOURCES, 'components']) {
    visit(join(ROOT, 'studio', name))
  }
  visit(join(ROOT, 'schemas'))
  return newest
}

function isFresh(dir: string): boolean {
  return (
    readsApiHostAtRuntime(dir) && statSync(join(dir, 'index.html')).mtimeMs >= sourcesChangedAt()
  )
}

/**
 * studio/dist when it is a current build; otherwise (re)builds it there, unless studio/dist holds
 * a build for another API host (SANITY_STUDIO_API_HOST set), then into test/artifacts.
 */
export function localStudioBuild(): string {
  const override = process.env.STUDIO_TEST_DIST
  if (override) return override
  const dist = join(ROOT, 'studio', 'dist')
  if (isFresh(dist)) return dist
  const ownsDist = !existsSync(join(dist, 'index.html')) || readsApiHostAtRuntime(dist)
  const outDir = ownsDist ? dist : join(ROOT, 'test', 'artifacts', 'studio-dist')
  if (!isFresh(outDir)) build(outDir)
  return outDir
}
