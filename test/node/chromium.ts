// Which Chromium the browser tests start, so `npm ci && npm test` needs nothing installed by hand:
// CHROMIUM_PATH when set, else a Chrome or Chromium already on the machine (on PATH, or where
// macOS and Windows install it), else on Linux x64 the headless Chromium that the
// @sparticuz/chromium package ships inside itself (brotli-compressed; unpacked once into
// node_modules/.cache). Anywhere else the error says in one line how to point at one.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { posix, win32 } from 'node:path'
import { promisify } from 'node:util'

export type ChromiumChoice =
  | { kind: 'path'; path: string; source: 'CHROMIUM_PATH' | 'system' }
  | { kind: 'npm' }
  | { kind: 'none'; message: string }

export type Env = Record<string, string | undefined>

export type Machine = {
  env: Env
  platform: NodeJS.Platform
  arch: string
  exists: (path: string) => boolean
}

export const NO_CHROMIUM =
  'No Chrome or Chromium found for the browser tests: install one, or set CHROMIUM_PATH to its executable (e.g. CHROMIUM_PATH=/usr/bin/chromium npm test).'

const PATH_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'chrome',
]

/** Where a Chrome or Chromium may be installed, in the order they are tried. */
export function systemCandidates(platform: NodeJS.Platform, env: Env): string[] {
  const path = platform === 'win32' ? win32 : posix
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d !== '')
  const names = platform === 'win32' ? ['chrome.exe', 'chromium.exe', 'msedge.exe'] : PATH_NAMES
  const onPath = dirs.flatMap((dir) => names.map((name) => path.join(dir, name)))
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ]
    const roots = ['/Applications', ...(env.HOME ? [path.join(env.HOME, 'Applications')] : [])]
    return [...onPath, ...roots.flatMap((root) => apps.map((app) => path.join(root, app)))]
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (root): root is string => root !== undefined && root !== '',
    )
    const apps = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Chromium\\Application\\chrome.exe',
      // Every Windows 10/11 machine has Edge, which is Chromium.
      'Microsoft\\Edge\\Application\\msedge.exe',
    ]
    return [...onPath, ...roots.flatMap((root) => apps.map((app) => path.join(root, app)))]
  }
  return onPath
}

export function chooseChromium(machine: Machine): ChromiumChoice {
  const override = machine.env.CHROMIUM_PATH
  if (override !== undefined && override !== '') {
    if (!machine.exists(override)) {
      return { kind: 'none', message: `CHROMIUM_PATH=${override} does not exist. ${NO_CHROMIUM}` }
    }
    return { kind: 'path', path: override, source: 'CHROMIUM_PATH' }
  }
  const found = systemCandidates(machine.platform, machine.env).find((p) => machine.exists(p))
  if (found !== undefined) return { kind: 'path', path: found, source: 'system' }
  if (machine.platform === 'linux' && machine.arch === 'x64') return { kind: 'npm' }
  return { kind: 'none', message: NO_CHROMIUM }
}

const require = createRequire(import.meta.url)

function packageVersion(): string {
  // The package exports only its entry point (build/index.js): its package.json is two levels up.
  const file = posix.join(
    posix.dirname(require.resolve('@sparticuz/chromium')),
    '..',
    'package.json',
  )
  const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'))
  if (typeof pkg === 'object' && pkg !== null && 'version' in pkg) return String(pkg.version)
  return 'unknown'
}

/**
 * Unpacks the npm package's Chromium (with its fonts and software GL) once, into a directory
 * named by the package version. Concurrent test files each unpack into a private directory and
 * rename it into place; the rename is atomic, so a directory that exists is complete.
 */
export async function npmChromium(root: string): Promise<{ path: string; fontsConfig: string }> {
  const dir = posix.join(root, 'node_modules', '.cache', 'safeguard-chromium', packageVersion())
  const result = { path: posix.join(dir, 'chromium'), fontsConfig: posix.join(dir, 'fonts.conf') }
  if (existsSync(result.path)) return result
  const staging = `${dir}.partial-${String(process.pid)}-${String(Date.now())}`
  mkdirSync(staging, { recursive: true })
  try {
    // The package unpacks into os.tmpdir(); a child with TMPDIR set keeps this process's as is.
    await promisify(execFile)(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const { default: c } = await import('@sparticuz/chromium'); await c.executablePath()",
      ],
      { cwd: root, env: { ...process.env, TMPDIR: staging }, timeout: 5 * 60_000 },
    )
    // The package's own fonts.conf names Lambda's directories: point fontconfig at the system's
    // fonts when there are any and at the bundled Open Sans either way.
    writeFileSync(
      posix.join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${posix.join(dir, 'fonts')}</dir>
  <cachedir>${posix.join(dir, 'fonts-cache')}</cachedir>
</fontconfig>
`,
    )
    try {
      renameSync(staging, dir)
    } catch (error) {
      if (!existsSync(result.path)) throw error
    }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return result
}
