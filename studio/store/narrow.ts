// Query narrowing: rewrites every `*[filter]` whose filter pins `_type` or `_id` to constants so
// groq-js scans only the matching documents from the view's indexes instead of the whole
// dataset. Anything it cannot prove (`||` with an unpinned side, `^`, functions) keeps `*`.
import type { ExprNode } from 'groq-js'
import type { View } from './views'
import type { SanityDoc } from './types'

type Pin = { field: '_type' | '_id'; values: unknown[] }
type Node = Record<string, unknown>

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string'
}

/** A constant the parser folded (literals and, since we parse with params, `$params`). */
function constant(node: unknown): { ok: true; value: unknown } | { ok: false } {
  if (!isNode(node)) return { ok: false }
  if (node.type === 'Value') return { ok: true, value: node.value }
  if (node.type === 'Array' && Array.isArray(node.elements)) {
    const values: unknown[] = []
    for (const el of node.elements) {
      if (!isNode(el) || el.isSplat) return { ok: false }
      const c = constant(el.value)
      if (!c.ok) return { ok: false }
      values.push(c.value)
    }
    return { ok: true, value: values }
  }
  return { ok: false }
}

function ownField(node: unknown): '_type' | '_id' | null {
  if (!isNode(node) || node.type !== 'AccessAttribute' || node.base !== undefined) return null
  return node.name === '_type' || node.name === '_id' ? node.name : null
}

/** The pin the filter expression implies for every document it can accept, if any. */
export function pinOf(expr: unknown): Pin | null {
  if (!isNode(expr)) return null
  switch (expr.type) {
    case 'Group':
      return pinOf(expr.base)
    case 'And': {
      const left = pinOf(expr.left)
      const right = pinOf(expr.right)
      if (left && right && left.field === right.field) {
        return { field: left.field, values: left.values.filter((v) => right.values.includes(v)) }
      }
      return left ?? right
    }
    case 'Or': {
      const left = pinOf(expr.left)
      const right = pinOf(expr.right)
      if (left && right && left.field === right.field) {
        return { field: left.field, values: [...left.values, ...right.values] }
      }
      return null
    }
    case 'OpCall': {
      const op = expr.op
      if (op === '==') {
        const field = ownField(expr.left) ?? ownField(expr.right)
        const other = ownField(expr.left) ? expr.right : expr.left
        const c = constant(other)
        return field && c.ok ? { field, values: [c.value] } : null
      }
      if (op === 'in') {
        const field = ownField(expr.left)
        const c = constant(expr.right)
        if (!field || !c.ok) return null
        // `in` over a non-array matches nothing, so an empty candidate set is exact.
        return { field, values: Array.isArray(c.value) ? c.value : [] }
      }
      return null
    }
    default:
      return null
  }
}

function candidates(pin: Pin, view: View): SanityDoc[] {
  const seen = new Set<SanityDoc>()
  for (const value of pin.values) {
    if (typeof value !== 'string') continue
    if (pin.field === '_id') {
      const doc = view.byId.get(value)
      if (doc) seen.add(doc)
    } else {
      for (const doc of view.ofType(value)) seen.add(doc)
    }
  }
  const docs = [...seen]
  // Keep the dataset's own order when several lists were merged, as an unnarrowed scan would.
  if (pin.values.length > 1) {
    docs.sort((a, b) => view.positionOf(a) - view.positionOf(b))
  }
  return docs
}

/**
 * Returns a copy of the tree with pinned `*[...]` scans replaced by their candidate documents,
 * and whether any `*` is left (only then does groq-js need the whole view as its dataset).
 */
export function narrow(tree: ExprNode, view: View): { tree: ExprNode; scansAll: boolean } {
  const state = { scansAll: false }
  return { tree: rewrite(tree, view, state) as ExprNode, scansAll: state.scansAll }
}

function rewrite(node: unknown, view: View, state: { scansAll: boolean }): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, view, state))
  if (!isNode(node)) return node
  if (node.type === 'Value') return node // literal data: never walk into it
  // `releases::all()` reads the dataset internally, like a bare `*`.
  if (node.type === 'Everything' || (node.type === 'FuncCall' && node.namespace === 'releases')) {
    state.scansAll = true
  }
  if (node.type === 'Filter' && isNode(node.base) && node.base.type === 'Everything') {
    const pin = pinOf(node.expr)
    const expr = rewrite(node.expr, view, state)
    if (pin) return { ...node, base: { type: 'Value', value: candidates(pin, view) }, expr }
    state.scansAll = true
    return { ...node, expr }
  }
  const out: Node = {}
  for (const [key, value] of Object.entries(node)) out[key] = rewrite(value, view, state)
  return out
}
