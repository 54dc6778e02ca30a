// What every page builder shares: the build context, the BuiltPage shape, dependency collection
// and the final render. Builders in ./loaders use this, with the raw-result and settings readers
// of worker/content.
import type { JSX } from 'hono/jsx/jsx-runtime'
import type * as z from 'zod'
import type { PageType } from '../../schemas/content-types'
import { fetchContent, type Perspective } from '../content/client'
import type { Settings } from '../content/models'
import { field, isObj } from '../content/raw-results'
import { parseSettings } from '../content/settings'
import { contentNow } from './clock'
import { renderDocument } from '../ui/layout'
import { NotFoundView } from './views/status'

export type BuiltPage = {
  path: string
  status: 200 | 404
  contentType: string
  body: string
  deps: string[]
  title?: string
  /**
   * When the page changes with time alone (ISO): the first upcoming instant at which something
   * it shows flips, such as registration opening or closing, a session starting or ending, or a
   * petition closing. Absent when only a content change can alter the page.
   */
  staleAt?: string
}

export type BuildContext = {
  env: Env
  url: URL
  perspective: Perspective
  now: Date
  fetch: (query: string, params?: Record<string, unknown>) => Promise<unknown>
}

export function buildContext(env: Env, url: URL, perspective: Perspective): BuildContext {
  return {
    env,
    url,
    perspective,
    now: contentNow(),
    fetch: (query, params = {}) => fetchContent(env, query, params, perspective),
  }
}

export const HTML = 'text/html; charset=utf-8'

/** Adds every document id found in `value` (published ids, whatever the perspective). */
function collectIds(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into)
  } else if (isObj(value)) {
    const id = value._id
    if (typeof id === 'string' && id !== '') into.add(id.replace(/^drafts\./, ''))
    for (const [k, v] of Object.entries(value)) if (k !== '_id') collectIds(v, into)
  }
  return into
}

/** Items of a raw list that pass the schema, each with the raw value it came from. */
export function parseItems<T>(schema: z.ZodType<T>, raw: unknown): { item: T; raw: unknown }[] {
  if (!Array.isArray(raw)) return []
  return raw.flatMap((r) => {
    const p = schema.safeParse(r)
    return p.success ? [{ item: p.data, raw: r }] : []
  })
}

/** Dependencies: siteSettings always (every page shows it), ids found in `used`, list keys. */
export function deps(used: unknown[], types: string[] = []): string[] {
  const ids = new Set<string>(['siteSettings'])
  for (const u of used) collectIds(u, ids)
  for (const t of types) ids.add(`type:${t}`)
  return [...ids].sort()
}

export async function htmlPage(args: {
  path: string
  status?: 200 | 404
  title: string
  deps: string[]
  element: JSX.Element
  staleAt?: string
}): Promise<BuiltPage> {
  return {
    path: args.path,
    status: args.status ?? 200,
    contentType: HTML,
    body: await renderDocument(args.element),
    deps: args.deps,
    title: args.title,
    ...(args.staleAt ? { staleAt: args.staleAt } : {}),
  }
}

/** The first of `times` (ISO strings or epoch ms) after `now`, as ISO: see BuiltPage.staleAt. */
export function staleAfter(
  now: Date,
  times: readonly (string | number | undefined)[],
): string | undefined {
  let first = Number.POSITIVE_INFINITY
  for (const t of times) {
    const ms = typeof t === 'string' ? Date.parse(t) : t
    if (ms !== undefined && Number.isFinite(ms) && ms > now.getTime() && ms < first) first = ms
  }
  return Number.isFinite(first) ? new Date(first).toISOString() : undefined
}

export const PAGE_SIZE = 12

/** 1-based page number from ?page=, or null when it is not a positive integer. */
export function pageParam(url: URL): number | null {
  const raw = url.searchParams.get('page')
  if (raw === null || raw === '') return 1
  return /^[1-9][0-9]{0,4}$/.test(raw) ? Number(raw) : null
}

/** The canonical path for a listing: known parameters in a fixed order, page 1 omitted. */
export function listPath(base: string, params: [string, string | undefined][], page = 1): string {
  const q = new URLSearchParams()
  for (const [k, v] of params) if (v) q.set(k, v)
  if (page > 1) q.set('page', String(page))
  const s = q.toString()
  return s ? `${base}?${s}` : base
}

/** A slug from the query string, or null when it cannot be one (the store is asked for null). */
export function slugParam(raw: string | null): string | null {
  return raw !== null && /^[a-z0-9][a-z0-9-]{0,95}$/.test(raw) ? raw : null
}

/** The organisation a list query resolved its `$organisation` slug to, if one has it. */
export function listOrganisation(raw: unknown): { slug: string; name: string } | undefined {
  const slug = field(raw, 'slug')
  const name = field(raw, 'name')
  return typeof slug === 'string' && typeof name === 'string' && name.trim() !== ''
    ? { slug, name }
    : undefined
}

