// A strict, tiny XML 1.0 parser for tests (no namespace processing, no DTDs): it throws on
// anything that would make a feed reader reject the document (unbalanced or crossed tags, bare
// '&' or '<', unknown entities, duplicate attributes, text outside the root) and returns a tree.
export type XmlElement = {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  text: string
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(raw: string, where: number): string {
  if (raw.includes('<')) throw new Error(`'<' in character data at ${where}`)
  return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare '&' at ${where}`)
    if (ref in ENTITIES) return ENTITIES[ref] ?? ''
    const hex = /^#x([0-9a-fA-F]+)$/.exec(ref)
    const dec = /^#([0-9]+)$/.exec(ref)
    const code = hex?.[1] ? parseInt(hex[1], 16) : dec?.[1] ? parseInt(dec[1], 10) : NaN
    if (Number.isNaN(code)) throw new Error(`unknown entity &${ref}; at ${where}`)
    return String.fromCodePoint(code)
  })
}

export function parseXml(source: string): XmlElement {
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(source)
  if (bad) throw new Error(`character not allowed in XML at ${bad.index}`)
  let i = 0
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i] ?? '')) i++
  }
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>')
    if (end < 0) throw new Error('unterminated XML declaration')
    i = end + 2
  }
  while (i < source.length) {
    const lt = source.indexOf('<', i)
    const textEnd = lt < 0 ? source.length : lt
    const raw = source.slice(i, textEnd)
    const current = stack[stack.length - 1]
    if (current) current.text += decode(raw, i)
    else if (raw.trim() !== '') throw new Error(`text outside the root element at ${i}`)
    if (lt < 0) break
    i = lt
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4)
      if (end < 0) throw new Error('unterminated comment')
      i = end + 3
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i)
      if (end < 0 || !current) throw new Error('bad CDATA section')
      current.text += source.slice(i + 9, end)
      i = end + 3
    } else if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i)
      if (end < 0) throw new Error('unterminated processing instruction')
      i = end + 2
    } else if (source.startsWith('</', i)) {
      const name = NAME.exec(source.slice(i + 2))?.[0]
      const open = stack.pop()
      if (!name || !open || open.name !== name) {
        throw new Error(
          `closing </${name ?? '?'}> does not match <${open?.name ?? 'nothing'}> at ${i}`,
        )
      }
      i += 2 + name.length
      skipSpace()
      if (source[i] !== '>') throw new Error(`malformed closing tag at ${i}`)
      i++
    } else {
      const name = NAME.exec(source.slice(i + 1))?.[0]
      if (!name) throw new Error(`malformed tag at ${i}`)
      if (!current && root) throw new Error(`second root element <${name}> at ${i}`)
      i += 1 + name.length
      const element: XmlElement = { name, attrs: {}, children: [], text: '' }
      for (;;) {
        const before = i
        skipSpace()
        if (source.startsWith('/>', i) || source[i] === '>') break
        if (i === before) throw new Error(`expected whitespace before attribute at ${i}`)
        const attr = NAME.exec(source.slice(i))?.[0]
        if (!attr) throw new Error(`malformed attribute at ${i}`)
        if (attr in element.attrs) throw new Error(`duplicate attribute ${attr} at ${i}`)
        i += attr.length
        skipSpace()
        if (source[i] !== '=') throw new Error(`attribute ${attr} without value at ${i}`)
        i++
        skipSpace()
        const quote = source[i]
        if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${attr} at ${i}`)
        const end = source.indexOf(quote, i + 1)
        if (end < 0) throw new Error(`unterminated attribute ${attr}`)
        element.attrs[attr] = decode(source.slice(i + 1, end), i)
        i = end + 1
      }
      if (current) current.children.push(element)
      else root = element
      if (source.startsWith('/>', i)) i += 2
      else {
        i++
        stack.push(element)
      }
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]?.name ?? ''}>`)
  if (!root) throw new Error('no root element')
  return root
}

/** Direct children named `name`. */
export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name)
}

/** Text of the first direct child named `name` (undefined when absent). */
export function childText(el: XmlElement, name: string): string | undefined {
  return children(el, name)[0]?.text
}
