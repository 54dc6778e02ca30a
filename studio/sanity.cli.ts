// Sanity CLI configuration: which project `sanity build`, `schema extract` and `typegen` work on.
// Typegen reads the extracted schema and the worker's `defineQuery` queries and writes the
// committed types the worker imports. The two SANITY_TYPEGEN_* variables let the freshness test
// generate into a temporary directory instead of over the committed files.
import { fileURLToPath } from 'node:url'
import { defineCliConfig } from 'sanity/cli'
import { dataset, projectId } from './env'

// Any file inside the `sanity` package: the Studio's own code resolves @sanity/client from there,
// so its client factory (sanity.config.ts) makes the same client class the Studio does, not the
// worker's newer major installed at the root.
const SANITY_PACKAGE = fileURLToPath(
  new URL('../node_modules/sanity/package.json', import.meta.url),
)

export default defineCliConfig({
  api: { projectId, dataset },
  // Builds must not fetch Sanity packages from a CDN at runtime: the Studio runs offline.
  deployment: { autoUpdates: false },
  vite: (config) => ({
    ...config,
    plugins: [
      ...(config.plugins ?? []),
      {
        name: 'safeguard-studio-sanity-client',
        enforce: 'pre',
        resolveId(source, importer, options) {
          if (source !== '@sanity/client' || !importer || importer.includes('/node_modules/')) {
            return null
          }
          return this.resolve(source, SANITY_PACKAGE, { ...options, skipSelf: true })
        },
      },
    ],
  }),
  schemaExtraction: { enforceRequiredFields: true },
  typegen: {
    // Declaration files (the generated Env types, these types themselves) hold no queries.
    path: ['../worker/**/*.{ts,tsx}', '!../worker/**/*.d.ts', '!../worker/sanity.types.ts'],
    schema: process.env.SANITY_TYPEGEN_SCHEMA || './schema.json',
    generates: process.env.SANITY_TYPEGEN_OUTPUT || '../worker/sanity.types.ts',
    // Unformatted output is identical wherever it is written, so freshness is a plain comparison.
    formatGeneratedCode: false,
    overloadClientMethods: true,
  },
})
