// Dependency lists for feed pages: published document ids (a draft preview reads 'drafts.x' but
// the page depends on 'x') followed by the 'type:<t>' keys of the listings the feed aggregates.
export function feedDeps(ids: (string | undefined)[], types: string[] = []): string[] {
  const out = new Set<string>()
  for (const id of ids) if (id) out.add(id.replace(/^drafts\./, ''))
  for (const t of types) out.add(`type:${t}`)
  return [...out]
}