/** The strings of a raw list (ids from a list query); anything else is left out. */
export function stringList(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : []
}

/**
 * A detail page's read beside its content (seat counts, a petition count), started alongside
 * the content query when this isolate already knows which document the slug names and whether
 * the page needed the read last time. The read is best effort: one that fails answers undefined
 * (the page shows what it can; the signup endpoints enforce the real limits), so an early read
 * the page ends up not using is harmless.
 *
 *   const seats = sideRead(seatCounts)                   // once per module
 *   const finish = seats(ctx, slug)                      // before the content query
 *   const counts = await finish(doc._id, needsSeats)     // after it: undefined when not needed
 */
export function sideRead<R>(read: (db: D1Database, id: string) => Promise<R>, max = 1_000) {
  const known = new Map<string, { id: string; needed: boolean }>()
  const bestEffort = async (db: D1Database, id: string): Promise<R | undefined> => {
    try {
      return await read(db, id)
    } catch {
      return undefined
    }
  }
  return (ctx: BuildContext, slug: string) => {
    const key = `${ctx.perspective}:${slug}`
    const last = known.get(key)
    const early = last?.needed ? bestEffort(ctx.env.DB, last.id) : undefined
    return async (id: string, needed: boolean): Promise<R | undefined> => {
      if (last?.id !== id || last.needed !== needed) {
        if (known.size >= max) known.clear()
        known.set(key, { id, needed })
      }
      if (!needed) return undefined
      // The early read is used only when it was for this very document.
      return early !== undefined && last?.id === id ? early : bestEffort(ctx.env.DB, id)
    }
  }
}

/**
 * The `$pageStart`/`$pageEnd` parameters of a list query: the slice of its ids the page asked
 * for shows (an invalid page number asks for the first page's; the builder answers it with 404).
 */
export function listParams(url: URL): { pageStart: number; pageEnd: number } {
  const page = pageParam(url) ?? 1
  return { pageStart: (page - 1) * PAGE_SIZE, pageEnd: page * PAGE_SIZE }
}

/**
 * One page of a listing from its query result: the store counted the matches (`total`) and sent
 * the page's ids in order (`ids`) with their cards (`cards`, in any order). The cards come back
 * in the ids' order; one that is malformed is left out. Past the last page `slice` is empty.
 */
export function listWindow<T extends { _id: string }>(
  raw: unknown,
  page: number | null,
  schema: z.ZodType<T>,
): { total: number; pages: number; slice: { item: T; raw: unknown }[] } {
  const counted = field(raw, 'total')
  const total = typeof counted === 'number' ? counted : 0
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  if (page === null || page > pages) return { total, pages, slice: [] }
  const at = new Map(stringList(field(raw, 'ids')).map((id, i) => [id, i]))
  const slice = parseItems(schema, field(raw, 'cards'))
    .filter((c) => at.has(c.item._id))
    .sort((a, b) => (at.get(a.item._id) ?? 0) - (at.get(b.item._id) ?? 0))
  return { total, pages, slice }
}

/** The 404 page for an unknown slug or a document whose essentials are broken. */
export function notFoundPage(
  ctx: BuildContext,
  settings: Settings,
  pageDeps: string[],
): Promise<BuiltPage> {
  const path = ctx.url.pathname
  return htmlPage({
    path,
    status: 404,
    title: 'Page not found',
    deps: pageDeps,
    element: <NotFoundView env={ctx.env} settings={settings} path={path} />,
  })
}

/**
 * Where a detail page's document comes from: its page type (a 404 page depends on the type under
 * the registry's name for it), the query run for its slug, its key in the result and its schema.
 * Each loader names its own.
 */
export type DocumentSource<T> = {
  type: PageType
  query: string
  key: string
  schema: z.ZodType<T>
}

export function documentSource<T>(
  type: PageType,
  query: string,
  key: string,
  schema: z.ZodType<T>,
): DocumentSource<T> {
  return { type, query, key, schema }
}

/**
 * A detail page's document for `slug`, checked by its schema, with the site settings and the
 * page's deps; the 404 page (which also depends on the document type) when the document is
 * missing or malformed.
 */
export async function loadDocument<T>(
  ctx: BuildContext,
  source: DocumentSource<T>,
  slug: string,
): Promise<{ doc: T; raw: unknown; settings: Settings; deps: string[] } | { notFound: BuiltPage }> {
  const raw = await ctx.fetch(source.query, { slug })
  const settings = parseSettings(field(raw, 'settings'))
  const rawDoc = field(raw, source.key)
  const parsed = source.schema.safeParse(rawDoc)
  if (!parsed.success) {
    const pageDeps = deps([field(raw, 'settings'), rawDoc], [source.type])
    return { notFound: await notFoundPage(ctx, settings, pageDeps) }
  }
  return { doc: parsed.data, raw: rawDoc, settings, deps: deps([field(raw, 'settings'), rawDoc]) }
}
