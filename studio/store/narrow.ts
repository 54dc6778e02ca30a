// Query narrowing: rewrites every `*[filter]` whose filter pins `_type`, `_id` or `slug.current`
// to constants so groq-js scans only the matching documents from the view's indexes instead of
// the whole dataset. Anything it cannot prove (`||` with an unpinned side, `^`, functions, a
// non-string slug) keeps `*`: a narrowed scan may keep extra documents (the filter still runs on
// each) but never drops one the full filter would keep.
import type { ExprNode } from 'groq-js'
import type { View } from './views'
import type { SanityDoc } from './types'

type Field = '_type' | '_id' | 'slug.current'
type Pin = { field: Field; values: unknown[] }
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

function ownAttribute(node: unknown): string | null {
  if (!isNode(node) || node.type !== 'AccessAttribute' || node.base !== undefined) return null
  return typeof node.name === 'string' ? node.name : null
}

function pinnedField(node: unknown): Field | null {
  const own = ownAttribute(node)
  if (own === '_type' || own === '_id') return own
  // `slug.current`: an attribute of the document's own `slug` attribute.
  if (isNode(node) && node.type === 'AccessAttribute' && node.name === 'current') {
    if (ownAttribute(node.base) === 'slug') return 'slug.current'
  }
  return null
}

/**
 * Values that can only match documents indexed under them. _type and _id are always strings, so
 * other constants match nothing there; `slug.current` can be anything (or missing), so only an
 * all-string candidate list pins it (`slug.current == null` must keep every slug-less document).
 */
function pin(field: Field, values: unknown[]): Pin | null {
  if (field === 'slug.current' && !values.every((v) => typeof v === 'string')) return null
  return { field, values }
}

/** The pins (all of which hold) the filter expression implies for every document it accepts. */
function pinsOf(expr: unknown): Pin[] {
  if (!isNode(expr)) return []
  switch (expr.type) {
    case 'Group':
      return pinsOf(expr.base)
    case 'And': {
      const pins = [...pinsOf(expr.left)]
      for (const right of pinsOf(expr.right)) {
        const i = pins.findIndex((p) => p.field === right.field)
        const left = pins[i]
        if (left)
          pins[i] = {
            field: left.field,
            values: left.values.filter((v) => right.values.includes(v)),
          }
        else pins.push(right)
      }
      return pins
    }
    case 'Or': {
      // A document either side accepts lies in the union of both sides' pins on a shared field.
      const right = pinsOf(expr.right)
      return pinsOf(expr.left).flatMap((l) => {
        const r = right.find((p) => p.field === l.field)
        return r ? [{ field: l.field, values: [...l.values, ...r.values] }] : []
      })
    }
    case 'OpCall': {
      const op = expr.op
      if (op === '==') {
        const left = pinnedField(expr.left)
        const field = left ?? pinnedField(expr.right)
        const c = constant(left ? expr.right : expr.left)
        const p = field && c.ok ? pin(field, [c.value]) : null
        return p ? [p] : []
      }
      if (op === 'in') {
        const field = pinnedField(expr.left)
        const c = constant(expr.right)
        if (!field || !c.ok) return []
        // `in` over a non-array matches nothing, so an empty candidate set is exact.
        const p = pin(field, Array.isArray(c.value) ? c.value : [])
        return p ? [p] : []
      }
      return []
    }
    default:
      return []
  }
}

function candidatesOf(pin: Pin, view: View): SanityDoc[] {
  const seen = new Set<SanityDoc>()
  for (const value of pin.values) {
    if (typeof value !== 'string') continue
    if (pin.field === '_id') {
      const doc = view.byId.get(value)
      if (doc) seen.add(doc)
    } else if (pin.field === '_type') {
      for (const doc of view.ofType(value)) seen.add(doc)
    } else {
      for (const doc of view.withSlug(value)) seen.add(doc)
    }
  }
  const docs = [...seen]
  // Keep the dataset's own order when several lists were merged (or a slug index bucket was
  // refilled out of order), as an unnarrowed scan would.
  if (docs.length > 1 && (pin.values.length > 1 || pin.field === 'slug.current')) {
    docs.sort((a, b) => view.positionOf(a) - view.positionOf(b))
  }
  return docs
}

/** Every pin is a superset of the result, so the smallest candidate list is enough. */
function candidates(pins: Pin[], view: View): SanityDoc[] {
  let best: SanityDoc[] | null = null
  for (const p of pins) {
    const docs = candidatesOf(p, view)
    if (best === null || docs.length < best.length) best = docs
  }
  return best ?? []
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
    const pins = pinsOf(node.expr)
    const expr = rewrite(node.expr, view, state)
    if (pins.length > 0) {
      return { ...node, base: { type: 'Value', value: candidates(pins, view) }, expr }
    }
    state.scansAll = true
    return { ...node, expr }
  }
  const out: Node = {}
  for (const [key, value] of Object.entries(node)) out[key] = rewrite(value, view, state)
  return out
}
