// GROQ evaluation with groq-js over a perspective view: narrows `*[...]` scans by _type, _id,
// slug and references, dereferences through the id index, and caches serialized results per
// dataset revision.
import { evaluate, evaluateSync, GroqSyntaxError, parse, toJS, type ExprNode } from 'groq-js'
import { dereferencer, narrow } from './narrow'
import { StoreError, type SanityDoc } from './types'
import { perspectiveKey, ViewCache, type Perspective } from './views'

const CACHE_LIMIT = 500
// Results of queries that read the clock or the caller's identity must not be reused.
const UNCACHEABLE = /\b(now|identity)\s*\(|\bdateTime::now\b/

export type QueryInput = {
  query: string
  params: Record<string, unknown>
  perspective: Perspective
}

export class QueryEngine {
  private readonly views = new ViewCache()
  private cacheRevision = -1
  private readonly cache = new Map<string, string>()

  constructor(
    private readonly source: () => { docs: Map<string, SanityDoc>; revision: number },
    private readonly sanity: { projectId: string; dataset: string },
  ) {}

  /** Evaluates and returns the result as a JSON string (cached per revision). */
  async run(input: QueryInput): Promise<string> {
    const prepared = this.prepare(input)
    if (typeof prepared === 'string') return prepared
    let result: unknown
    try {
      // The synchronous evaluator covers nearly all of GROQ and avoids a promise per node.
      result = toJS(evaluateSync(prepared.tree, prepared.options))
    } catch {
      try {
        result = await (await evaluate(prepared.tree, prepared.options)).get()
      } catch (error) {
        throw queryError(error, input.query)
      }
    }
    return this.remember(input, prepared.key, result)
  }

  /** Synchronous variant for callers inside a transaction (patch/delete by query). */
  runSync(input: QueryInput): string {
    const prepared = this.prepare(input)
    if (typeof prepared === 'string') return prepared
    let result: unknown
    try {
      result = toJS(evaluateSync(prepared.tree, prepared.options))
    } catch (error) {
      throw queryError(error, input.query)
    }
    return this.remember(input, prepared.key, result)
  }

  private prepare(
    input: QueryInput,
  ): string | { key: string; tree: ExprNode; options: EvalOptions } {
    const { docs, revision } = this.source()
    if (revision !== this.cacheRevision) {
      this.cache.clear()
      this.cacheRevision = revision
    }
    const key = `${perspectiveKey(input.perspective)}\n${input.query}\n${JSON.stringify(input.params)}`
    const cached = this.cache.get(key)
    if (cached !== undefined) {
      // Re-insert so the Map's insertion order works as least-recently-used.
      this.cache.delete(key)
      this.cache.set(key, cached)
      return cached
    }
    const tree = parseQuery(input.query, input.params)
    const view = this.views.get(docs, input.perspective)
    const narrowed = narrow(tree, view)
    const options: EvalOptions = {
      dataset: narrowed.scansAll ? view.docs : [],
      params: input.params,
      sanity: this.sanity,
      dereference: dereferencer(view),
    }
    return { key, tree: narrowed.tree, options }
  }

  private remember(input: QueryInput, key: string, result: unknown): string {
    const json = JSON.stringify(result ?? null)
    if (!UNCACHEABLE.test(input.query)) {
      this.cache.set(key, json)
      if (this.cache.size > CACHE_LIMIT) {
        const oldest = this.cache.keys().next()
        if (!oldest.done) this.cache.delete(oldest.value)
      }
    }
    return json
  }

  /** The perspective view itself, for callers that filter documents one by one (listen). */
  view(perspective: Perspective) {
    return this.views.get(this.source().docs, perspective)
  }

  /** Keeps the live views current; call after the stored documents for `ids` changed. */
  changed(ids: Iterable<string>): void {
    this.views.update(this.source().docs, ids)
  }
}

type EvalOptions = NonNullable<Parameters<typeof evaluate>[1]>

/** Parses with parameters folded in; a referenced but missing parameter is an error as in Sanity. */
export function parseQuery(
  query: string,
  params: Record<string, unknown>,
  mode?: 'delta',
): ExprNode {
  let tree: ExprNode
  try {
    tree = parse(query, { params, ...(mode ? { mode } : {}) })
  } catch (error) {
    throw queryError(error, query)
  }
  const missing = findParameter(tree)
  if (missing !== null) {
    throw new StoreError(400, {
      description: `param $${missing} referenced, but not provided`,
      query,
      type: 'queryParseError',
    })
  }
  return tree
}

function findParameter(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findParameter(n)
      if (found !== null) return found
    }
    return null
  }
  if (typeof node !== 'object' || node === null) return null
  const record = node as Record<string, unknown>
  if (record.type === 'Value') return null
  if (record.type === 'Parameter' && typeof record.name === 'string') return record.name
  for (const value of Object.values(record)) {
    const found = findParameter(value)
    if (found !== null) return found
  }
  return null
}

function queryError(error: unknown, query: string): StoreError {
  if (error instanceof GroqSyntaxError) {
    const detail = error.message.replace(/^Syntax error in GROQ query at position \d+: /, '')
    return new StoreError(400, {
      description: detail,
      start: error.position,
      end: Math.min(error.position + 1, query.length),
      query,
      type: 'queryParseError',
    })
  }
  const message = error instanceof Error ? error.message : String(error)
  return new StoreError(400, { description: message, query, type: 'queryExecutionError' })
}
