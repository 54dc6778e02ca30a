import { env } from 'cloudflare:test'
import { it } from 'vitest'
import { buildPage, canonicalPaths } from '../../../worker/pages/build'

it('dumps pages', async () => {
  const paths = await canonicalPaths(env)
  console.log(paths.length, paths.slice(0, 10))
  for (const p of ['/', '/courses', '/courses?when=past', '/courses/nrm-webinar', '/campaigns', '/reports', '/news', '/contacts', '/search?q=trafficking', '/courses/nope']) {
    const b = await buildPage(env, new URL(p, 'https://x.test'))
    console.log(p, b?.status, b?.path, b?.body.length, JSON.stringify(b?.deps.slice(0, 12)))
  }
  const b = await buildPage(env, new URL('/courses/nrm-webinar', 'https://x.test'))
  console.log(b?.body)
})
