// Perspectives: the published, drafts, raw and release-stack views of the dataset that queries
// run against. Each view is indexed by _id, _type and slug.current (what detail pages look up),
// and by the ids each document references (what `references()` asks, built on first use), and
// updated incrementally on every commit, so a write costs O(changed documents), not a rebuild of
// the whole dataset.
import { badRequest, isDraftId, isVersionId, publishedId, type SanityDoc } from './types'

/** 'raw', or layers in priority order ending in 'published' (e.g. ['drafts', 'published']). */
export type Perspective = 'raw' | string[]

/** API versions from 2025-02-19 on default to the published perspective, older ones to raw. */
export function parsePerspective(value: string | null, apiVersion: string): Perspective {
  const raw = value?.trim()
  if (!raw) return apiVersion >= '2025-02-19' ? ['published'] : 'raw'
  if (raw === 'raw') return 'raw'
  const layers = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s === 'previewDrafts' ? 'drafts' : s))
  for (const layer of layers) {
    if (layer === 'raw') throw badRequest('perspective "raw" cannot be combined with others')
    if (!/^[A-Za-z0-9_-]+$/.test(layer)) throw badRequest(`Invalid perspective "${layer}"`)
  }
  return [...layers.filter((l) => l !== 'published'), 'published']
}

export function perspectiveKey(p: Perspective): string {
  return p === 'raw' ? 'raw' : p.join(',')
}

function layerOf(id: string): string {
  if (isDraftId(id)) return 'drafts'
  if (isVersionId(id)) return id.split('.')[1] ?? ''
  return 'published'
}

function layerId(layer: string, pid: string): string {
  if (layer === 'published') return pid
  if (layer === 'drafts') return `drafts.${pid}`
  return `versions.${layer}.${pid}`
}

/** The string GROQ's `slug.current` reads on a document, if it is one (else it matches no string). */
function slugOf(doc: SanityDoc): string | undefined {
  const slug: unknown = doc.slug
  if (typeof slug !== 'object' || slug === null || Array.isArray(slug)) return undefined
  const current: unknown = (slug as Record<string, unknown>).current
  return typeof current === 'string' ? current : undefined
}

/**
 * The ids `references()` finds in a document, by groq-js's own walk: every `_ref` in it, without
 * looking inside an object that has one.
 */
function referencedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencedIds(v, into)
  } else if (typeof value === 'object' && value !== null) {
    const ref = (value as Record<string, unknown>)._ref
    if (ref) {
      if (typeof ref === 'string') into.add(ref)
    } else for (const v of Object.values(value)) referencedIds(v, into)
  }
  return into
}

export class View {
  readonly byId = new Map<string, SanityDoc>()
  private readonly byType = new Map<string, Map<string, SanityDoc>>()
  private readonly bySlug = new Map<string, Map<string, SanityDoc>>()
  /** First-insertion position of each id, to merge index lists in dataset order. */
  private readonly position = new Map<string, number>()
  private nextPosition = 0
  private docsCache: SanityDoc[] | null = null
  private readonly typeCache = new Map<string, SanityDoc[]>()
  /** Types a document moved into: their index lists are out of dataset order until sorted. */
  private readonly typeUnordered = new Set<string>()
  /** Referenced id → ids of the documents that reference it; null until a query first asks. */
  private referrers: Map<string, Set<string>> | null = null
  /** What each document referenced when indexed, to take it out of `referrers` on change. */
  private readonly referencesOf = new Map<string, Set<string>>()

  constructor(
    all: Map<string, SanityDoc>,
    private readonly perspective: Perspective,
  ) {
    for (const id of all.keys()) this.update(all, id)
  }

  /** Every document in the view (built on demand: only unnarrowed scans need it). */
  get docs(): SanityDoc[] {
    this.docsCache ??= [...this.byId.values()]
    return this.docsCache
  }

  ofType(type: string): SanityDoc[] {
    let list = this.typeCache.get(type)
    if (!list) {
      list = [...(this.byType.get(type)?.values() ?? [])]
      if (this.typeUnordered.delete(type)) {
        list.sort((a, b) => this.positionOf(a) - this.positionOf(b))
        // Rebuild the index in order so later lists need no sort.
        this.byType.set(type, new Map(list.map((d) => [d._id, d])))
      }
      this.typeCache.set(type, list)
    }
    return list
  }

