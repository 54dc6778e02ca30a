// Session times are shown in the session's own timezone with its short name, on both sides of
// a clock change, the way people in that zone read them.
import { describe, expect, it } from 'vitest'
import { formatDate, formatDuration, formatSessionWhen } from '../../../worker/render/dates'

describe('formatSessionWhen', () => {
  it('shows a London summer session in BST', () => {
    expect(formatSessionWhen(new Date('2020-03-30T10:00:00Z'), 45, 'Europe/London')).toBe(
      'Monday 30 March 2020, 11:00–11:45 BST',
    )
  })

  it('shows a London winter session in GMT', () => {
    expect(formatSessionWhen(new Date('2020-03-27T14:00:00Z'), 60, 'Europe/London')).toBe(
      'Friday 27 March 2020, 14:00–15:00 GMT',
    )
  })

  it('names both zones when a session spans the clock change', () => {
    expect(formatSessionWhen(new Date('2020-03-29T00:30:00Z'), 60, 'Europe/London')).toBe(
      'Sunday 29 March 2020, 00:30 GMT – 02:30 BST',
    )
  })

  it('uses the session timezone, not London, when it has another one', () => {
    expect(formatSessionWhen(new Date('2015-09-08T08:00:00Z'), 90, 'Europe/Bucharest')).toBe(
      'Tuesday 8 September 2015, 11:00–12:30 EEST',
    )
  })

  it('handles sessions without a length and sessions over several days', () => {
    expect(formatSessionWhen(new Date('2027-01-05T09:30:00Z'), undefined, 'Europe/London')).toBe(
      'Tuesday 5 January 2027, 09:30 GMT',
    )
    expect(formatSessionWhen(new Date('2027-01-05T09:30:00Z'), 24 * 60 + 30, 'Europe/London')).toBe(
      'Tuesday 5 January 2027, 09:30 GMT to Wednesday 6 January 2027, 10:00 GMT',
    )
  })
})

describe('formatDate and formatDuration', () => {
  it('formats calendar dates without shifting them', () => {
    expect(formatDate('2020-06-04')).toBe('4 June 2020')
    expect(formatDate('2019-07-01T23:30:00Z')).toBe('1 July 2019')
  })

  it('says lengths in words', () => {
    expect(formatDuration(45)).toBe('45 minutes')
    expect(formatDuration(60)).toBe('1 hour')
    expect(formatDuration(360)).toBe('6 hours')
    expect(formatDuration(90)).toBe('1 hour 30 minutes')
    expect(formatDuration(2880)).toBe('2 days')
  })
})
