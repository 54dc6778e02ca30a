// What the worker's build gives for `import('zod/v4/core')` (wrangler.toml [alias]). The OpenAPI
// document's schema conversion (@standard-community/standard-json, under hono-openapi) imports
// that module whole and calls only its toJSONSchema; the whole module carries every one of zod's
// error-message locales, about 400 KB of the bundle that nothing here reads.
export { toJSONSchema } from 'zod'
