// Perspectives: the published, drafts, raw and release-stack views of the dataset that queries
// run against, each indexed by _id and _type and rebuilt only when the dataset revision changes.
import { badRequest, isDraftId, isVersionId, publishedId, type SanityDoc } from './types'

/** 'raw', or layers in priority order ending in 'published' (e.g. ['drafts', 'published']). */
export type Perspective = 'raw' | string[]

export type View = {
  docs: SanityDoc[]
  byId: Map<string, SanityDoc>
  byType: Map<string, SanityDoc[]>
  /** Position of each document in `docs`, to merge index lists in dataset order. */
  order: Map<SanityDoc, number>
}

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
  const withoutPublished = layers.filter((l) => l !== 'published')
  return [...withoutPublished, 'published']
}

export function perspectiveKey(p: Perspective): string {
  return p === 'raw' ? 'raw' : p.join(',')
}

function layerOf(id: string): string {
  if (isDraftId(id)) return 'drafts'
  if (isVersionId(id)) return id.split('.')[1] ?? ''
  return 'published'
}

export function buildView(all: Map<string, SanityDoc>, perspective: Perspective): View {
  let docs: SanityDoc[]
  if (perspective === 'raw') {
    docs = [...all.values()]
  } else if (perspective.length === 1) {
    docs = []
    for (const doc of all.values()) if (layerOf(doc._id) === 'published') docs.push(doc)
  } else {
    docs = overlay(all, perspective)
  }
  const byId = new Map<string, SanityDoc>()
  const byType = new Map<string, SanityDoc[]>()
  const order = new Map<SanityDoc, number>()
  for (const doc of docs) {
    order.set(doc, order.size)
    byId.set(doc._id, doc)
    const list = byType.get(doc._type)
    if (list) list.push(doc)
    else byType.set(doc._type, [doc])
  }
  return { docs, byId, byType, order }
}

/** Picks, per published id, the document from the highest-priority layer that has one. */
function overlay(all: Map<string, SanityDoc>, layers: string[]): SanityDoc[] {
  const rank = new Map(layers.map((l, i) => [l, i]))
  const best = new Map<string, { rank: number; doc: SanityDoc }>()
  for (const doc of all.values()) {
    const r = rank.get(layerOf(doc._id))
    if (r === undefined) continue
    const pid = publishedId(doc._id)
    const current = best.get(pid)
    if (!current || r < current.rank) best.set(pid, { rank: r, doc })
  }
  const out: SanityDoc[] = []
  for (const [pid, { doc }] of best) {
    out.push(doc._id === pid ? doc : { ...doc, _id: pid, _originalId: doc._id })
  }
  return out
}

/** Keeps one built view per perspective for the current revision. */
export class ViewCache {
  private revision = -1
  private readonly views = new Map<string, View>()

  get(all: Map<string, SanityDoc>, revision: number, perspective: Perspective): View {
    if (revision !== this.revision) {
      this.views.clear()
      this.revision = revision
    }
    const key = perspectiveKey(perspective)
    let view = this.views.get(key)
    if (!view) {
      view = buildView(all, perspective)
      this.views.set(key, view)
    }
    return view
  }
}
