// `npm start` runs the worker's crons on their schedules: the cron matcher, the scheduler that
// fires each cron at the UTC minutes it matches, and the crons read from wrangler.toml.
import fc from 'fast-check'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseCron, readCrons, scheduleCrons, type Cron } from '../../../studio/scripts/crons'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const at = (iso: string) => new Date(iso)

describe('cron matcher', () => {
  it.each([
    ['*/10 * * * *', '2027-03-01T10:20:00Z', true],
    ['*/10 * * * *', '2027-03-01T10:25:00Z', false],
    ['15 3 * * *', '2027-03-01T03:15:00Z', true],
    ['15 3 * * *', '2027-03-01T04:15:00Z', false],
    ['0 9-17/4 * * MON-FRI', '2027-03-01T13:00:00Z', true], // a Monday
    ['0 9-17/4 * * MON-FRI', '2027-03-06T13:00:00Z', false], // a Saturday
    ['0 0 * * 7', '2027-03-07T00:00:00Z', true], // 7 is Sunday
    ['0 0 1 JAN,jul *', '2027-07-01T00:00:00Z', true],
    ['0 0 1 JAN,jul *', '2027-08-01T00:00:00Z', false],
    ['5/20 * * * *', '2027-03-01T00:45:00Z', true],
    ['5/20 * * * *', '2027-03-01T00:40:00Z', false],
    // Both day fields restricted: either is enough (the 13th, or any Friday).
    ['0 0 13 * FRI', '2027-03-13T00:00:00Z', true],
    ['0 0 13 * FRI', '2027-03-05T00:00:00Z', true],
    ['0 0 13 * FRI', '2027-03-06T00:00:00Z', false],
  ])('%s at %s: %s', (expression, iso, expected) => {
    expect(parseCron(expression).matches(at(iso))).toBe(expected)
  })

  it('reads the hour in UTC, as Cron Triggers do', () => {
    // 03:15 UTC is 04:15 in London in summer.
    expect(parseCron('15 3 * * *').matches(at('2027-07-01T03:15:00+01:00'))).toBe(false)
    expect(parseCron('15 3 * * *').matches(at('2027-07-01T04:15:00+01:00'))).toBe(true)
  })

  it('a cron of fixed values matches exactly the minutes with those values', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: at('2000-01-01T00:00:00Z'),
          max: at('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 23 }),
        (date, m, h) => {
          const cron = parseCron(`${String(m)} ${String(h)} * * *`)
          const expected = date.getUTCMinutes() === m && date.getUTCHours() === h
          return cron.matches(date) === expected
        },
      ),
    )
  })

  it.each(['* * * *', '60 * * * *', '* 24 * * *', '*/0 * * * *', '5-1 * * * *', 'x * * * *'])(
    'refuses %s with a message naming it',
    (expression) => {
      expect(() => parseCron(expression)).toThrow(`Cron "${expression}"`)
    },
  )
})

describe('scheduler', () => {
  afterEach(() => vi.useRealTimers())

  it("fires each of wrangler.toml's crons at its minutes over a day, with that minute as the time", async () => {
    vi.useFakeTimers({ now: at('2027-03-01T00:00:30Z') })
    const crons = readCrons(join(ROOT, 'wrangler.toml'))
    expect(crons.map((c) => c.expression)).toEqual(['*/10 * * * *', '15 3 * * *'])
    const fired: { cron: string; time: string }[] = []
    const scheduler = scheduleCrons(crons, async (cron: Cron, time: Date) => {
      fired.push({ cron: cron.expression, time: time.toISOString() })
    })
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000)
    scheduler.stop()
    const tenMinutes = fired.filter((f) => f.cron === '*/10 * * * *')
    expect(tenMinutes).toHaveLength(144)
    expect(tenMinutes[0]?.time).toBe('2027-03-01T00:10:00.000Z')
    expect(tenMinutes.every((f) => Number(f.time.slice(14, 16)) % 10 === 0)).toBe(true)
    expect(fired.filter((f) => f.cron === '15 3 * * *')).toEqual([
      { cron: '15 3 * * *', time: '2027-03-01T03:15:00.000Z' },
    ])
  })

  it('fires nothing after stop()', async () => {
    vi.useFakeTimers({ now: at('2027-03-01T00:00:00Z') })
    const fire = vi.fn(async () => {})
    scheduleCrons([parseCron('* * * * *')], fire).stop()
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(fire).not.toHaveBeenCalled()
  })
})
