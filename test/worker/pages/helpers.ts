// Shared helpers for the page tests: build or fetch a page, read what a visitor (or a screen
// reader) would notice from its HTML with HTMLRewriter, and write test content to the embedded
// store. Test documents are drafts with unique ids: the published site other suites test never
// sees them, and the pages read them through the drafts perspective (as preview does).
import { env } from 'cloudflare:test'
import { expect } from 'vitest'
import { buildPage, type BuiltPage } from '../../../worker/pages/build'
import { reindexAll } from '../../../worker/search/index-writer'
import { storeClient } from '../store-client'

export const ORIGIN = 'https://safeguard.test'

export async function built(
  path: string,
  perspective: 'published' | 'drafts' = 'published',
): Promise<BuiltPage> {
  const page = await buildPage(env, new URL(path, ORIGIN), { perspective })
  if (!page) throw new Error(`${path} is not a page route`)
  return page
}

export { storeClient }

export function uniqueSlug(name: string): string {
  return `pages-test-${name}-${crypto.randomUUID().slice(0, 8)}`
}

/** Writes draft documents (ids get the 'drafts.' prefix) and returns a cleanup function. */
export async function createDrafts(docs: Record<string, unknown>[]): Promise<() => Promise<void>> {
  const client = storeClient()
  const tx = client.transaction()
  const ids: string[] = []
  for (const doc of docs) {
    const id = `drafts.${String(doc._id)}`
    ids.push(id)
    tx.createOrReplace({ ...doc, _id: id, _type: String(doc._type) })
  }
  await tx.commit({ visibility: 'sync' })
  return async () => {
    const del = client.transaction()
    for (const id of ids) del.delete(id)
    await del.commit({ visibility: 'sync' })
  }
}

/** A page document as the tests write it: `<type>.<slug>` for its id, its title and its slug. */
export function pageDoc(type: string, slug: string, title: string) {
  return { _id: `${type}.${slug}`, _type: type, title, slug: { _type: 'slug', current: slug } }
}

export function block(text: string, extra: Record<string, unknown> = {}) {
  return {
    _type: 'block',
    _key: crypto.randomUUID().slice(0, 8),
    style: 'normal',
    markDefs: [],
    children: [{ _type: 'span', _key: 's1', text, marks: [] }],
    ...extra,
  }
}

export type PageFacts = {
  lang: string | null
  title: string
  h1: string[]
  headings: string[]
  description: string | null
  canonical: string | null
  robots: string | null
  ogTitle: string | null
  stylesheets: string[]
  jsonLd: unknown[]
  /** href of the first and second links in the body, in document order. */
  links: { href: string; text: string; rel: string | null }[]
  landmarks: string[]
  mainId: string | null
  text: string
  inlineStyles: number
  scripts: number
}

/** What a visitor or assistive technology notices in a page, read with HTMLRewriter. */
export async function inspect(html: string): Promise<PageFacts> {
  const facts: PageFacts = {
    lang: null,
    title: '',
    h1: [],
    headings: [],
    description: null,
    canonical: null,
    robots: null,
    ogTitle: null,
    stylesheets: [],
    jsonLd: [],
    links: [],
    landmarks: [],
    mainId: null,
    text: '',
    inlineStyles: 0,
    scripts: 0,
  }
  let inTitle = false
  let h1 = -1
  let heading = -1
  let link = -1
  let ld = ''
  let inLd = false
  let inBody = false
  const rewriter = new HTMLRewriter()
    .on('html', { element: (e) => void (facts.lang = e.getAttribute('lang')) })
    .on('body', { element: () => void (inBody = true) })
    .on('title', {
      element: () => void (inTitle = true),
      text: (t) => {
        if (inTitle) facts.title += t.text
        if (t.lastInTextNode) inTitle = false
      },
    })
    .on('meta[name="description"]', {
      element: (e) => void (facts.description = e.getAttribute('content')),
    })
    .on('meta[name="robots"]', { element: (e) => void (facts.robots = e.getAttribute('content')) })
    .on('meta[property="og:title"]', {
      element: (e) => void (facts.ogTitle = e.getAttribute('content')),
    })
    .on('link[rel="canonical"]', {
      element: (e) => void (facts.canonical = e.getAttribute('href')),
    })
    .on('link[rel="stylesheet"]', {
      element: (e) => void facts.stylesheets.push(e.getAttribute('href') ?? ''),
    })
    // The CSP refuses inline styles, so none may appear (the honeypot is hidden by its class).
    .on('[style]', { element: () => void facts.inlineStyles++ })
    .on('script', {
      element: (e) => {
        if (e.getAttribute('type') === 'application/ld+json') {
          inLd = true
          ld = ''
          e.onEndTag(() => {
            facts.jsonLd.push(JSON.parse(ld))
            inLd = false
          })
        } else facts.scripts++
      },
      text: (t) => void (inLd ? (ld += t.text) : undefined),
    })
    .on('h1', {
      element: () => void (h1 = facts.h1.push('') - 1),
      text: (t) => void (h1 >= 0 ? (facts.h1[h1] += t.text) : undefined),
    })
    .on('h1, h2, h3, h4', {
      element: (e) => void (heading = facts.headings.push(`${e.tagName}:`) - 1),
      text: (t) => void (heading >= 0 ? (facts.headings[heading] += t.text) : undefined),
    })
    .on('header, nav, main, footer, [role="search"]', {
      element: (e) => {
        facts.landmarks.push(e.getAttribute('role') ?? e.tagName)
        if (e.tagName === 'main') facts.mainId = e.getAttribute('id')
      },
    })
    .on('body a[href]', {
      element: (e) =>
        void (link =
          facts.links.push({
            href: e.getAttribute('href') ?? '',
            text: '',
            rel: e.getAttribute('rel'),
          }) - 1),
      text: (t) => {
        const l = facts.links[link]
        if (l) l.text += t.text
      },
    })
    // A space at every element start keeps words from separate elements apart in `text`.
    .on('body *', { element: () => void (facts.text += ' ') })
    .onDocument({ text: (t) => void (inBody ? (facts.text += t.text) : undefined) })
  await rewriter.transform(new Response(html)).text()
  facts.text = decodeEntities(facts.text).replace(/\s+/g, ' ')
  facts.h1 = facts.h1.map((s) => decodeEntities(s).trim())
  facts.headings = facts.headings.map((s) => decodeEntities(s).trim())
  facts.title = decodeEntities(facts.title)
  for (const l of facts.links) l.text = decodeEntities(l.text).replace(/\s+/g, ' ').trim()
  return facts
}

export function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
}

/** A search results page with what it shows: its facts and the result cards' headings. */
export async function searchPage(path: string) {
  const page = await built(path)
  const facts = await inspect(page.body)
  const cards = facts.headings.filter((h) => h.startsWith('h3:')).map((h) => h.slice(3))
  return { page, facts, cards }
}

/** The seed in the search index, as `npm run rebuild` writes it (with the settings every search page shows). */
export async function indexSeed() {
  const filled = await reindexAll(env)
  expect(filled.indexed).toBeGreaterThan(20)
}
