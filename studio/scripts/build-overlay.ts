// Bundles studio/overlay/visual-editing.ts (@sanity/visual-editing and what it needs, React
// included) into one browser script and writes it as a text module (wrangler's default rule for
// *.txt) the worker serves at /preview/visual-editing.js: the worker's own code never contains it. Run by `npm run build:overlay`, wrangler's build step and the test
// setup; the output is not committed.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, type Plugin } from 'esbuild'

const root = join(import.meta.dirname, '..', '..')
const OVERLAY_OUT = join(root, 'worker', 'preview', 'overlay.gen.txt')

// The overlay's stylesheet (@sanity/ui) becomes a <style> element added when the script runs: one
// file to serve, and preview pages already allow inline styles for the overlay.
const inlineCss: Plugin = {
  name: 'inline-css',
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, (args) => ({
      contents: `const style = document.createElement('style')
style.textContent = ${JSON.stringify(readFileSync(args.path, 'utf8'))}
document.head.append(style)`,
      loader: 'js',
    }))
  },
}

export async function buildOverlay(): Promise<number> {
  const result = await build({
    entryPoints: [join(root, 'studio', 'overlay', 'visual-editing.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    plugins: [inlineCss],
  })
  const code = result.outputFiles[0]?.text ?? ''
  writeFileSync(OVERLAY_OUT, code)
  return code.length
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const size = await buildOverlay()
  console.log(`Built the visual-editing overlay (${Math.round(size / 1024)} KiB).`)
}
