// Reading query results before zod has seen them: they are `unknown`, and a page, the search
// index or a list picks single fields out of them to parse each with its own schema.

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null

/** A field of a query result object (results are `unknown` until zod has seen them). */
export function field(raw: unknown, key: string): unknown {
  return isObj(raw) && !Array.isArray(raw) ? raw[key] : undefined
}
