// A news post as a reader sees it: the excerpt is shown as the lead only when the body does not
// already open with it, and the topics and organisations sit apart, below the article.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { block, built, createDrafts, inspect, pageDoc, uniqueSlug } from './helpers'

const SEED_POST = '/news/child-trafficking-in-the-uk-2018-snapshot'
const OPENING = 'Our latest research, Child trafficking in the UK 2018: A snapshot'
const slug = uniqueSlug('news')
let cleanup: () => Promise<void>

const count = (text: string, part: string) => text.split(part).length - 1

beforeAll(async () => {
  cleanup = await createDrafts([
    {
      ...pageDoc('newsPost', slug, 'A post with its own excerpt'),
      publishedAt: '2026-01-05T09:00:00Z',
      excerpt: 'A short summary written for the news list.',
      body: [block('The article itself starts differently.')],
      topics: ['nrm'],
    },
  ])
})

afterAll(async () => {
  await cleanup()
})

describe('news post', () => {
  it('does not repeat an excerpt that the body opens with', async () => {
    const page = await built(SEED_POST)
    expect(page.status).toBe(200)
    const f = await inspect(page.body)
    expect(count(f.text, OPENING)).toBe(1)
    expect(page.body).not.toContain('<p class="lede">')
    // Still the page's description for search engines and link previews.
    expect(f.description).toContain(OPENING)
  })

  it('shows an excerpt that differs from the opening as the lead', async () => {
    const page = await built(`/news/${slug}`, 'drafts')
    expect(page.body).toContain('<p class="lede">A short summary written for the news list.</p>')
    expect((await inspect(page.body)).text).toContain('The article itself starts differently.')
  })

  it('keeps the topic tags apart from the organisations line', async () => {
    const page = await built(SEED_POST)
    expect(page.body).toMatch(
      /<div class="stack"><ul class="tags"[^>]*>.*<\/ul><p><strong>Organisations:<\/strong>/,
    )
  })
})
