// The certificate as a one-page A4 PDF. The standard fonts draw Western European text only, so a
// name in another script is written as its closest plain letters (see lib/pdf); the HTML
// certificate always shows the name exactly as registered.
import { OnePagePdf, textWidth, type PdfFont, type Rgb } from '../lib/pdf'
import type { CertificateFacts } from './certificate-facts'

const A4 = { width: 595.28, height: 841.89 }
const INK: Rgb = [0.07, 0.07, 0.07]
const MUTED: Rgb = [0.3, 0.3, 0.3]

export function certificatePdf(facts: CertificateFacts): Uint8Array {
  const { width, height } = A4
  const pdf = new OnePagePdf(width, height)
  pdf.strokeRect(28, 28, width - 56, height - 56, 3, [0.11, 0.31, 0.85])
  let y = height - 140
  const centred = (text: string, font: PdfFont, size: number, colour = INK) => {
    // Long course titles shrink to fit the page width rather than run off it.
    let s = size
    while (s > 9 && textWidth(text, font, s) > width - 120) s -= 1
    pdf.text((width - textWidth(text, font, s)) / 2, y, text, font, s, colour)
    y -= s * 1.9
  }
  centred('Certificate of attendance', 'bold', 30)
  y -= 20
  centred('This is to certify that', 'regular', 14, MUTED)
  centred(facts.name, 'bold', 26)
  centred('attended', 'regular', 14, MUTED)
  centred(facts.courseTitle, 'bold', 18)
  y -= 10
  centred(facts.when, 'regular', 13)
  if (facts.cpdHours !== null) centred(`CPD hours: ${facts.cpdHours}`, 'regular', 13)
  centred(`Provided by ${facts.provider}`, 'regular', 13)
  y = 150
  centred(`Verification code: ${facts.code}`, 'bold', 12)
  centred(`Check it at ${facts.verifyUrl}`, 'regular', 10, MUTED)
  if (facts.withdrawn) {
    y = height / 2 + 40
    centred('WITHDRAWN: this certificate is no longer valid', 'bold', 16, [0.7, 0, 0])
  }
  return pdf.save({
    title: `Certificate of attendance: ${facts.courseTitle}`,
    subject: `Certificate of attendance, verification code ${facts.code}`,
    author: facts.provider,
    lang: 'en-GB',
  })
}
