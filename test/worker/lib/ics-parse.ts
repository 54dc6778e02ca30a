// A small iCalendar reader for tests: unfolds lines and splits content lines into name,
// parameters and value, so assertions read like the properties a calendar client sees.
export type IcsLine = { name: string; params: Record<string, string>; value: string }

/** Unfolded content lines; throws when a line ending is not CRLF or a physical line is too long. */
export function icsLines(text: string): IcsLine[] {
  if (/[^\r]\n/.test(text) || !text.endsWith('\r\n'))
    throw new Error('iCalendar lines must end in CRLF')
  const encoder = new TextEncoder()
  for (const physical of text.split('\r\n')) {
    if (encoder.encode(physical).length > 75)
      throw new Error(`line longer than 75 octets: ${physical}`)
  }
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => {
      const colon = l.indexOf(':')
      const head = l.slice(0, colon).split(';')
      const params: Record<string, string> = {}
      for (const p of head.slice(1)) {
        const [k = '', v = ''] = p.split('=')
        params[k] = v
      }
      return { name: head[0] ?? '', params, value: l.slice(colon + 1) }
    })
}

/** The properties of each component named `name` (e.g. every VEVENT), in order. */
export function components(lines: IcsLine[], name: string): IcsLine[][] {
  const out: IcsLine[][] = []
  let current: IcsLine[] | null = null
  for (const l of lines) {
    if (l.name === 'BEGIN' && l.value === name) current = []
    else if (l.name === 'END' && l.value === name && current) {
      out.push(current)
      current = null
    } else current?.push(l)
  }
  return out
}

export function prop(component: IcsLine[], name: string): IcsLine | undefined {
  return component.find((l) => l.name === name)
}

/** Reverses RFC 5545 TEXT escaping. */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
}
