// The CSV writer on its own: RFC 4180 quoting and the formula guard for every trigger character.
import { describe, expect, it } from 'vitest'
import { csvCell, csvFileName, toCsv } from '../../../worker/lib/csv'

describe('csvCell', () => {
  it('neutralises cells that spreadsheets would run as formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+44 20 7946 0000')).toBe("'+44 20 7946 0000")
    expect(csvCell('-10')).toBe("'-10")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\t=cmd')).toBe("'\t=cmd")
    expect(csvCell('\r=cmd')).toBe(`"'\r=cmd"`)
    expect(csvCell('=HYPERLINK("https://evil.example","Click")')).toBe(
      `"'=HYPERLINK(""https://evil.example"",""Click"")"`,
    )
  })

  it('quotes commas, quotes and line breaks, and leaves plain text and numbers alone', () => {
    expect(csvCell('Smith, Jo')).toBe('"Smith, Jo"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('Zoë Ødegaard')).toBe('Zoë Ødegaard')
    expect(csvCell(-3)).toBe('-3')
    expect(csvCell(null)).toBe('')
  })
})

describe('toCsv', () => {
  it('starts with a BOM and ends every record with CRLF', () => {
    expect(toCsv(['A', 'B'], [['1', null]])).toBe('\uFEFFA,B\r\n1,\r\n')
  })

  it('makes safe attachment names', () => {
    expect(csvFileName('nrm/../"x"', 'session 1')).toBe('nrm-.-x-session-1.csv')
  })
})
