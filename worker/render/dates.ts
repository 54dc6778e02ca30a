// Dates and times as people read them: in the session's own timezone (a London webinar shows
// London time on both sides of a clock change), with the zone's short name, e.g.
// "Monday 30 March 2020, 11:00–11:45 BST". Calendar dates have no zone and are shown as given.

const LOCALE = 'en-GB'

// Constructing an Intl.DateTimeFormat costs far more than using one: keep one per zone and
// shape for the isolate's life (few zones are in use; the cap guards against junk zone names).
const formatters = new Map<string, Intl.DateTimeFormat>()
const FORMATTER_CACHE_MAX = 2_000

const SHAPES = {
  longDate: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  zone: { timeZoneName: 'short' },
  date: { day: 'numeric', month: 'long', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>
type Shape = keyof typeof SHAPES

function formatter(timeZone: string, shape: Shape): Intl.DateTimeFormat {
  const key = `${timeZone}|${shape}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, { ...SHAPES[shape], timeZone })
    if (formatters.size < FORMATTER_CACHE_MAX) formatters.set(key, f)
  }
  return f
}

// formatToParts is the costliest step of a page render, and the same session times are formatted
// on every build of the pages that show them: remember recent results (cleared when full).
const partsCache = new Map<string, Record<string, string>>()
const PARTS_CACHE_MAX = 5_000

function parts(date: Date, timeZone: string, shape: Shape): Readonly<Record<string, string>> {
  const key = `${date.getTime()}|${timeZone}|${shape}`
  const cached = partsCache.get(key)
  if (cached) return cached
  const out: Record<string, string> = {}
  for (const p of formatter(timeZone, shape).formatToParts(date)) {
    out[p.type] = p.value
  }
  if (partsCache.size >= PARTS_CACHE_MAX) partsCache.clear()
  partsCache.set(key, out)
  return out
}

/** "Monday 30 March 2020" in the given zone. */
export function formatLongDate(date: Date, timeZone: string): string {
  const p = parts(date, timeZone, 'longDate')
  return `${p.weekday ?? ''} ${p.day ?? ''} ${p.month ?? ''} ${p.year ?? ''}`.trim()
}

/** "11:00" (24-hour clock) in the given zone. */
export function formatTime(date: Date, timeZone: string): string {
  const p = parts(date, timeZone, 'time')
  return `${p.hour ?? ''}:${p.minute ?? ''}`
}

/** The zone's short name at that instant: "BST" or "GMT" for London, else e.g. "CEST" or "GMT+2". */
export function zoneName(date: Date, timeZone: string): string {
  return parts(date, timeZone, 'zone').timeZoneName ?? timeZone
}

function sameDay(a: Date, b: Date, timeZone: string): boolean {
  return formatLongDate(a, timeZone) === formatLongDate(b, timeZone)
}

/** When a session runs: "Monday 30 March 2020, 11:00–11:45 BST". */
export function formatSessionWhen(
  start: Date,
  durationMinutes: number | undefined,
  timeZone: string,
): string {
  const day = formatLongDate(start, timeZone)
  const from = formatTime(start, timeZone)
  if (!durationMinutes) return `${day}, ${from} ${zoneName(start, timeZone)}`
  const end = new Date(start.getTime() + durationMinutes * 60_000)
  if (sameDay(start, end, timeZone)) {
    const sameZone = zoneName(start, timeZone) === zoneName(end, timeZone)
    return sameZone
      ? `${day}, ${from}–${formatTime(end, timeZone)} ${zoneName(end, timeZone)}`
      : `${day}, ${from} ${zoneName(start, timeZone)} – ${formatTime(end, timeZone)} ${zoneName(end, timeZone)}`
  }
  return `${day}, ${from} ${zoneName(start, timeZone)} to ${formatLongDate(end, timeZone)}, ${formatTime(end, timeZone)} ${zoneName(end, timeZone)}`
}

/** A calendar date 'YYYY-MM-DD' as "30 March 2020". */
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`)
  if (Number.isNaN(date.getTime())) return isoDate
  return formatter('UTC', 'date').format(date)
}

/** A published datetime as a date in the site's home zone: "25 March 2020". */
export function formatPublished(isoDateTime: string, timeZone = 'Europe/London'): string {
  const date = new Date(isoDateTime)
  if (Number.isNaN(date.getTime())) return ''
  return formatter(timeZone, 'date').format(date)
}

/** Duration as words: "45 minutes", "1 hour 30 minutes", "2 days". */
export function formatDuration(minutes: number): string {
  const m = Math.round(minutes)
  if (m >= 24 * 60 && m % (24 * 60) === 0) return plural(m / (24 * 60), 'day')
  const h = Math.floor(m / 60)
  const rest = m % 60
  return [h ? plural(h, 'hour') : '', rest ? plural(rest, 'minute') : ''].filter(Boolean).join(' ')
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}
