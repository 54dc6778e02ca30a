// Time-zone arithmetic for iCalendar: local wall-clock times of an instant and VTIMEZONE
// components derived from the runtime's own tz database (Intl), so any IANA zone an editor picks
// is described correctly without a bundled rules table.

export type LocalParts = {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

type Transition = { at: number; from: number; to: number; name: string }

const formatters = new Map<string, Intl.DateTimeFormat>()
const transitionCache = new Map<string, Transition[]>()
// A calendar names each zone its events use, and a subscription calendar is rebuilt with the same
// zones and years again and again: the finished lines are kept (a zone without changes asks Intl
// for its name twice, each with a new formatter). Bounded by zones × year ranges in use.
const vtimezoneCache = new Map<string, readonly string[]>()
const MINUTE = 60_000
const SCAN_STEP = 4 * 24 * 60 * MINUTE
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** Wall-clock time of `date` in `timeZone`. */
export function localParts(date: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  }
}

/** Offset from UTC in minutes (positive east of Greenwich) at the instant `ms`. */
function offsetMinutes(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000
  const p = localParts(new Date(whole), timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return Math.round((asUtc - whole) / MINUTE)
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** iCalendar local DATE-TIME (no zone suffix), e.g. 20200330T110000. */
export function formatLocal(p: LocalParts): string {
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`
}

/** iCalendar UTC DATE-TIME, e.g. 20200330T100000Z. */
export function formatUtc(date: Date): string {
  return `${formatLocal(utcParts(date.getTime()))}Z`
}

function utcParts(ms: number): LocalParts {
  const d = new Date(ms)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  }
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
}

/** The zone's abbreviation (BST, EDT); locales know different ones, so ask two before 'GMT+1'. */
function zoneName(ms: number, timeZone: string): string {
  const names = ['en-GB', 'en-US'].map(
    (locale) =>
      new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
        .formatToParts(new Date(ms))
        .find((p) => p.type === 'timeZoneName')?.value,
  )
  const abbreviation = names.find((n) => n && !/^(GMT|UTC)[+-]/.test(n))
  return abbreviation ?? names[0] ?? formatOffset(offsetMinutes(ms, timeZone))
}

/** Offset changes during one calendar year, found by scanning and then bisecting to the minute. */
function transitionsInYear(timeZone: string, year: number): Transition[] {
  const key = `${timeZone}|${year}`
  const cached = transitionCache.get(key)
  if (cached) return cached
  const end = Date.UTC(year + 1, 0, 1)
  const found: Transition[] = []
  let t = Date.UTC(year, 0, 1)
  let offset = offsetMinutes(t, timeZone)
  while (t < end) {
    const next = Math.min(t + SCAN_STEP, end)
    const nextOffset = offsetMinutes(next, timeZone)
    if (nextOffset !== offset) {
      let lo = t / MINUTE
      let hi = next / MINUTE
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2)
        if (offsetMinutes(mid * MINUTE, timeZone) === offset) lo = mid
        else hi = mid
      }
      const at = hi * MINUTE
      if (at < end) found.push({ at, from: offset, to: nextOffset, name: zoneName(at, timeZone) })
    }
    t = next
    offset = nextOffset
  }
  transitionCache.set(key, found)
  return found
}

/** An RRULE describing every onset in the group, or null when no simple yearly rule fits. */
function yearlyRule(onsets: LocalParts[]): string | null {
  const first = onsets[0]
  if (!first) return null
  const years = onsets.map((o) => o.year)
  if (years.some((y, i) => i > 0 && y !== (years[i - 1] ?? y) + 1)) return null
  const weekday = (o: LocalParts) => new Date(Date.UTC(o.year, o.month - 1, o.day)).getUTCDay()
  const sameClock = onsets.every(
    (o) => o.month === first.month && o.hour === first.hour && o.minute === first.minute,
  )
  if (!sameClock) return null
  const base = `FREQ=YEARLY;BYMONTH=${first.month}`
  if (onsets.every((o) => weekday(o) === weekday(first))) {
    const code = WEEKDAYS[weekday(first)] ?? 'SU'
    const daysIn = (o: LocalParts) => new Date(Date.UTC(o.year, o.month, 0)).getUTCDate()
    if (onsets.every((o) => o.day + 7 > daysIn(o))) return `${base};BYDAY=-1${code}`
    const nth = Math.ceil(first.day / 7)
    if (onsets.every((o) => Math.ceil(o.day / 7) === nth)) return `${base};BYDAY=${nth}${code}`
  }
  if (onsets.every((o) => o.day === first.day)) return `${base};BYMONTHDAY=${first.day}`
  return null
}

/**
 * VTIMEZONE lines for `timeZone`, valid for every instant in the years `fromYear`..`toYear`.
 * The scan starts a year early so the observance in force on 1 January is defined too.
 */
export function vtimezone(timeZone: string, fromYear: number, toYear: number): readonly string[] {
  const key = `${timeZone}|${fromYear}|${toYear}`
  const kept = vtimezoneCache.get(key)
  if (kept) return kept
  const lines = vtimezoneLines(timeZone, fromYear, toYear)
  vtimezoneCache.set(key, lines)
  return lines
}

function vtimezoneLines(timeZone: string, fromYear: number, toYear: number): string[] {
  const transitions: Transition[] = []
  for (let y = fromYear - 1; y <= toYear; y++) transitions.push(...transitionsInYear(timeZone, y))
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`]
  if (transitions.length === 0) {
    const at = Date.UTC(fromYear, 0, 1)
    const offset = formatOffset(offsetMinutes(at, timeZone))
    lines.push(
      'BEGIN:STANDARD',
      `DTSTART:${pad(fromYear - 1, 4)}0101T000000`,
      `TZOFFSETFROM:${offset}`,
      `TZOFFSETTO:${offset}`,
      `TZNAME:${zoneName(at, timeZone)}`,
      'END:STANDARD',
    )
    return [...lines, 'END:VTIMEZONE']
  }
  // One observance per kind of change (same offsets and name), each with a rule or dated onsets.
  const groups = new Map<string, Transition[]>()
  for (const t of transitions) {
    const key = `${t.from}|${t.to}|${t.name}`
    groups.set(key, [...(groups.get(key) ?? []), t])
  }
  for (const group of groups.values()) {
    const head = group[0]
    if (!head) continue
    const kind = head.to > head.from ? 'DAYLIGHT' : 'STANDARD'
    // Onsets are written in the wall-clock time in force just before the change.
    const onsets = group.map((t) => utcParts(t.at + t.from * MINUTE))
    const rule = yearlyRule(onsets)
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${formatLocal(onsets[0] ?? utcParts(head.at))}`,
      `TZOFFSETFROM:${formatOffset(head.from)}`,
      `TZOFFSETTO:${formatOffset(head.to)}`,
      `TZNAME:${head.name}`,
    )
    if (rule) lines.push(`RRULE:${rule}`)
    else for (const o of onsets.slice(1)) lines.push(`RDATE:${formatLocal(o)}`)
    lines.push(`END:${kind}`)
  }
  return [...lines, 'END:VTIMEZONE']
}
