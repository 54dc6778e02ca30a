// `npm run rebuild`: asks the running worker to rebuild every page (POST /admin/rebuild) and prints
// its progress lines as they arrive. The rebuild itself runs in the worker, which holds the KV, D1
// and content bindings; this script only needs its URL and the staff token.
//   SITE_URL     the worker (default: SITE_URL from .dev.vars, else http://localhost:8787)
//   STAFF_TOKEN  bearer token (default: STAFF_TOKEN from .dev.vars)
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

async function devVars(): Promise<Record<string, string>> {
  try {
    const text = await readFile(join(import.meta.dirname, '../../.dev.vars'), 'utf8')
    const vars: Record<string, string> = {}
    for (const line of text.split('\n')) {
      const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line)
      if (match?.[1]) vars[match[1]] = (match[2] ?? '').replace(/^["']|["']$/g, '')
    }
    return vars
  } catch {
    return {}
  }
}

async function main(): Promise<number> {
  const vars = await devVars()
  const site = process.env.SITE_URL || vars.SITE_URL || 'http://localhost:8787'
  const token = process.env.STAFF_TOKEN || vars.STAFF_TOKEN || ''
  if (token === '') {
    console.error('Set STAFF_TOKEN (or add it to .dev.vars) so the worker accepts the rebuild.')
    return 2
  }
  const url = new URL('/admin/rebuild', site)
  let res: Response
  try {
    res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  } catch (err) {
    console.error(`Could not reach the worker at ${url.origin}: is it running (npm start)?`, err)
    return 1
  }
  if (!res.ok || !res.body) {
    console.error(`The worker answered ${res.status}: ${await res.text()}`)
    return 1
  }
  const decoder = new TextDecoder()
  let last = ''
  for await (const chunk of res.body) {
    const text = decoder.decode(chunk, { stream: true })
    process.stdout.write(text)
    last =
      (last + text)
        .split('\n')
        .filter((l) => l !== '')
        .pop() ?? last
  }
  // The last line is the summary: "Done: 3 changed, 40 unchanged, 0 removed, 0 failed".
  const failed = /(\d+) failed/.exec(last)
  if (!last.startsWith('Done:')) {
    console.error('The rebuild stopped before it finished.')
    return 1
  }
  return failed && failed[1] !== '0' ? 1 : 0
}

process.exitCode = await main()
