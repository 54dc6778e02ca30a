// A one-page PDF of text and rectangles in the standard Helvetica fonts, which every PDF reader
// carries, so nothing is embedded. Ours rather than pdf-lib: that library is unmaintained since
// 2021 and was a megabyte of the Worker's bundle (with pako and its font tables) for one page.
// The standard fonts draw WinAnsi (Western European) text only: other characters become their
// plain letters ("Đặng Łukasz" → "Dang Lukasz") or '?'.

export type PdfFont = 'regular' | 'bold'
export type Rgb = readonly [red: number, green: number, blue: number]

export interface PdfInfo {
  title: string
  subject: string
  author: string
  lang: string
}

const BASE_FONT: Record<PdfFont, string> = { regular: 'Helvetica', bold: 'Helvetica-Bold' }
const FONT_KEY: Record<PdfFont, string> = { regular: 'F1', bold: 'F2' }

// Adobe's published advance widths (per 1,000 units of size) for WinAnsi codes 32 to 255; 0 where
// the encoding has no character.
const WIDTHS: Record<PdfFont, readonly number[]> = {
  regular: widthTable(
    '278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584 0 556 0 222 556 333 1000 556 556 333 1000 667 333 1000 0 611 0 0 222 222 333 333 350 556 1000 333 1000 500 333 944 0 500 500 278 333 556 556 556 556 260 556 333 737 370 556 584 333 737 333 400 584 333 333 333 556 537 278 333 333 365 556 834 834 834 611 667 667 667 667 667 667 1000 722 667 667 667 667 278 278 278 278 722 722 778 778 778 778 778 584 778 722 722 722 722 667 667 611 556 556 556 556 556 556 889 500 556 556 556 556 278 278 278 278 556 556 556 556 556 556 556 584 611 556 556 556 556 500 556 500',
  ),
  bold: widthTable(
    '278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 556 556 500 389 280 389 584 0 556 0 278 556 500 1000 556 556 333 1000 667 333 1000 0 611 0 0 278 278 500 500 350 556 1000 333 1000 556 333 944 0 500 556 278 333 556 556 556 556 280 556 333 737 370 556 584 333 737 333 400 584 333 333 333 611 556 278 333 333 365 556 834 834 834 611 722 722 722 722 722 722 1000 722 667 667 667 667 278 278 278 278 722 722 778 778 778 778 778 584 778 722 722 722 722 667 667 611 556 556 556 556 556 556 889 556 556 556 556 556 278 278 278 278 611 611 611 611 611 611 611 584 611 611 611 611 611 556 611 556',
  ),
}

function widthTable(spaced: string): number[] {
  return [...Array<number>(32).fill(0), ...spaced.split(' ').map(Number)]
}

// WinAnsi codes 128-159 that are not the Unicode code point of the same number.
const WIN_ANSI_HIGH = new Map<number, number>([
  [0x20ac, 128], [0x201a, 130], [0x0192, 131], [0x201e, 132], [0x2026, 133], [0x2020, 134],
  [0x2021, 135], [0x02c6, 136], [0x2030, 137], [0x0160, 138], [0x2039, 139], [0x0152, 140],
  [0x017d, 142], [0x2018, 145], [0x2019, 146], [0x201c, 147], [0x201d, 148], [0x2022, 149],
  [0x2013, 150], [0x2014, 151], [0x02dc, 152], [0x2122, 153], [0x0161, 154], [0x203a, 155],
  [0x0153, 156], [0x017e, 158], [0x0178, 159],
]) // prettier-ignore

// Letters that Unicode does not decompose into a plain letter and an accent.
const PLAIN_LETTER = new Map(
  Object.entries({ Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't' }),
)

function winAnsiCode(codePoint: number): number | undefined {
  if ((codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff)) {
    return codePoint
  }
  return WIN_ANSI_HIGH.get(codePoint)
}

/** The WinAnsi codes that draw `text`: accents the fonts lack are dropped, anything else is '?'. */
export function encodeWinAnsi(text: string): number[] {
  const codes: number[] = []
  for (const ch of text) {
    const code = winAnsiCode(ch.codePointAt(0) ?? 0x3f)
    if (code !== undefined) {
      codes.push(code)
      continue
    }
    const letter = PLAIN_LETTER.get(ch) ?? ch
    const plain = [...letter.normalize('NFKD').replace(/\p{M}/gu, '')].map((c) =>
      winAnsiCode(c.codePointAt(0) ?? 0x3f),
    )
    const drawable = plain.length > 0 && plain.every((c) => c !== undefined)
    codes.push(...(drawable ? plain.filter((c) => c !== undefined) : [0x3f]))
  }
  return codes
}

export function textWidth(text: string, font: PdfFont, size: number): number {
  const widths = WIDTHS[font]
  const units = encodeWinAnsi(text).reduce((sum, code) => sum + (widths[code] ?? 0), 0)
  return (units * size) / 1000
}

// A string literal of WinAnsi bytes, kept ASCII so the file stays readable and byte-counted.
function literal(codes: number[]): string {
  let out = '('
  for (const code of codes) {
    if (code === 0x28 || code === 0x29 || code === 0x5c) out += `\\${String.fromCharCode(code)}`
    else if (code < 0x20 || code > 0x7e) out += `\\${code.toString(8).padStart(3, '0')}`
    else out += String.fromCharCode(code)
  }
  return `${out})`
}

// Document information in UTF-16, so a title in any script is kept as written.
function utf16(text: string): string {
  let hex = 'FEFF'
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0')
  return `<${hex}>`
}

const num = (n: number): string => String(Math.round(n * 100) / 100)
const colour = (c: Rgb): string => c.map(num).join(' ')

export class OnePagePdf {
  private readonly ops: string[] = []

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  strokeRect(x: number, y: number, width: number, height: number, lineWidth: number, c: Rgb) {
    this.ops.push(
      `q ${colour(c)} RG ${num(lineWidth)} w ${[x, y, width, height].map(num).join(' ')} re S Q`,
    )
  }

  text(x: number, y: number, text: string, font: PdfFont, size: number, c: Rgb) {
    const codes = literal(encodeWinAnsi(text))
    this.ops.push(
      `BT /${FONT_KEY[font]} ${num(size)} Tf ${colour(c)} rg ${num(x)} ${num(y)} Td ${codes} Tj ET`,
    )
  }

  save(info: PdfInfo): Uint8Array {
    const content = this.ops.join('\n')
    const font = (f: PdfFont) =>
      `<< /Type /Font /Subtype /Type1 /BaseFont /${BASE_FONT[f]} /Encoding /WinAnsiEncoding >>`
    const objects = [
      `<< /Type /Catalog /Pages 2 0 R /Lang ${utf16(info.lang)} /ViewerPreferences << /DisplayDocTitle true >> >>`,
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(this.width)} ${num(this.height)}] ` +
        '/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
      font('regular'),
      font('bold'),
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      `<< /Title ${utf16(info.title)} /Subject ${utf16(info.subject)} /Author ${utf16(info.author)} >>`,
    ]
    // Every character written is ASCII, so string offsets are byte offsets for the xref table.
    let body = '%PDF-1.7\n'
    const offsets: number[] = []
    objects.forEach((object, i) => {
      offsets.push(body.length)
      body += `${i + 1} 0 obj\n${object}\nendobj\n`
    })
    const xref = body.length
    body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
    for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`
    body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xref}\n%%EOF\n`
    return new TextEncoder().encode(body)
  }
}
