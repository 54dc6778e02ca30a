// Query narrowing: rewrites every `*[filter]` whose filter pins `_type`, `_id` or `slug.current`
// to constants so groq-js scans only the matching documents from the view's indexes instead of
// the whole dataset. Anything it cannot prove (`||` with an unpinned side, `^`, functions, a
// non-string slug) keeps `*`: a narrowed scan may keep extra documents (the filter still runs on
// each) but never drops one the full filter would keep.
//
// A filter that requires `references(x)`, `_id == x`, `_id in x` or `_type == x`, where `x` does
// not depend on the document being tested (`^._id`, `^.ids`, `^.type`), reads its candidates from
// the view's indexes at evaluation time, since `x` is only known then: the scan's base becomes a
// dereference of a marker id that the store answers with those documents, falling back to the
// static candidates when `x` is not an id, a list of ids or a type. It is what keeps an
// organisation's page, and the revisions every stored page records, from testing every document.
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

/** Documents found at evaluation time: with the given ids, referencing an id, or of a type. */
type Lookup = { kind: 'ids' | 'referrers' | 'type'; key: Node }
/** Which lookup to use when a filter has several: the one that usually names fewest documents. */
const LOOKUP_RANK = { ids: 0, referrers: 1, type: 2 } as const

/**
 * A lookup the filter requires whose key does not depend on the document being tested, rewritten
 * to be evaluated where the scan's base is (one scope out: `^` becomes `@`).
 */
function lookupOf(expr: unknown): Lookup | null {
  if (!isNode(expr)) return null
  switch (expr.type) {
    case 'Group':
      return lookupOf(expr.base)
    case 'And': {
      const left = lookupOf(expr.left)
      const right = lookupOf(expr.right)
      if (!left || !right) return left ?? right
      return LOOKUP_RANK[left.kind] <= LOOKUP_RANK[right.kind] ? left : right
    }
    case 'FuncCall': {
      const args = expr.args
      if (expr.namespace !== 'global' || expr.name !== 'references') return null
      if (!Array.isArray(args) || args.length !== 1) return null
      const key = outerScope(args[0])
      return key ? { kind: 'referrers', key } : null
    }
    case 'OpCall': {
      if (expr.op === '==') {
        const leftField = pinnedField(expr.left)
        const field = leftField ?? pinnedField(expr.right)
        const key = outerScope(leftField ? expr.right : expr.left)
        if (!key || (field !== '_id' && field !== '_type')) return null
        // A constant is a static pin already (pinsOf).
        if (key.type === 'Value') return null
        return { kind: field === '_id' ? 'ids' : 'type', key }
      }
      if (expr.op !== 'in' || pinnedField(expr.left) !== '_id') return null
      const list = outerScope(expr.right)
      if (!list || list.type === 'Value') return null
      // Joined into one string to travel as a reference id; null (no lookup) unless all strings.
      const key = { type: 'FuncCall', namespace: 'array', name: 'join', args: [list, SEPARATOR] }
      return { kind: 'ids', key }
    }
    default:
      return null
  }
}

/**
 * Whether the filter is a single `_type == x` or `_id == x`: the documents its pin or lookup
 * names are then exactly the ones it keeps (_type and _id are strings on every document, and the
 * view indexes each under its own).
 */
function exactComparison(expr: unknown): boolean {
  if (!isNode(expr)) return false
  if (expr.type === 'Group') return exactComparison(expr.base)
  if (expr.type !== 'OpCall' || expr.op !== '==') return false
  const field = pinnedField(expr.left) ?? pinnedField(expr.right)
  return field === '_type' || field === '_id'
}

