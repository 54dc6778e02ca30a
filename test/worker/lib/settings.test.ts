// Whole-number settings (worker/lib/settings.ts): what a mistyped or missing [vars] value becomes.
import { describe, expect, it } from 'vitest'
import { wholeNumber } from '../../../worker/lib/settings'

describe('wholeNumber', () => {
  const read = (raw: string | undefined) => wholeNumber(raw, { min: 0, max: 60, fallback: 5 })

  it('takes a whole number in range, spaces around it allowed', () => {
    expect(read('0')).toBe(0)
    expect(read('60')).toBe(60)
    expect(read(' 12 ')).toBe(12)
  })

  it('falls back when the value is missing, not a whole number, or out of range', () => {
    for (const raw of [undefined, '', 'ten', '3.5', '-1', '61', '1e2', '0x10', '12 days']) {
      expect(read(raw), String(raw)).toBe(5)
    }
  })
})
