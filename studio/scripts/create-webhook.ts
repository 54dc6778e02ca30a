// `npm run webhook:create`: registers the site's GROQ-powered webhook (worker/webhooks/
// definition.ts, the same one the embedded store fires offline) in a real Sanity project through
// the management API. Updates the hook in place when one with the same name exists.
//   SANITY_PROJECT_ID       the project (e.g. from sanity.io/manage)
//   SANITY_DATASET          dataset to watch (default production)
//   SANITY_AUTH_TOKEN       token allowed to manage webhooks (`npx sanity debug --secrets` shows
//                           the CLI login token; API tokens need the webhooks grant); falls back
//                           to SANITY_TOKEN, the import script's variable
//   SITE_URL                the deployed worker, e.g. https://safeguard.example.org
//   SANITY_WEBHOOK_SECRET   the secret the worker verifies (`wrangler secret put SANITY_WEBHOOK_SECRET`)
// `--dry-run` prints the request instead of sending it (secret redacted).
import { sanityWebhook, WEBHOOK_PATH } from '../../worker/webhooks/definition'

const API = 'https://api.sanity.io/v2021-10-04'
const dryRun = process.argv.includes('--dry-run')
const env = process.env

function required(name: string, placeholder: string): string {
  const value = env[name]
  if (value) return value
  if (dryRun) return placeholder
  console.error(`Set ${name} (see the header of studio/scripts/create-webhook.ts).`)
  process.exit(1)
}

const projectId = required('SANITY_PROJECT_ID', '<SANITY_PROJECT_ID>')
const dataset = env.SANITY_DATASET || 'production'
const siteUrl = required('SITE_URL', 'https://<your-site>').replace(/\/+$/, '')
const secret = required('SANITY_WEBHOOK_SECRET', '<SANITY_WEBHOOK_SECRET>')
if (!env.SANITY_AUTH_TOKEN && env.SANITY_TOKEN) env.SANITY_AUTH_TOKEN = env.SANITY_TOKEN
const token = required('SANITY_AUTH_TOKEN', '<SANITY_AUTH_TOKEN>')

const hookBody = {
  type: 'document',
  name: sanityWebhook.name,
  description: sanityWebhook.description,
  url: `${siteUrl}${WEBHOOK_PATH}`,
  dataset,
  httpMethod: sanityWebhook.httpMethod,
  apiVersion: sanityWebhook.apiVersion,
  includeDrafts: sanityWebhook.includeDrafts,
  includeAllVersions: false,
  headers: {},
  rule: {
    on: [...sanityWebhook.on],
    filter: sanityWebhook.filter,
    projection: sanityWebhook.projection,
  },
  secret,
}

type Hook = { id: string; name: string }

async function request(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`)
  return text ? JSON.parse(text) : null
}

function isHook(value: unknown): value is Hook {
  return typeof value === 'object' && value !== null && 'id' in value && 'name' in value
}

if (dryRun) {
  console.log(`Would list hooks: GET ${API}/hooks/projects/${projectId}`)
  console.log(`Then create:     POST ${API}/hooks/projects/${projectId}`)
  console.log(
    `(or update:      PATCH ${API}/hooks/projects/${projectId}/<id> if "${hookBody.name}" exists)`,
  )
  console.log('Authorization: Bearer <token>')
  console.log(JSON.stringify({ ...hookBody, secret: '<redacted>' }, null, 2))
  process.exit(0)
}

try {
  const listed = await request('GET', `/hooks/projects/${projectId}`)
  const existing = (Array.isArray(listed) ? listed : [])
    .filter(isHook)
    .find((h) => h.name === hookBody.name)
  if (existing) {
    await request('PATCH', `/hooks/projects/${projectId}/${existing.id}`, hookBody)
    console.log(`Updated webhook "${hookBody.name}" (${existing.id}) → ${hookBody.url}`)
  } else {
    const created = await request('POST', `/hooks/projects/${projectId}`, hookBody)
    const id = isHook(created) ? created.id : '?'
    console.log(`Created webhook "${hookBody.name}" (${id}) → ${hookBody.url}`)
  }
  console.log('Check deliveries at https://www.sanity.io/manage (API → Webhooks → attempts log).')
} catch (error) {
  console.error(String(error))
  process.exit(1)
}
