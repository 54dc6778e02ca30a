// Portable Text → HTML that is safe to put in a page: text is escaped by @portabletext/to-html,
// links keep only http(s)/mailto/tel/site-relative hrefs (anything else renders as plain text),
// no inline styles (the CSP forbids them), unknown types are dropped, and headings start at h2
// because the page's title is its only h1. Malformed blocks are removed before rendering.
import { escapeHTML, toHTML, type PortableTextComponents } from '@portabletext/to-html'
import { image as imageSchema } from '../content/fields'
import { imageUrls } from './image'
import { isSafeHref } from '../lib/urls'

type Obj = Record<string, unknown> & { _type: string }
type Loose = Record<string, unknown>
const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v)
const attr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Keeps well-formed blocks and spans; returns what to-html can render without throwing. */
function sanitizeBlocks(value: unknown): Obj[] {
  if (!Array.isArray(value)) return []
  const out: Obj[] = []
  for (const node of value) {
    if (!isObj(node) || typeof node._type !== 'string') continue
    const type = node._type
    if (type !== 'block') {
      out.push({ ...node, _type: type })
      continue
    }
    if (!Array.isArray(node.children)) continue
    const children = node.children.flatMap((child: unknown) => {
      if (!isObj(child) || typeof child._type !== 'string') return []
      if (child._type !== 'span') return [child]
      if (typeof child.text !== 'string') return []
      const marks = Array.isArray(child.marks)
        ? child.marks.filter((m) => typeof m === 'string')
        : []
      return [{ ...child, marks }]
    })
    const markDefs = Array.isArray(node.markDefs)
      ? node.markDefs.filter(
          (d: unknown) => isObj(d) && typeof d._key === 'string' && typeof d._type === 'string',
        )
      : []
    const block: Obj = { ...node, _type: type, children, markDefs }
    if (typeof node.style !== 'string') block.style = 'normal'
    if (node.listItem !== undefined && node.listItem !== 'bullet' && node.listItem !== 'number') {
      delete block.listItem
    }
    if (typeof node.level !== 'number' || node.level < 1 || node.level > 6) delete block.level
    out.push(block)
  }
  return out
}

function components(env: Env): PortableTextComponents {
  const heading =
    (tag: string) =>
    ({ children }: { children?: string }) =>
      `<${tag}>${children ?? ''}</${tag}>`
  return {
    block: {
      normal: ({ children }) => (children ? `<p>${children}</p>` : ''),
      h1: heading('h2'),
      h2: heading('h2'),
      h3: heading('h3'),
      h4: heading('h4'),
      h5: heading('h4'),
      h6: heading('h4'),
      blockquote: ({ children }) => `<blockquote><p>${children ?? ''}</p></blockquote>`,
    },
    marks: {
      link: ({ children, value }) => {
        const href: unknown = isObj(value) ? value.href : undefined
        if (typeof href !== 'string' || !isSafeHref(href)) return children
        const external = /^https?:/i.test(href.trim())
        return `<a href="${attr(href.trim())}"${external ? ' rel="noopener"' : ''}>${children}</a>`
      },
      underline: ({ children }) => `<u>${children}</u>`,
    },
    types: {
      image: ({ value }) => {
        const parsed = imageSchema.safeParse(value)
        if (!parsed.success) return ''
        const urls = imageUrls(env, parsed.data, { maxWidth: 1280 })
        const caption: unknown = isObj(value) ? value.caption : undefined
        return (
          `<figure class="prose-figure"><img src="${attr(urls.src)}" srcset="${attr(urls.srcset)}" ` +
          `sizes="(min-width: 48rem) 42rem, 100vw" width="${urls.width}" height="${urls.height}" ` +
          `alt="${attr(parsed.data.alt)}" loading="lazy" decoding="async">` +
          (typeof caption === 'string' && caption.trim()
            ? `<figcaption>${escapeHTML(caption)}</figcaption>`
            : '') +
          `</figure>`
        )
      },
    },
    unknownType: () => '',
    unknownMark: ({ children }) => children,
    unknownBlockStyle: ({ children }) => (children ? `<p>${children}</p>` : ''),
    hardBreak: () => '<br>',
  }
}

/** HTML for a Portable Text field; '' when there is nothing (or nothing renderable). */
export function portableTextToHtml(env: Env, value: unknown): string {
  const blocks = sanitizeBlocks(value)
  if (blocks.length === 0) return ''
  try {
    return toHTML(blocks, { components: components(env), onMissingComponent: false })
  } catch {
    // A shape the sanitizer did not foresee: better no body than a failed page.
    return ''
  }
}

/** Plain text of the first blocks, for meta descriptions when a document has no summary. */
export function portableTextToPlain(value: unknown, maxLength = 200): string {
  const text = sanitizeBlocks(value)
    .filter((b) => b._type === 'block')
    .map((b) =>
      (b.children as Loose[]).map((c) => (typeof c.text === 'string' ? c.text : '')).join(''),
    )
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text
}

/** Plain text of the first block when it is a paragraph (not a heading, list or image); '' otherwise. */
export function firstParagraphText(value: unknown): string {
  const first = sanitizeBlocks(value)[0]
  if (!first || first._type !== 'block' || first.style !== 'normal' || first.listItem) return ''
  return (first.children as Loose[])
    .map((c) => (typeof c.text === 'string' ? c.text : ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}
