// Random words and Portable Text for the bench's generated content: English charity vocabulary,
// Romanian, Vietnamese and Arabic phrases, emoji, and bodies with the schema's styles, lists,
// marks and links, all from a seeded PRNG so that a dataset can be generated again exactly.

/** mulberry32: tiny, fast and good enough to pick words and dates reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = (
  'children trafficking exploitation safeguarding guardianship referral practitioners ' +
  'statutory duties identification support recovery migrant care county lines criminal ' +
  'labour online abuse partnership evidence research training frontline local authority ' +
  'police health education border international protection rights advocacy services'
).split(' ')

/** Real phrases with diacritics and other scripts: what search and rendering must cope with. */
const FOREIGN = {
  ro: (
    'protecția copilului|traficul de persoane|exploatare prin muncă|îngrijire și siguranță|' +
    'victimele traficului|București|Iași|Timișoara|Constanța|asistență socială|școală|' +
    'drepturile copiilor|prevenție și intervenție'
  ).split('|'),
  vi: (
    'bảo vệ trẻ em|buôn bán người|Việt Nam|Hà Nội|Thành phố Hồ Chí Minh|lao động cưỡng bức|' +
    'nạn nhân|hỗ trợ pháp lý|giáo dục|phòng chống bóc lột|Đà Nẵng|quyền trẻ em'
  ).split('|'),
  ar: (
    'حماية الطفل|الاتجار بالبشر|الاستغلال|العمل القسري|دبي|القاهرة|عمّان|الضحايا|' +
    'الدعم القانوني|حقوق الطفل|الوقاية والتدخل'
  ).split('|'),
} as const
const EMOJI = ['🛡️', '👧🏽', '🧒🏿', '🇷🇴', '🇻🇳', '🇬🇧', '❤️', '📚', '🤝', '⚠️', '🏳️‍🌈', '👨‍👩‍👧']

export type Rand = () => number
export type Lang = 'en' | keyof typeof FOREIGN

export const pick = <T>(rand: Rand, list: readonly T[]): T =>
  list[Math.floor(rand() * list.length)] as T
export const some = <T>(rand: Rand, list: readonly T[], n: number): T[] => {
  const out = new Set<T>()
  while (out.size < Math.min(n, list.length)) out.add(pick(rand, list))
  return [...out]
}
export const between = (rand: Rand, lo: number, hi: number) =>
  lo + Math.floor(rand() * (hi - lo + 1))

/** English with about one in four documents in another language, sometimes with emoji. */
export function language(rand: Rand): Lang {
  const r = rand()
  return r < 0.75 ? 'en' : r < 0.85 ? 'ro' : r < 0.93 ? 'vi' : 'ar'
}

export function sentence(rand: Rand, words: number, lang: Lang = 'en'): string {
  const list: readonly string[] = lang === 'en' ? WORDS : FOREIGN[lang]
  const parts = Array.from({ length: lang === 'en' ? words : Math.max(2, words / 3) }, () =>
    pick(rand, list),
  )
  if (rand() < 0.15) parts.splice(between(rand, 0, parts.length), 0, pick(rand, EMOJI))
  const text = parts.join(' ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}
export const phrase = (rand: Rand, words: number, lang: Lang) =>
  sentence(rand, words, lang).slice(0, -1)
export const key = (rand: Rand): string =>
  Math.floor(rand() * 2 ** 48)
    .toString(16)
    .padStart(12, '0')

/** Portable Text with the schema's styles, lists, marks and links. */
export function body(rand: Rand, blocks: number, lang: Lang): unknown[] {
  return Array.from({ length: blocks }, (_, i) => {
    const r = rand()
    const style = i % 25 === 0 ? 'h2' : i % 25 === 12 ? 'h3' : r < 0.05 ? 'blockquote' : 'normal'
    const list = style === 'normal' && r > 0.8 ? (r > 0.9 ? 'bullet' : 'number') : undefined
    const link = rand() < 0.2 ? key(rand) : null
    const words = style === 'normal' ? between(rand, 12, 60) : between(rand, 3, 8)
    const children = [
      { _type: 'span', _key: key(rand), text: sentence(rand, words, lang), marks: [] },
      ...(link
        ? [{ _type: 'span', _key: key(rand), text: ' more on this', marks: [link, 'strong'] }]
        : []),
    ]
    return {
      _type: 'block',
      _key: key(rand),
      style,
      ...(list ? { listItem: list, level: 1 } : {}),
      markDefs: link ? [{ _type: 'link', _key: link, href: '/courses' }] : [],
      children,
    }
  })
}

/** Most bodies are a few blocks; about one in a hundred is a 200-block report-length page. */
export const bodyLength = (rand: Rand) => (rand() < 0.01 ? 200 : between(rand, 3, 8))

export const ref = (rand: Rand, id: string) => ({ _type: 'reference', _ref: id, _key: key(rand) })
/** A weak reference to a document that was deleted: the site must skip it, never fail. */
export const deletedRef = (rand: Rand) => ({
  _type: 'reference',
  _ref: `organisation.deleted-${key(rand)}`,
  _key: key(rand),
  _weak: true,
})
