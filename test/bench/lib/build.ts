// Builds the worker exactly as a deploy would (`wrangler deploy --dry-run --outdir`) and measures
// the bundle's gzipped size, which is what Cloudflare's size limit counts.
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export const ROOT = join(import.meta.dirname, '../../..')
export const BUNDLE_TARGET_BYTES = 1024 * 1024

export type Bundle = { scriptPath: string; rawBytes: number; gzipBytes: number; buildMs: number }

/** Runs a command from the repository root; rejects with its output when it fails. */
export function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}:\n${output}`)),
    )
  })
}

export async function buildWorker(outDir: string): Promise<Bundle> {
  const started = performance.now()
  // Metrics off: the build must not try to reach the network.
  await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outDir], {
    WRANGLER_SEND_METRICS: 'false',
    CI: '1',
  })
  const scriptPath = join(outDir, 'index.js')
  const source = await readFile(scriptPath)
  return {
    scriptPath,
    rawBytes: source.byteLength,
    gzipBytes: gzipSync(source, { level: 9 }).byteLength,
    buildMs: Math.round(performance.now() - started),
  }
}
