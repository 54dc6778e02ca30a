// Which Chromium the browser tests use, and that they run on a machine with none installed: with
// PATH and CHROMIUM_PATH cleared of any browser, Chromium comes from the npm package and renders
// a page with readable text.
import { afterAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromiumFrom } from './browser'
import { chooseChromium, NO_CHROMIUM, type Machine } from './chromium'

function machine(over: Partial<Machine> & { files?: string[] }): Machine {
  const files = new Set(over.files ?? [])
  return {
    env: over.env ?? {},
    platform: over.platform ?? 'linux',
    arch: over.arch ?? 'x64',
    exists: (path) => files.has(path),
  }
}

describe('choosing a Chromium', () => {
  it('CHROMIUM_PATH wins over a browser on PATH', () => {
    const m = machine({
      env: { CHROMIUM_PATH: '/opt/c/chrome', PATH: '/usr/bin' },
      files: ['/opt/c/chrome', '/usr/bin/chromium'],
    })
    expect(chooseChromium(m)).toEqual({
      kind: 'path',
      path: '/opt/c/chrome',
      source: 'CHROMIUM_PATH',
    })
  })

  it('a CHROMIUM_PATH that does not exist is reported, not silently replaced', () => {
    const choice = chooseChromium(
      machine({ env: { CHROMIUM_PATH: '/nope', PATH: '/usr/bin' }, files: ['/usr/bin/chromium'] }),
    )
    expect(choice).toEqual({
      kind: 'none',
      message: expect.stringContaining('CHROMIUM_PATH=/nope'),
    })
  })

  it('a Chromium or Chrome on PATH comes before the npm one', () => {
    const m = machine({ env: { PATH: '/a:/usr/bin' }, files: ['/usr/bin/google-chrome'] })
    expect(chooseChromium(m)).toEqual({
      kind: 'path',
      path: '/usr/bin/google-chrome',
      source: 'system',
    })
  })

  it('on Linux x64 with none installed, the npm package', () => {
    expect(chooseChromium(machine({ env: { PATH: '/usr/bin:/bin' } }))).toEqual({ kind: 'npm' })
  })

  it('on other Linux machines with none installed, one line saying how to point at one', () => {
    const choice = chooseChromium(machine({ arch: 'arm64', env: { PATH: '/usr/bin' } }))
    expect(choice).toEqual({ kind: 'none', message: NO_CHROMIUM })
    expect(NO_CHROMIUM).not.toContain('\n')
    expect(NO_CHROMIUM).toContain('CHROMIUM_PATH')
  })

  it("macOS: the user's Chrome in /Applications or ~/Applications", () => {
    const chrome = '/Users/a/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    const m = machine({
      platform: 'darwin',
      arch: 'arm64',
      env: { HOME: '/Users/a' },
      files: [chrome],
    })
    expect(chooseChromium(m)).toEqual({ kind: 'path', path: chrome, source: 'system' })
    expect(chooseChromium(machine({ platform: 'darwin', env: { HOME: '/Users/a' } }))).toEqual({
      kind: 'none',
      message: NO_CHROMIUM,
    })
  })

  it('Windows: Chrome under Program Files, else Edge', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }
    const edge = 'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe'
    const chrome = 'C:\\Users\\a\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'
    const win = (files: string[]) => machine({ platform: 'win32', env, files })
    expect(chooseChromium(win([edge, chrome]))).toMatchObject({ path: edge })
    expect(chooseChromium(win([chrome]))).toMatchObject({ path: chrome })
  })
})

describe.runIf(process.platform === 'linux' && process.arch === 'x64')(
  'with no Chromium on the machine',
  () => {
    let browser: Browser | undefined
    afterAll(() => browser?.close())

    it(
      'the browser tests get the npm Chromium, and it renders text',
      async () => {
        const { CHROMIUM_PATH: _unset, ...env } = process.env
        const launched = await launchChromiumFrom({ ...env, PATH: '/nonexistent' })
        browser = launched.browser
        expect(launched.source).toBe('npm')
        const page = await browser.newPage()
        await page.setContent('<main><h1>Safeguarding training</h1><p>Book a place</p></main>')
        const box = await page.locator('h1').boundingBox()
        expect(box?.width).toBeGreaterThan(100)
        expect(await page.getByRole('heading', { name: 'Safeguarding training' }).isVisible()).toBe(
          true,
        )
      },
      5 * 60_000,
    )
  },
)
