// iCalendar output as a calendar client reads it: local times on both sides of the UK clock
// changes, the Europe/London VTIMEZONE rules, escaping, folding and stable identities.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  calendar,
  escapeText,
  foldLine,
  sessionStatus,
  sessionUid,
  type IcsEvent,
} from '../../../worker/lib/ics'
import { components, icsLines, prop, unescapeText } from './ics-parse'

const base: IcsEvent = {
  uid: 'course.nrm-webinar-s1@safeguard.example',
  sequence: 0,
  start: new Date('2020-03-30T10:00:00Z'),
  durationMinutes: 90,
  timezone: 'Europe/London',
  summary: 'NRM referrals webinar',
  status: 'CONFIRMED',
}
const stamp = new Date('2024-01-02T03:04:05Z')

function only(event: IcsEvent, method?: 'PUBLISH' | 'REQUEST' | 'CANCEL') {
  const text = calendar({ events: [event], now: stamp, ...(method ? { method } : {}) })
  const lines = icsLines(text)
  const [vevent] = components(lines, 'VEVENT')
  if (!vevent) throw new Error('no VEVENT')
  return { text, lines, vevent }
}

describe('session times', () => {
  it('writes a BST session in London wall-clock time (10:00Z on 30 March 2020 is 11:00)', () => {
    const { vevent } = only(base)
    expect(prop(vevent, 'DTSTART')).toEqual({
      name: 'DTSTART',
      params: { TZID: 'Europe/London' },
      value: '20200330T110000',
    })
    expect(prop(vevent, 'DTEND')?.value).toBe('20200330T123000')
  })

  it('writes a September 2015 session at 09:00Z as 10:00 London time', () => {
    const { vevent } = only({ ...base, start: new Date('2015-09-09T09:00:00Z') })
    expect(prop(vevent, 'DTSTART')?.value).toBe('20150909T100000')
  })

  it('writes a January session in GMT (same as UTC)', () => {
    const { vevent } = only({ ...base, start: new Date('2021-01-14T10:00:00Z') })
    expect(prop(vevent, 'DTSTART')?.value).toBe('20210114T100000')
  })

  it('ends an overnight session on the far side of the spring-forward change', () => {
    // 00:30 GMT plus one hour of real time is 02:30 BST: the clocks skipped 01:00-02:00.
    const { vevent } = only({
      ...base,
      start: new Date('2020-03-29T00:30:00Z'),
      durationMinutes: 60,
    })
    expect(prop(vevent, 'DTSTART')?.value).toBe('20200329T003000')
    expect(prop(vevent, 'DTEND')?.value).toBe('20200329T023000')
  })

  it('describes Europe/London with last-Sunday rules at 01:00 UTC', () => {
    const { lines } = only(base)
    const [tz] = components(lines, 'VTIMEZONE')
    expect(tz && prop(tz, 'TZID')?.value).toBe('Europe/London')
    const [daylight] = components(lines, 'DAYLIGHT')
    const [standard] = components(lines, 'STANDARD')
    if (!daylight || !standard) throw new Error('missing observances')
    expect(prop(daylight, 'RRULE')?.value).toBe('FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU')
    expect(prop(daylight, 'TZOFFSETFROM')?.value).toBe('+0000')
    expect(prop(daylight, 'TZOFFSETTO')?.value).toBe('+0100')
    expect(prop(daylight, 'TZNAME')?.value).toBe('BST')
    // 01:00 UTC is 01:00 GMT in March and 02:00 BST in October (onsets use the old offset).
    expect(prop(daylight, 'DTSTART')?.value).toMatch(/^\d{4}03\d\dT010000$/)
    expect(prop(standard, 'RRULE')?.value).toBe('FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU')
    expect(prop(standard, 'TZOFFSETTO')?.value).toBe('+0000')
    expect(prop(standard, 'DTSTART')?.value).toMatch(/^\d{4}10\d\dT020000$/)
  })

  it('emits one VTIMEZONE per zone used, each before the events', () => {
    const text = calendar({
      now: stamp,
      events: [
        base,
        { ...base, uid: 'b', timezone: 'America/New_York' },
        { ...base, uid: 'c', start: new Date('2015-09-09T09:00:00Z') },
      ],
    })
    const lines = icsLines(text)
    expect(components(lines, 'VTIMEZONE').map((c) => prop(c, 'TZID')?.value)).toEqual([
      'America/New_York',
      'Europe/London',
    ])
    expect(text.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'))
    const ny = components(lines, 'VEVENT')[1]
    expect(ny && prop(ny, 'DTSTART')?.value).toBe('20200330T060000')
  })

  it('falls back to UTC times for an unknown zone instead of failing', () => {
    const { vevent, text } = only({ ...base, timezone: 'Mars/Olympus_Mons' })
    expect(prop(vevent, 'DTSTART')?.value).toBe('20200330T100000Z')
    expect(text).not.toContain('VTIMEZONE')
  })
})

describe('calendar structure', () => {
  it('has the calendar header, CRLF endings and the event properties', () => {
    const { lines, vevent, text } = only({
      ...base,
      description: 'Bring your questions',
      location: 'Online',
      url: 'https://safeguard.example/courses/nrm-webinar',
      organizer: { name: 'Training team', email: 'training@safeguard.example' },
    })
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true)
    const header = Object.fromEntries(lines.slice(1, 5).map((l) => [l.name, l.value]))
    expect(header).toMatchObject({ VERSION: '2.0', CALSCALE: 'GREGORIAN', METHOD: 'PUBLISH' })
    expect(header.PRODID).toBeTruthy()
    expect(prop(vevent, 'UID')?.value).toBe(base.uid)
    expect(prop(vevent, 'DTSTAMP')?.value).toBe('20240102T030405Z')
    expect(prop(vevent, 'SEQUENCE')?.value).toBe('0')
    expect(prop(vevent, 'STATUS')?.value).toBe('CONFIRMED')
    expect(prop(vevent, 'LOCATION')?.value).toBe('Online')
    expect(prop(vevent, 'URL')?.value).toBe('https://safeguard.example/courses/nrm-webinar')
    expect(prop(vevent, 'ORGANIZER')).toEqual({
      name: 'ORGANIZER',
      params: { CN: '"Training team"' },
      value: 'mailto:training@safeguard.example',
    })
  })

  it('marks every event cancelled in a CANCEL message and keeps REQUEST attendees', () => {
    expect(prop(only(base, 'CANCEL').vevent, 'STATUS')?.value).toBe('CANCELLED')
    const { vevent, lines } = only(
      { ...base, sequence: 3, attendees: [{ email: 'sam@example.org', name: 'Sam' }] },
      'REQUEST',
    )
    expect(lines.find((l) => l.name === 'METHOD')?.value).toBe('REQUEST')
    expect(prop(vevent, 'SEQUENCE')?.value).toBe('3')
    expect(prop(vevent, 'ATTENDEE')?.value).toBe('mailto:sam@example.org')
  })

  it('maps session statuses, postponed being tentative', () => {
    expect(sessionStatus('scheduled')).toBe('CONFIRMED')
    expect(sessionStatus('postponed')).toBe('TENTATIVE')
    expect(sessionStatus('cancelled')).toBe('CANCELLED')
    expect(sessionStatus(undefined)).toBe('CONFIRMED')
  })
})

