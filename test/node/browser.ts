// The one way the browser tests start Chromium (test/node/chromium.ts says which one), headless,
// with every background connection off, since this machine has no network and refusals are slow.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { chooseChromium, npmChromium, type ChromiumChoice, type Env } from './chromium'

const ROOT = join(import.meta.dirname, '..', '..')

export type LaunchedChromium = { browser: Browser; source: 'CHROMIUM_PATH' | 'system' | 'npm' }

/** Starts Chromium as the browser tests do; `env` stands in for the machine's environment. */
export async function launchChromiumFrom(env: Env = process.env): Promise<LaunchedChromium> {
  const choice: ChromiumChoice = chooseChromium({
    env,
    platform: process.platform,
    arch: process.arch,
    exists: existsSync,
  })
  if (choice.kind === 'none') throw new Error(choice.message)
  const bundled = choice.kind === 'npm' ? await npmChromium(ROOT) : undefined
  const browser = await chromium.launch({
    executablePath: bundled?.path ?? (choice.kind === 'path' ? choice.path : undefined),
    env: bundled ? { ...env, FONTCONFIG_FILE: bundled.fontsConfig } : env,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return { browser, source: choice.kind === 'npm' ? 'npm' : choice.source }
}

export async function launchChromium(): Promise<Browser> {
  return (await launchChromiumFrom()).browser
}