  /** Documents whose `slug.current` is this string (in no particular order). */
  withSlug(slug: string): Iterable<SanityDoc> {
    return this.bySlug.get(slug)?.values() ?? []
  }

  /** Documents that reference `id` (what `references(id)` accepts), in dataset order. */
  referencing(id: string): SanityDoc[] {
    if (!this.referrers) {
      this.referrers = new Map()
      for (const doc of this.byId.values()) this.indexReferences(doc._id, doc)
    }
    const docs: SanityDoc[] = []
    for (const referrer of this.referrers.get(id) ?? []) {
      const doc = this.byId.get(referrer)
      if (doc) docs.push(doc)
    }
    return docs.sort((a, b) => this.positionOf(a) - this.positionOf(b))
  }

  private indexReferences(id: string, doc: SanityDoc | null): void {
    const referrers = this.referrers
    if (!referrers) return
    for (const target of this.referencesOf.get(id) ?? []) {
      const set = referrers.get(target)
      set?.delete(id)
      if (set?.size === 0) referrers.delete(target)
    }
    this.referencesOf.delete(id)
    if (!doc) return
    const targets = referencedIds(doc)
    if (targets.size === 0) return
    this.referencesOf.set(id, targets)
    for (const target of targets) {
      let set = referrers.get(target)
      if (!set) referrers.set(target, (set = new Set()))
      set.add(id)
    }
  }

  positionOf(doc: SanityDoc): number {
    return this.position.get(doc._id) ?? 0
  }

  /** Recomputes the view's entry for whatever `rawId` (a changed stored document) maps to. */
  update(all: Map<string, SanityDoc>, rawId: string): void {
    if (this.perspective === 'raw') {
      this.put(rawId, all.get(rawId) ?? null)
      return
    }
    const layers = this.perspective
    if (!layers.includes(layerOf(rawId))) return
    const pid = publishedId(rawId)
    for (const layer of layers) {
      const doc = all.get(layerId(layer, pid))
      if (doc) {
        this.put(pid, doc._id === pid ? doc : { ...doc, _id: pid, _originalId: doc._id })
        return
      }
    }
    this.put(pid, null)
  }

  private put(id: string, doc: SanityDoc | null): void {
    const previous = this.byId.get(id)
    // Replacing in place keeps the document's position in both indexes, as in the dataset.
    if (previous && previous._type !== doc?._type) {
      this.byType.get(previous._type)?.delete(id)
      this.typeCache.delete(previous._type)
      // It keeps its place in the dataset but lands last in its new type's index.
      if (doc) this.typeUnordered.add(doc._type)
    }
    const previousSlug = previous ? slugOf(previous) : undefined
    const slug = doc ? slugOf(doc) : undefined
    if (previousSlug !== undefined && previousSlug !== slug) {
      const bucket = this.bySlug.get(previousSlug)
      bucket?.delete(id)
      if (bucket?.size === 0) this.bySlug.delete(previousSlug)
    }
    if (doc && slug !== undefined) {
      let bucket = this.bySlug.get(slug)
      if (!bucket) this.bySlug.set(slug, (bucket = new Map()))
      bucket.set(id, doc)
    }
    if (doc) {
      this.byId.set(id, doc)
      let typed = this.byType.get(doc._type)
      if (!typed) this.byType.set(doc._type, (typed = new Map()))
      typed.set(id, doc)
      this.typeCache.delete(doc._type)
      if (!this.position.has(id)) this.position.set(id, this.nextPosition++)
    } else {
      this.byId.delete(id)
      this.position.delete(id)
    }
    if (previous !== doc) this.indexReferences(id, doc)
    this.docsCache = null
  }
}

/** One live view per perspective asked for, kept current as transactions commit. */
export class ViewCache {
  private readonly views = new Map<string, View>()

  get(all: Map<string, SanityDoc>, perspective: Perspective): View {
    const key = perspectiveKey(perspective)
    let view = this.views.get(key)
    if (!view) {
      view = new View(all, perspective)
      this.views.set(key, view)
    }
    return view
  }

  /** Call after `all` has changed for these ids. */
  update(all: Map<string, SanityDoc>, ids: Iterable<string>): void {
    for (const id of ids) for (const view of this.views.values()) view.update(all, id)
  }
}

export function buildView(all: Map<string, SanityDoc>, perspective: Perspective): View {
  return new View(all, perspective)
}
