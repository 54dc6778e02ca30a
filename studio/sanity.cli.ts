// Sanity CLI configuration: which project `sanity build`, `schema extract` and `typegen` work on.
// Typegen reads the extracted schema and the worker's `defineQuery` queries and writes the
// committed types the worker imports. The two SANITY_TYPEGEN_* variables let the freshness test
// generate into a temporary directory instead of over the committed files.
import { defineCliConfig } from 'sanity/cli'
import { dataset, projectId } from './env'

export default defineCliConfig({
  api: { projectId, dataset },
  // Builds must not fetch Sanity packages from a CDN at runtime: the Studio runs offline.
  deployment: { autoUpdates: false },
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
