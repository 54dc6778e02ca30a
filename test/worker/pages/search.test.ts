// /search: an overview of how many of each kind of result match (the first few of each, a link
// to all of them), one kind's results a page at a time, the canonical path, and queries that
// match nothing or carry junk. Test documents are drafts with a word of their own, read through
// the drafts perspective, so seed content and other suites never change what these count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { built, createDrafts, inspect, uniqueSlug } from './helpers'

const WORD = `zebrafinch${crypto.randomUUID().slice(0, 6).replace(/-/g, '')}`
const REPORTS = 14
// The last two reports hold the word only in their summary, and are the newest.
const SUMMARY_ONLY = 2
const NEWS = 4
let cleanup: () => Promise<void>

beforeAll(async () => {
  const docs: Record<string, unknown>[] = []
  for (let i = 0; i < REPORTS; i++) {
    const slug = uniqueSlug(`search-report-${i}`)
    const n = String(i).padStart(2, '0')
    const inTitle = i < REPORTS - SUMMARY_ONLY
    docs.push({
      _id: `report.${slug}`,
      _type: 'report',
      title: inTitle ? `Report ${n} on ${WORD} grooming` : `Annual review ${n}`,
      summary: inTitle ? undefined : `Includes a chapter on ${WORD} grooming.`,
      slug: { _type: 'slug', current: slug },
      publishedAt: inTitle ? `2025-01-${String(10 + i).padStart(2, '0')}` : '2026-03-01',
    })
  }
  for (let i = 0; i < NEWS; i++) {
    const slug = uniqueSlug(`search-news-${i}`)
    docs.push({
      _id: `newsPost.${slug}`,
      _type: 'newsPost',
      title: `News ${i}`,
      excerpt: `A story about ${WORD} safeguarding`,
      slug: { _type: 'slug', current: slug },
      publishedAt: '2025-02-01T09:00:00Z',
    })
  }
  const org = uniqueSlug('search-org')
  docs.push({
    _id: `organisation.${org}`,
    _type: 'organisation',
    name: `The ${WORD} Trust`,
    slug: { _type: 'slug', current: org },
    summary: 'Runs helplines.',
  })
  cleanup = await createDrafts(docs)
})

afterAll(async () => {
  await cleanup()
})

async function search(path: string) {
  const page = await built(path, 'drafts')
  return { page, facts: await inspect(page.body) }
}

const cardsUnder = (headings: string[]) => headings.filter((h) => h.startsWith('h3:'))
// Links as the browser follows them (attribute values arrive HTML-escaped).
const hrefOf = (link: { href: string } | undefined) => link?.href.replaceAll('&amp;', '&')

describe('/search overview', () => {
  it('counts every kind of result and shows the first few of each with a link to all', async () => {
    const { page, facts } = await search(`/search?q=${WORD}`)
    expect(page.status).toBe(200)
    expect(page.path).toBe(`/search?q=${WORD}`)
    expect(facts.text).toContain(`${REPORTS + NEWS + 1} results for “${WORD}”`)
    expect(facts.headings).toContain(`h2:Reports (${REPORTS})`)
    expect(facts.headings).toContain(`h2:News (${NEWS})`)
    expect(facts.headings).toContain('h2:Organisations (1)')
    expect(facts.headings.some((h) => h.startsWith('h2:Courses'))).toBe(false)
    // Three report cards and three news cards, not all eighteen.
    expect(cardsUnder(facts.headings)).toHaveLength(6)
    const all = facts.links.find((l) => l.text === `All ${REPORTS} reports for “${WORD}”`)
    expect(hrefOf(all)).toBe(`/search?q=${WORD}&type=report`)
    expect(facts.links.some((l) => l.text === `All ${NEWS} news posts for “${WORD}”`)).toBe(true)
    // A kind with no more results than shown gets no such link.
    expect(facts.links.some((l) => l.text.startsWith('All 1 organisation'))).toBe(false)
    expect(facts.text).toContain(`The ${WORD} Trust`)
  })

  it('says so when nothing matches, and shows just the form before anything is asked', async () => {
    const none = await search('/search?q=qqxqqnothingmatches')
    expect(none.facts.text).toContain('No results for “qqxqqnothingmatches”')
    expect(none.facts.text).toContain('try fewer or different words')
    const empty = await search('/search?type=report')
    expect(empty.page.path).toBe('/search')
    expect(empty.facts.text).not.toContain('results for')
  })

  it('ignores an unknown kind and keeps words that look like query syntax as words', async () => {
    const junk = await search(`/search?q=${WORD}&type=everything`)
    expect(junk.page.path).toBe(`/search?q=${WORD}`)
    expect(junk.facts.headings).toContain(`h2:Reports (${REPORTS})`)
    const groq = await search(`/search?q=${encodeURIComponent(`${WORD}"] | *[_type=="contact`)}`)
    expect(groq.page.status).toBe(200)
    // The punctuation is dropped: the words still find the reports and nothing else.
    expect(groq.facts.text).not.toContain('Helplines')
  })
})

