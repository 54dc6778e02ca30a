import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { encodeWinAnsi, OnePagePdf, textWidth } from '../../../worker/lib/pdf'

describe('one-page PDF', () => {
  const pdf = new OnePagePdf(595.28, 841.89)
  pdf.strokeRect(28, 28, 539.28, 785.89, 3, [0.1, 0.3, 0.8])
  pdf.text(60, 700, 'Café (Ünïcode) \\ “quoted” – €5', 'bold', 20, [0, 0, 0])
  const bytes = pdf.save({
    title: 'Certificat: protecția copiilor 李',
    subject: 's',
    author: 'a',
    lang: 'ro',
  })
  const text = new TextDecoder().decode(bytes)

  it('opens in an independent reader with its size and a title in any script', async () => {
    const doc = await PDFDocument.load(bytes, { throwOnInvalidObject: true })
    expect(doc.getPageCount()).toBe(1)
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 })
    expect(doc.getTitle()).toBe('Certificat: protecția copiilor 李')
  })

  it('points every cross-reference entry at its object, as strict readers require', () => {
    const xref = text.lastIndexOf('\nxref\n') + 1
    const table = text.slice(xref)
    const offsets = [...table.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]))
    expect(offsets).toHaveLength(7)
    offsets.forEach((offset, i) =>
      expect(text.slice(offset)).toMatch(new RegExp(`^${i + 1} 0 obj\n`)),
    )
    expect(Number(text.match(/startxref\n(\d+)/)?.[1])).toBe(xref)
  })

  it('writes WinAnsi text as escaped ASCII: brackets, backslash and high bytes', () => {
    expect(text).toContain('(Caf\\351 \\(\\334n\\357code\\) \\\\ \\223quoted\\224 \\226 \\2005) Tj')
    expect(/^[\x00-\x7f]*$/.test(text)).toBe(true)
  })

  it('measures with the font metrics, after the same substitutions it draws', () => {
    expect(textWidth('Hello', 'regular', 10)).toBeCloseTo(22.78, 2)
    expect(textWidth('Nguyễn', 'bold', 10)).toBe(textWidth('Nguyen', 'bold', 10))
    expect(encodeWinAnsi('Đặng Łukasz')).toEqual(encodeWinAnsi('Dang Lukasz'))
    expect(encodeWinAnsi('Łodź 李 👍')).toEqual(encodeWinAnsi('Lodz ? ?'))
  })
})
