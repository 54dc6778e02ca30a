// The page store: one KV value per canonical page, written whole so a reader sees either the old
// page or the new one, never a mix. KV's free plan allows 1,000 writes a day, so callers write only
// when the body changed (see save.ts).
import * as z from 'zod'

const storedPageSchema = z.object({
  body: z.string(),
  contentType: z.string(),
  status: z.number().int(),
  etag: z.string(),
  builtAt: z.string(),
  // Fingerprint of the dependency revisions the body was rendered from (see revisions.ts).
  contentRev: z.string(),
  deps: z.array(z.string()),
})

export type StoredPage = z.infer<typeof storedPageSchema>

const PREFIX = 'page:'

export async function getStoredPage(kv: KVNamespace, path: string): Promise<StoredPage | null> {
  const raw: unknown = await kv.get(PREFIX + path, 'json')
  if (raw === null) return null
  const parsed = storedPageSchema.safeParse(raw)
  // A value this code cannot read is treated as absent: the page is rebuilt, not broken.
  return parsed.success ? parsed.data : null
}

export async function putStoredPage(
  kv: KVNamespace,
  path: string,
  page: StoredPage,
): Promise<void> {
  await kv.put(PREFIX + path, JSON.stringify(page))
}

export async function deleteStoredPage(kv: KVNamespace, path: string): Promise<void> {
  await kv.delete(PREFIX + path)
}
