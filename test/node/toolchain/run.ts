// Shared by the toolchain tests: runs the project's CLIs (sanity, tsc, wrangler) the way npm
// scripts do, with the project's Node 22 first on PATH and telemetry off, and collects output.
import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../../..')
export const STUDIO = join(ROOT, 'studio')
const BIN = join(ROOT, 'node_modules', '.bin')

export type RunResult = { code: number | null; output: string }

/** Runs a project binary (from node_modules/.bin) and resolves with its exit code and output. */
export function run(
  bin: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(BIN, bin), args, {
      cwd: options.cwd ?? ROOT,
      env: {
        ...process.env,
        PATH: `${BIN}:${process.env.PATH ?? ''}`,
        DO_NOT_TRACK: '1',
        SANITY_TELEMETRY_DISABLED: '1',
        WRANGLER_SEND_METRICS: 'false',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        CI: 'true',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, output }))
  })
}

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `safeguard-${prefix}-`))
}

/** The last lines of a command's output, for readable assertion messages. */
export function tail(output: string, lines = 40): string {
  return output.split('\n').slice(-lines).join('\n')
}