describe('/search order', () => {
  it('lists documents with every word in the title first, newest first, then the rest', async () => {
    const reportCards = (headings: string[]) =>
      cardsUnder(headings).filter((h) => /Report \d\d|Annual review/.test(h))
    const overview = await search(`/search?q=${WORD}+grooming`)
    expect(reportCards(overview.facts.headings)).toEqual([
      `h3:Report 11 on ${WORD} grooming`,
      `h3:Report 10 on ${WORD} grooming`,
      `h3:Report 09 on ${WORD} grooming`,
    ])
    const page1 = await search(`/search?q=${WORD}&type=report`)
    const titles = reportCards(page1.facts.headings)
    expect(titles[0]).toBe(`h3:Report 11 on ${WORD} grooming`)
    expect(titles[11]).toBe(`h3:Report 00 on ${WORD} grooming`)
    const page2 = await search(`/search?q=${WORD}&type=report&page=2`)
    // Newer, but the word is only in their summaries.
    expect(reportCards(page2.facts.headings)).toEqual([
      'h3:Annual review 12',
      'h3:Annual review 13',
    ])
  })
})

describe('/search, one kind of result', () => {
  it('pages through one kind, twelve at a time, with disjoint pages and a way back', async () => {
    const first = await search(`/search?q=${WORD}&type=report`)
    expect(first.page.status).toBe(200)
    expect(first.facts.headings).toContain(`h2:Reports (${REPORTS})`)
    expect(first.facts.headings.some((h) => h.startsWith('h2:News'))).toBe(false)
    expect(first.facts.text).toContain(`${REPORTS} reports for “${WORD}”, page 1 of 2`)
    const page1 = cardsUnder(first.facts.headings)
    expect(page1).toHaveLength(12)
    const next = first.facts.links.find((l) => l.text.includes('Next'))
    expect(hrefOf(next)).toBe(`/search?q=${WORD}&type=report&page=2`)
    const back = first.facts.links.find((l) => l.text === `All results for “${WORD}”`)
    expect(hrefOf(back)).toBe(`/search?q=${WORD}`)

    const second = await search(`/search?q=${WORD}&type=report&page=2`)
    expect(second.page.path).toBe(`/search?q=${WORD}&type=report&page=2`)
    const page2 = cardsUnder(second.facts.headings)
    expect(page2).toHaveLength(REPORTS - 12)
    expect(page2.filter((t) => page1.includes(t))).toEqual([])
  })

  it('answers 404 past the last page or for a page that is not a number', async () => {
    expect((await built(`/search?q=${WORD}&type=report&page=3`, 'drafts')).status).toBe(404)
    expect((await built(`/search?q=${WORD}&type=news&page=two`, 'drafts')).status).toBe(404)
  })

  it('says so when a kind has no match, with a link to the other kinds', async () => {
    const { page, facts } = await search(`/search?q=${WORD}&type=course`)
    expect(page.status).toBe(200)
    expect(facts.text).toContain(`No courses match “${WORD}”`)
    expect(facts.links.some((l) => hrefOf(l) === `/search?q=${WORD}`)).toBe(true)
  })

  it('keeps the chosen kind selected in the form', async () => {
    const { page } = await search(`/search?q=${WORD}&type=news`)
    expect(page.body).toMatch(/<option value="news" selected/)
  })
})
