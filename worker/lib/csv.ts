// CSV for spreadsheet users: RFC 4180 quoting, CRLF line ends, a UTF-8 BOM so Excel reads names
// with accents correctly, and formula injection neutralised (a registrant called "=HYPERLINK(...)"
// must never become a live formula on a staff member's machine).

export type CsvCell = string | number | boolean | null | undefined

// Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (tab and CR
// too: some importers strip them and then see the next character).
const FORMULA_START = /^[=+\-@\t\r]/

function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  // Numbers we produce ourselves are safe, but a negative number would be read as "-" + formula
  // under the rule above; keep them numeric by never prefixing non-strings.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return quote(neutraliseCell(value))
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** A safe file name for Content-Disposition (ASCII only, no quotes or path separators). */
export function csvFileName(...parts: string[]): string {
  const base = parts
    .join('-')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
  return `${base || 'export'}.csv`
}

export function csvResponse(body: string, fileName: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
