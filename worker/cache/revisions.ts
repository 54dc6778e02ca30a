// The content store's current revision of each dependency, in one query: a document's _rev, and
// for a 'type:<t>' list key a fingerprint that changes whenever a document of that type is
// created, edited or removed (count + newest _updatedAt). Recorded when a page is stored and
// compared again by reconciliation.
import * as z from 'zod'
import { fetchContent } from '../content/client'
import { revisionsQuery } from '../content/queries'
import { sha256 } from './hash'

export const TYPE_PREFIX = 'type:'
/** A type's membership: which documents of it have a page (not what they say). */
export const MEMBERS_PREFIX = 'members:'
/** Recorded for a dependency the content store did not return (deleted, or never existed). */
const MISSING_REV = '-'

const TYPE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/

const resultSchema = z.object({
  docs: z.array(z.object({ _id: z.string(), _rev: z.string().nullish() })),
  types: z.array(z.object({ type: z.string(), n: z.number(), u: z.string().nullish() })),
  members: z.array(z.object({ type: z.string(), n: z.number() })).catch([]),
})

/** Reads without the API CDN: right after a publish it may still hold the previous revision. */
function uncached(env: Env): Env {
  return { ...env, SANITY_USE_CDN: 'false' }
}

export async function currentRevisions(
  env: Env,
  deps: Iterable<string>,
): Promise<Map<string, string>> {
  const ids: string[] = []
  const types: string[] = []
  const members: string[] = []
  for (const dep of new Set(deps)) {
    if (dep.startsWith(MEMBERS_PREFIX)) {
      if (TYPE_NAME.test(dep.slice(MEMBERS_PREFIX.length)))
        members.push(dep.slice(MEMBERS_PREFIX.length))
    } else if (!dep.startsWith(TYPE_PREFIX)) ids.push(dep)
    else if (TYPE_NAME.test(dep.slice(TYPE_PREFIX.length)))
      types.push(dep.slice(TYPE_PREFIX.length))
  }
  const revs = new Map<string, string>()
  if (ids.length === 0 && types.length === 0 && members.length === 0) return revs

  const raw = await fetchContent(uncached(env), revisionsQuery, {
    ids,
    types: types.map((type) => ({ type })),
    members: members.map((type) => ({ type })),
  })
  const result = resultSchema.parse(raw)

  for (const id of ids) revs.set(id, MISSING_REV)
  for (const doc of result.docs) revs.set(doc._id, doc._rev ?? MISSING_REV)
  for (const type of types) revs.set(TYPE_PREFIX + type, MISSING_REV)
  for (const fp of result.types) revs.set(TYPE_PREFIX + fp.type, `${fp.n}:${fp.u ?? ''}`)
  for (const type of members) revs.set(MEMBERS_PREFIX + type, MISSING_REV)
  for (const m of result.members) revs.set(MEMBERS_PREFIX + m.type, String(m.n))
  return revs
}

/** One short value that changes whenever any dependency's revision does. */
export async function contentRevOf(revs: Map<string, string>): Promise<string> {
  const lines = [...revs.entries()].sort(([a], [b]) => a.localeCompare(b))
  return (await sha256(lines.map(([dep, rev]) => `${dep}=${rev}`).join('\n'))).slice(0, 16)
}
