// The built Studio that `npm start` has the store serve from its own HTTPS origin. Built once,
// then again only when what goes into it changed (its sources, the schemas, the installed
// packages, the staff API settings baked in), so later starts skip the minute-long build.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../store/config'

const STAMP = '.safeguard-build'
/** The Studio's own source files that go into its build (besides its components and the schemas). */
export const STUDIO_SOURCES = [
  'sanity.config.ts',
  'sanity.cli.ts',
  'env.ts',
  'structure.ts',
  'staff-api.ts',
  'presentation.ts',
]
const SOURCE_DIRS = [join(ROOT, 'studio', 'components'), join(ROOT, 'schemas')]

function files(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .sort()
    .flatMap((entry) => files(join(path, entry)))
}

/** A digest of everything the build depends on, `baked` being the SANITY_STUDIO_* values. */
export function studioInputsDigest(baked: Record<string, string>): string {
  const hash = createHash('sha256')
  const inputs = [
    ...STUDIO_SOURCES.map((name) => join(ROOT, 'studio', name)),
    ...SOURCE_DIRS.flatMap(files),
    join(ROOT, 'package-lock.json'),
  ]
  for (const file of inputs) {
    if (!existsSync(file)) continue
    hash.update(file.slice(ROOT.length)).update('\0').update(readFileSync(file)).update('\0')
  }
  hash.update(JSON.stringify(Object.entries(baked).sort()))
  return hash.digest('hex')
}

export function isStudioBuildCurrent(outDir: string, digest: string): boolean {
  const stamp = join(outDir, STAMP)
  return (
    existsSync(join(outDir, 'index.html')) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === digest
  )
}

/**
 * Builds the Studio into `outDir` without SANITY_STUDIO_API_HOST, so it talks to the store that
 * serves it (studio/env.ts). The CLI's output is kept and returned only if the build fails.
 */
export function buildStudio(
  outDir: string,
  env: NodeJS.ProcessEnv,
  baked: Record<string, string>,
): Promise<{ ok: true } | { ok: false; output: string }> {
  const { SANITY_STUDIO_API_HOST: _runtime, ...rest } = env
  const digest = studioInputsDigest(baked)
  return new Promise((resolve) => {
    const proc = spawn(join(ROOT, 'node_modules', '.bin', 'sanity'), ['build', outDir, '-y'], {
      cwd: join(ROOT, 'studio'),
      env: { ...rest, ...baked },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    proc.on('error', (error) => resolve({ ok: false, output: error.message }))
    proc.on('exit', (code) => {
      if (code !== 0) return resolve({ ok: false, output })
      writeFileSync(join(outDir, STAMP), digest)
      resolve({ ok: true })
    })
  })
}
