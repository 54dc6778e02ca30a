// `npm run rebuild`: asks the running worker to rebuild every page (POST /admin/rebuild) and prints
// its progress lines as they arrive; `npm run rebuild -- --index-only` brings only the search index
// (and the calendars built from it) up to date. The rebuild itself runs in the worker, which holds
// the KV, D1 and content bindings; this script only needs its URL and the staff token.
//   SITE_URL     the worker (default: http://localhost:<SITE_PORT, 8787>, where npm start runs it)
//   STAFF_TOKEN  bearer token (default: STAFF_TOKEN from .dev.vars)
//   CF_ACCESS_CLIENT_ID, CF_ACCESS_CLIENT_SECRET  a Cloudflare Access service token: in production
//                the staff API sits behind Access, which accepts these and vouches for the script
import { join } from 'node:path'
import { localConfig, readDevVars, ROOT } from '../store/config'

async function main(): Promise<number> {
  const vars = readDevVars(join(ROOT, '.dev.vars'))
  const site = process.env.SITE_URL || `http://localhost:${localConfig().sitePort}`
  const token = process.env.STAFF_TOKEN || vars.STAFF_TOKEN || ''
  const accessId = process.env.CF_ACCESS_CLIENT_ID ?? ''
  const accessSecret = process.env.CF_ACCESS_CLIENT_SECRET ?? ''
  const headers: Record<string, string> =
    accessId !== '' && accessSecret !== ''
      ? { 'cf-access-client-id': accessId, 'cf-access-client-secret': accessSecret }
      : { authorization: `Bearer ${token}` }
  if (token === '' && accessId === '') {
    console.error(
      'Set STAFF_TOKEN (or add it to .dev.vars), or CF_ACCESS_CLIENT_ID and CF_ACCESS_CLIENT_SECRET for a deployed site.',
    )
    return 2
  }
  const url = new URL('/admin/rebuild', site)
  if (process.argv.includes('--index-only')) url.searchParams.set('only', 'index')
  let res: Response
  try {
    res = await fetch(url, { method: 'POST', headers })
  } catch (err) {
    console.error(`Could not reach the worker at ${url.origin}: is it running (npm start)?`, err)
    return 1
  }
  if (!res.ok || !res.body) {
    console.error(`The worker answered ${res.status}: ${await res.text()}`)
    return 1
  }
  const decoder = new TextDecoder()
  const reader = res.body.getReader()
  let output = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    const text = decoder.decode(value, { stream: true })
    process.stdout.write(text)
    output += text
  }
  const last = output.trim().split('\n').at(-1) ?? ''
  // The last line is the summary: "Done: 3 changed, 40 unchanged, 0 removed, 0 failed" (or, for the
  // index alone, "Done: index only, 0 failed").
  const failed = /(\d+) failed/.exec(last)
  if (!last.startsWith('Done:')) {
    console.error('The rebuild stopped before it finished.')
    return 1
  }
  return failed && failed[1] !== '0' ? 1 : 0
}

process.exitCode = await main()
