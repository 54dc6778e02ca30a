// Text as the search index sees it. Words are folded the same way when a document is indexed and
// when a visitor searches: lower case, compatibility forms unified (NFKD: 'ﬁ' → 'fi', '²' → '2'),
// combining marks removed ('protecția' → 'protectia', 'Việt' → 'viet'), and the few Latin letters
// that carry their mark inside the letter itself mapped by hand ('đ' → 'd'). Anything that is not
// a letter or a digit (punctuation, emoji, symbols) separates words and is never a word.

// Letters NFKD leaves whole: a stroke or slash is part of the letter, not a combining mark.
const WHOLE: Record<string, string> = {
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ı: 'i',
  ł: 'l',
  ø: 'o',
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  þ: 'th',
  ŧ: 't',
}
const WHOLE_RE = new RegExp(`[${Object.keys(WHOLE).join('')}]`, 'g')
const WORD = /[\p{L}\p{N}]+/gu

/** Lower case, no accents, one space between words; nothing but letters and digits kept. */
export function foldText(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(WHOLE_RE, (c) => WHOLE[c] ?? c)
      .match(WORD)
      ?.join(' ') ?? ''
  )
}

/** At most this many of a visitor's words are used. */
const MAX_TERMS = 6
/** A longer word is cut: no real word is this long, and the index's tokens are bounded too. */
const MAX_TERM_LENGTH = 40

/** A visitor's words, folded: 'Protecția  copilului!' → ['protectia', 'copilului']. */
export function searchTerms(q: string): string[] {
  const words = foldText(q).split(' ').filter(Boolean)
  return [...new Set(words.map((w) => w.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_TERMS)
}

/**
 * The FTS5 query for folded words: every word must be present (each quoted, so nothing a visitor
 * types is query syntax; the index's stemmer takes English endings off both sides, so `course`
 * finds `courses`), and every facet token must be present (a kind, a topic or an organisation the
 * visitor filtered on). Whole words only: a prefix (`"child"*`) makes FTS5 merge the match lists
 * of every word that starts with it before it returns the first match, work that grows with the
 * dataset.
 */
export function matchExpression(terms: string[], facets: string[] = []): string {
  const words = terms.map((t) => `"${t.replace(/"/g, '')}"`)
  return [...words, ...facets.map((f) => `facets : "${f}"`)].join(' AND ')
}

const hex = (value: string) =>
  [...new TextEncoder().encode(value)].map((b) => b.toString(16).padStart(2, '0')).join('')

// Facet tokens are letters and hex digits only, so the tokenizer keeps each one whole.
export const kindFacet = (kind: string) => `k${hex(kind)}`
export const topicFacet = (topic: string) => `t${hex(topic)}`
export const orgFacet = (orgId: string) => `o${hex(orgId)}`
