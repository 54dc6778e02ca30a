// Storing built pages: KV (1,000 free writes a day) is written only when a page's body changed;
// the D1 dependency index is updated row by row, and only where revisions changed.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { getStoredPage } from '../../../worker/cache/page-store'
import { savePage } from '../../../worker/cache/save'

/** The real KV binding, counting writes. */
function countingEnv(): { env: Env; puts: string[] } {
  const puts: string[] = []
  const kv = env.PAGES
  const PAGES = {
    get: kv.get.bind(kv),
    delete: kv.delete.bind(kv),
    list: kv.list.bind(kv),
    getWithMetadata: kv.getWithMetadata.bind(kv),
    put: (key: string, value: string) => {
      puts.push(key)
      return kv.put(key, value)
    },
  } as unknown as KVNamespace
  return { env: { ...env, PAGES }, puts }
}

const built = (body: string) => ({
  path: '/save-test',
  status: 200,
  contentType: 'text/html; charset=utf-8',
  body,
  deps: ['doc.a', 'type:course'],
})

async function depRows() {
  const { results } = await env.DB.prepare(
    'SELECT dep, rev FROM page_deps WHERE path = ? ORDER BY dep',
  )
    .bind('/save-test')
    .all()
  return results
}

describe('savePage', () => {
  it('writes KV once per distinct body, however often the page is rebuilt', async () => {
    const { env: counted, puts } = countingEnv()
    const revs = new Map([
      ['doc.a', 'r1'],
      ['type:course', '3:2026-11-01'],
    ])
    expect((await savePage(counted, built('<p>one</p>'), revs)).changed).toBe(true)
    expect((await savePage(counted, built('<p>one</p>'), revs)).changed).toBe(false)
    expect(
      (
        await savePage(
          counted,
          built('<p>one</p>'),
          new Map([
            ['doc.a', 'r2'],
            ['type:course', '3:2026-11-01'],
          ]),
        )
      ).changed,
    ).toBe(false)
    expect(puts).toEqual(['page:/save-test'])
    // The revisions are still recorded, so reconciliation knows the page is current.
    expect(await depRows()).toEqual([
      { dep: 'doc.a', rev: 'r2' },
      { dep: 'type:course', rev: '3:2026-11-01' },
    ])

    expect((await savePage(counted, built('<p>two</p>'), revs)).changed).toBe(true)
    expect(puts).toEqual(['page:/save-test', 'page:/save-test'])
    const stored = await getStoredPage(env.PAGES, '/save-test')
    expect(stored).toMatchObject({
      body: '<p>two</p>',
      status: 200,
      deps: ['doc.a', 'type:course'],
    })
    expect(stored?.etag).toMatch(/^"[\w-]+"$/)
  })

  it('drops index rows for dependencies the page no longer uses', async () => {
    await savePage(env, { ...built('<p>three</p>'), deps: ['doc.b'] }, new Map([['doc.b', 'rb']]))
    expect(await depRows()).toEqual([{ dep: 'doc.b', rev: 'rb' }])
  })
})
