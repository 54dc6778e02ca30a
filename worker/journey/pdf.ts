// The certificate as a one-page A4 PDF, drawn with pdf-lib (pure JavaScript, runs in Workers).
// It uses the standard Helvetica fonts, which cover Western European text (WinAnsi); any other
// character a name may hold is written as its closest plain letter, or '?' when it has none.
// The HTML certificate always shows the name exactly as registered.
import { PDFDocument, rgb, StandardFonts, type PDFFont } from 'pdf-lib'
import type { CertificateFacts } from './certificate-facts'

const A4: [number, number] = [595.28, 841.89]

function encodable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet())
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63
    if (supported.has(code)) {
      out += ch
      continue
    }
    // "Łukasz" → "Lukasz", "Nguyễn" → "Nguyen": drop accents the font cannot draw.
    const plain = ch.normalize('NFKD').replace(/\p{M}/gu, '')
    out += [...plain].every((c) => supported.has(c.codePointAt(0) ?? 63)) && plain ? plain : '?'
  }
  return out
}

export async function certificatePdf(facts: CertificateFacts): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.setTitle(`Certificate of attendance: ${facts.courseTitle}`)
  doc.setSubject(`Certificate of attendance, verification code ${facts.code}`)
  doc.setAuthor(facts.provider)
  doc.setLanguage('en-GB')
  const page = doc.addPage(A4)
  const regular = await doc.embedFont(StandardFonts.Helvetica)
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  const [width, height] = A4
  const ink = rgb(0.07, 0.07, 0.07)
  const muted = rgb(0.3, 0.3, 0.3)
  page.drawRectangle({
    x: 28,
    y: 28,
    width: width - 56,
    height: height - 56,
    borderColor: rgb(0.11, 0.31, 0.85),
    borderWidth: 3,
  })
  let y = height - 140
  const centred = (text: string, font: PDFFont, size: number, color = ink) => {
    const safe = encodable(font, text)
    // Long course titles shrink to fit the page width rather than run off it.
    let s = size
    while (s > 9 && font.widthOfTextAtSize(safe, s) > width - 120) s -= 1
    page.drawText(safe, {
      x: (width - font.widthOfTextAtSize(safe, s)) / 2,
      y,
      size: s,
      font,
      color,
    })
    y -= s * 1.9
  }
  centred('Certificate of attendance', bold, 30)
  y -= 20
  centred('This is to certify that', regular, 14, muted)
  centred(facts.name, bold, 26)
  centred('attended', regular, 14, muted)
  centred(facts.courseTitle, bold, 18)
  y -= 10
  centred(facts.when, regular, 13)
  if (facts.cpdHours !== null) centred(`CPD hours: ${facts.cpdHours}`, regular, 13)
  centred(`Provided by ${facts.provider}`, regular, 13)
  y = 150
  centred(`Verification code: ${facts.code}`, bold, 12)
  centred(`Check it at ${facts.verifyUrl}`, regular, 10, muted)
  if (facts.withdrawn) {
    y = height / 2 + 40
    centred('WITHDRAWN: this certificate is no longer valid', bold, 16, rgb(0.7, 0, 0))
  }
  return doc.save()
}
