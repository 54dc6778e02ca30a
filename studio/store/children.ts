// Child-process supervision for `npm start`: runs wrangler and the Sanity CLI in their own
// process groups with prefixed output, waits for their ports, and stops whole groups so no
// grandchild (workerd, vite) outlives Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export type Child = { name: string; proc: ChildProcess; exited: Promise<number | null> }

export function startChild(
  name: string,
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; show?: (line: string) => boolean },
): Child {
  const proc = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  for (const stream of [proc.stdout, proc.stderr]) {
    if (!stream) continue
    createInterface({ input: stream }).on('line', (line) => {
      if (opts.show?.(line) ?? true) console.log(`[${name}] ${line}`)
    })
  }
  const exited = new Promise<number | null>((resolve) => {
    proc.on('exit', (code) => resolve(code))
    proc.on('error', (error) => {
      console.error(`[${name}] could not start: ${error.message}`)
      resolve(1)
    })
  })
  return { name, proc, exited }
}

/** Runs a command to completion with its output kept; resolves with the exit code and output. */
export function runCaptured(
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    proc.on('exit', (code) => resolve({ code, output }))
    proc.on('error', (error) => resolve({ code: 1, output: error.message }))
  })
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  const pid = child.proc.pid
  if (pid === undefined || child.proc.exitCode !== null) return
  try {
    process.kill(-pid, signal)
  } catch {
    // The group is already gone.
  }
}

/** SIGTERM to the child's process group, SIGKILL after a grace period. */
export async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  signalGroup(child, 'SIGTERM')
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
  await child.exited
  clearTimeout(timer)
  signalGroup(child, 'SIGKILL')
}

/** Polls a URL until it answers (any status) or the timeout passes. */
export async function waitForUrl(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) })
      return true
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
  return false
}
