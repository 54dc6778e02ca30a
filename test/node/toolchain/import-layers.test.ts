// The worker's folders are layers: each imports only folders below it, so a folder can be read,
// tested and changed without the ones above it. Reads every import in worker/**/*.ts(x) and
// checks that the folder graph has no cycle (not even through several folders), and that the
// shared folders (worker/lib, worker/ui) import no feature folder. A top-level file such as
// worker/errors.tsx counts as a folder of its own. Failures name the importing files.
// The shared layers, lowest first: lib, content, render, ui. The feature folders sit above them
// in whatever order their imports give, and the entry point (worker/index.ts) on top.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './run'

const WORKER = join(ROOT, 'worker')

/**
 * What each shared folder may import besides itself. worker/app-env.ts only types the bindings
 * (it imports nothing), so the page helpers in ui may name it.
 */
const SHARED_MAY_IMPORT: Record<string, readonly string[]> = {
  lib: [],
  ui: ['lib', 'content', 'render', 'app-env.ts'],
}

type Edge = { from: string; to: string; file: string; spec: string }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

const FILES = sourceFiles(WORKER)
const KNOWN = new Set(FILES)

/** The folder a worker file belongs to: its first directory, or the file itself at top level. */
function layerOf(file: string): string {
  const parts = relative(WORKER, file).split(sep)
  return parts.length > 1 ? (parts[0] ?? file) : relative(WORKER, file)
}

/** A relative specifier as the file it names (bundler resolution: no extension, or an index). */
function resolveSpec(from: string, spec: string): string {
  const base = resolve(dirname(from), spec)
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]
  return candidates.find((c) => KNOWN.has(c)) ?? base
}

// Static imports and re-exports (`from '…'`, across lines), side-effect imports and import().
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g

function workerEdges(): Edge[] {
  return FILES.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].flatMap((match) => {
      const spec = match[1] ?? ''
      const target = resolveSpec(file, spec)
      if (!target.startsWith(WORKER + sep)) return []
      const from = layerOf(file)
      const to = layerOf(target)
      return from === to ? [] : [{ from, to, file: relative(ROOT, file), spec }]
    }),
  )
}

/** Strongly connected components with more than one folder (Tarjan): each one is a cycle. */
function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, Set<string>>()
  for (const e of edges) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to))
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    index.set(v, index.size)
    low.set(v, index.get(v) ?? 0)
    stack.push(v)
    onStack.add(v)
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0))
      }
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w)
      component.push(w)
      if (w === v) break
    }
    if (component.length > 1) found.push(component.sort())
  }
  for (const v of next.keys()) if (!index.has(v)) visit(v)
  return found
}

const describeEdge = (e: Edge) => `  ${e.file} imports '${e.spec}' (${e.from} -> ${e.to})`

/**
 * One closed path through a cycle, as the imports that make each step: it starts with the step
 * made by the fewest files (most likely the import that went the wrong way), then takes the
 * shortest way back. Other steps list at most a few files.
 */
function explainCycle(component: string[], edges: Edge[]): string {
  const inside = edges.filter((e) => component.includes(e.from) && component.includes(e.to))
  const step = (from: string, to: string) => inside.filter((e) => e.from === from && e.to === to)
  const weakest = [...inside].sort(
    (a, b) => step(a.from, a.to).length - step(b.from, b.to).length,
  )[0]
  if (!weakest) return `cycle through ${component.join(', ')}`
  // Breadth-first from the weakest step's target back to its source.
  const before = new Map<string, string>([[weakest.to, weakest.to]])
  const queue = [weakest.to]
  for (let v = queue.shift(); v !== undefined; v = queue.shift()) {
    for (const e of inside) {
      if (e.from === v && !before.has(e.to)) {
        before.set(e.to, v)
        queue.push(e.to)
      }
    }
  }
  const way = [weakest.from]
  for (let v = weakest.from; v !== weakest.to;) {
    v = before.get(v) ?? weakest.to
    way.unshift(v)
  }
  const path = [weakest.from, ...way]
  const lines = [`cycle ${path.join(' -> ')}:`]
  for (let i = 0; i + 1 < path.length; i++) {
    const files = step(path[i] ?? '', path[i + 1] ?? '')
    lines.push(...files.slice(0, 5).map(describeEdge))
    if (files.length > 5) lines.push(`  … and ${files.length - 5} more`)
  }
  return lines.join('\n')
}

describe('worker import layers', () => {
  const edges = workerEdges()

  it('reads the imports (the entry point reaches the pages folder)', () => {
    expect(FILES.length).toBeGreaterThan(100)
    expect(edges).toContainEqual(
      expect.objectContaining({ from: 'index.ts', to: 'pages', file: 'worker/index.ts' }),
    )
  })

  it('has no cycle between folders', () => {
    const report = cycles(edges).map((component) => explainCycle(component, edges))
    expect(report, `Folders import each other:\n${report.join('\n')}`).toEqual([])
  })

  it('keeps worker/lib and worker/ui free of feature folders', () => {
    const offending = edges.filter((e) => {
      const allowed = SHARED_MAY_IMPORT[e.from]
      return allowed !== undefined && !allowed.includes(e.to)
    })
    expect(
      offending.map(describeEdge),
      `Shared folders import feature code:\n${offending.map(describeEdge).join('\n')}`,
    ).toEqual([])
  })
})