describe('text', () => {
  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf')
    const summary = 'County lines; online, in person\\hybrid\nDay 2'
    const { vevent } = only({ ...base, summary })
    expect(unescapeText(prop(vevent, 'SUMMARY')?.value ?? '')).toBe(summary)
  })

  it('folds long lines at 75 octets without splitting multi-byte characters', () => {
    const description = `${'Exploitation and trafficking awareness. '.repeat(6)}Café — naïve “quotes” 🧒 ${'é'.repeat(80)}`
    const { text, vevent } = only({ ...base, description })
    // icsLines() already rejects physical lines over 75 octets; check folding really happened.
    expect(text).toMatch(/\r\n /)
    expect(unescapeText(prop(vevent, 'DESCRIPTION')?.value ?? '')).toBe(description)
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75))
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`)
    expect(foldLine('é'.repeat(40)).split('\r\n')[0]).toBe('é'.repeat(37))
  })

  it('folds any text (accents, Arabic, Vietnamese, emoji, lone surrogates) into whole characters of at most 75 octets', () => {
    const encoder = new TextEncoder()
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({
        unit: fc.constantFrom(...'aé ệ Việt Nam protecția حماية 🧒👩🏽‍🏫\ud800'.split('')),
        maxLength: 300,
      }),
    )
    fc.assert(
      fc.property(text, (line) => {
        const physical = foldLine(line).split('\r\n ')
        expect(physical.join('')).toBe(line)
        physical.forEach((part, i) => {
          expect(encoder.encode(part).length).toBeLessThanOrEqual(i === 0 ? 75 : 74)
          // No character is split: no part starts with the second half of a surrogate pair.
          if (i > 0)
            expect(
              /^[\udc00-\udfff]/.test(part) && /[\ud800-\udbff]$/.test(physical[i - 1] ?? ''),
            ).toBe(false)
        })
      }),
      { seed: 20261206, numRuns: 500 },
    )
  })
})

describe('identity', () => {
  it('derives the same UID for the same session whatever else changes', () => {
    const uid = sessionUid('course.nrm-webinar', 'k7f2', 'https://safeguard.example/')
    expect(uid).toBe('course.nrm-webinar-k7f2@safeguard.example')
    expect(sessionUid('course.nrm-webinar', 'k7f2', 'https://safeguard.example/x')).toBe(uid)
    expect(sessionUid('course.nrm-webinar', 'other', 'https://safeguard.example/')).not.toBe(uid)
  })

  it('is byte-identical across two builds given the same stamp', () => {
    const events = [{ ...base, stamp }]
    expect(calendar({ events })).toBe(calendar({ events }))
  })
})