/** `node` read where the filter's base is evaluated, or null if it reads the tested document. */
function outerScope(node: unknown): Node | null {
  if (!isNode(node)) return null
  switch (node.type) {
    case 'Value':
      return node
    case 'Parent': {
      const n = typeof node.n === 'number' ? node.n : 0
      if (n < 1) return null
      return n === 1 ? { type: 'This' } : { type: 'Parent', n: n - 1 }
    }
    case 'Map':
    case 'AccessAttribute':
    case 'AccessElement':
    case 'ArrayCoerce':
    case 'Deref':
    case 'Slice': {
      // A Map's expression runs on each element of its base, so only the base moves, and only
      // an expression that reads nothing but the element keeps its meaning.
      if (node.type === 'Map' && !elementPath(node.expr)) return null
      // An attribute without a base is the tested document's own.
      const base = node.base === undefined ? null : outerScope(node.base)
      return base ? { ...node, base } : null
    }
    default:
      return null
  }
}

/** `@`, or attributes, elements and dereferences of it. */
function elementPath(node: unknown): boolean {
  if (!isNode(node)) return false
  if (node.type === 'This') return true
  if (node.type !== 'AccessAttribute' && node.type !== 'AccessElement' && node.type !== 'Deref') {
    return false
  }
  return node.base === undefined ? node.type === 'AccessAttribute' : elementPath(node.base)
}

const LOOKUP = '\u0000lookup\u0000'
const SEPARATOR = { type: 'Value', value: '\u0000' }

/** A base that evaluates to the lookup's documents (of `types`, if pinned), or to `fallback`. */
function lookupBase(lookup: Lookup, types: unknown[] | null, fallback: Node): Node {
  const marker = `${LOOKUP}${JSON.stringify({ kind: lookup.kind, types })}\u0000`
  const ref = { type: 'OpCall', op: '+', left: { type: 'Value', value: marker }, right: lookup.key }
  const docs = {
    type: 'AccessAttribute',
    name: 'docs',
    base: {
      type: 'Deref',
      base: {
        type: 'Object',
        attributes: [{ type: 'ObjectAttributeValue', name: '_ref', value: ref }],
      },
    },
  }
  // A key that is not a string makes `+` null, the lookup null, and the fallback the base.
  return { type: 'FuncCall', namespace: 'global', name: 'coalesce', args: [docs, fallback] }
}

/**
 * What `->` resolves in this view: a document by id, or for a marker `lookupBase` wrote, a
 * document whose `docs` are the lookup's documents in dataset order.
 */
export function dereferencer(view: View): (ref: { _ref: string }) => SanityDoc | null {
  return ({ _ref }) => {
    if (!_ref.startsWith(LOOKUP)) return view.byId.get(_ref) ?? null
    const rest = _ref.slice(LOOKUP.length)
    const split = rest.indexOf('\u0000')
    const { kind, types } = JSON.parse(rest.slice(0, split)) as { kind: string; types: unknown }
    const key = rest.slice(split + 1)
    const found =
      kind === 'referrers'
        ? view.referencing(key)
        : kind === 'type'
          ? view.ofType(key)
          : candidatesOf({ field: '_id', values: key.split('\u0000') }, view)
    const docs = Array.isArray(types) ? found.filter((d) => types.includes(d._type)) : found
    return { _id: _ref, _type: 'lookup', docs }
  }
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
    let base: Node = node.base
    if (pins.length > 0) base = { type: 'Value', value: candidates(pins, view) }
    else state.scansAll = true
    // An _id or slug pin already names a handful of documents; a type pin may name thousands.
    const lookup = pins.every((p) => p.field === '_type') ? lookupOf(node.expr) : null
    // When the filter is nothing but the one comparison, its candidates are exactly the documents
    // it keeps, and testing each of them again (thousands, for a type) changes nothing.
    const exact = exactComparison(node.expr)
    if (exact && pins.length > 0) return base
    if (lookup)
      base = lookupBase(lookup, pins[0]?.values ?? null, exact ? { ...node, base, expr } : base)
    return exact && lookup ? base : { ...node, base, expr }
  }
  const out: Node = {}
  for (const [key, value] of Object.entries(node)) out[key] = rewrite(value, view, state)
  return out
}
