// The worker's Cron Triggers under `npm start`. `wrangler dev` never fires them by itself, so this
// reads wrangler.toml's [triggers] crons and, at each UTC minute a cron matches, asks the local
// runtime to run the worker's scheduled() handler for it, as Cloudflare would. Five-field crons
// as Cloudflare accepts them: numbers, `*`, lists, ranges, steps and JAN–DEC / SUN–SAT names.
import { readFileSync } from 'node:fs'
import { parse } from 'smol-toml'

export type Cron = { expression: string; matches: (date: Date) => boolean }

type Field = { name: string; min: number; max: number; names?: string[] }

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  // 7 is Sunday too; names start at SUN = 0.
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
]

function value(text: string, field: Field, expression: string): number {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1
  const n = named >= 0 ? named + (field.name === 'month' ? 1 : 0) : Number(text)
  if (!/^\d+$/.test(text) && named < 0) {
    throw new Error(`Cron "${expression}": "${text}" is not a ${field.name}`)
  }
  if (n < field.min || n > field.max) {
    throw new Error(
      `Cron "${expression}": ${field.name} ${text} is outside ${String(field.min)}-${String(field.max)}`,
    )
  }
  return n
}

/** The set of values one field allows; `*` is marked so day-of-month/day-of-week can combine. */
function expand(
  text: string,
  field: Field,
  expression: string,
): { values: Set<number>; any: boolean } {
  const values = new Set<number>()
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/')
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) {
      throw new Error(`Cron "${expression}": step "${stepText ?? ''}" must be a whole number ≥ 1`)
    }
    let from: number
    let to: number
    if (range === '*') {
      from = field.min
      to = field.name === 'day of week' ? 6 : field.max
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-')
      from = value(a, field, expression)
      to = value(b, field, expression)
      if (from > to) throw new Error(`Cron "${expression}": range ${range} runs backwards`)
    } else {
      from = value(range, field, expression)
      // `5/15` means from 5 to the end in steps of 15.
      to = stepText === undefined ? from : field.max
    }
    for (let n = from; n <= to; n += step) values.add(field.name === 'day of week' ? n % 7 : n)
  }
  return { values, any: text === '*' || text.startsWith('*/') }
}

export function parseCron(expression: string): Cron {
  const parts = expression.trim().split(/\s+/)
  if (parts.length !== 5) {
    throw new Error(`Cron "${expression}": expected 5 fields (minute hour day month weekday)`)
  }
  const [minute, hour, dom, month, dow] = FIELDS.map((field, i) =>
    expand(parts[i] ?? '', field, expression),
  )
  if (!minute || !hour || !dom || !month || !dow) throw new Error(`Cron "${expression}": invalid`)
  return {
    expression,
    // Cron Triggers run on UTC. As in cron(8), when both day fields are restricted a day
    // matching either one is enough.
    matches(date) {
      const domOk = dom.values.has(date.getUTCDate())
      const dowOk = dow.values.has(date.getUTCDay())
      const dayOk = dom.any || dow.any ? domOk && dowOk : domOk || dowOk
      return (
        minute.values.has(date.getUTCMinutes()) &&
        hour.values.has(date.getUTCHours()) &&
        month.values.has(date.getUTCMonth() + 1) &&
        dayOk
      )
    },
  }
}

/** The crons in a wrangler.toml's [triggers] section (none when it has no such section). */
export function readCrons(wranglerToml: string): Cron[] {
  const config = parse(readFileSync(wranglerToml, 'utf8'))
  const triggers = config.triggers
  if (typeof triggers !== 'object' || triggers === null || !('crons' in triggers)) return []
  const crons = triggers.crons
  if (!Array.isArray(crons)) return []
  return crons.map((c) => parseCron(String(c)))
}

export type CronScheduler = { stop: () => void }

/**
 * Calls `fire` for each cron at every UTC minute it matches, with that minute as the scheduled
 * time. Minutes missed while the machine slept are skipped, as Cloudflare skips them.
 */
export function scheduleCrons(
  crons: Cron[],
  fire: (cron: Cron, scheduledTime: Date) => Promise<void>,
  now: () => number = Date.now,
): CronScheduler {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const arm = () => {
    if (stopped || crons.length === 0) return
    const next = Math.floor(now() / 60_000) * 60_000 + 60_000
    timer = setTimeout(() => {
      const minute = new Date(next)
      for (const cron of crons) if (cron.matches(minute)) void fire(cron, minute)
      arm()
    }, next - now())
    timer.unref()
  }
  arm()
  return {
    stop: () => {
      stopped = true
      clearTimeout(timer)
    },
  }
}

/**
 * Runs the worker's scheduled() handler for `cron` through the local runtime's trigger endpoint
 * (Miniflare, under `wrangler dev`); resolves with the handler's outcome ("ok" or the failure).
 */
export async function triggerCron(
  siteUrl: string,
  cron: Cron,
  scheduledTime: Date,
): Promise<string> {
  const url = new URL('/cdn-cgi/local/scheduled', siteUrl)
  url.searchParams.set('cron', cron.expression)
  url.searchParams.set('time', String(scheduledTime.getTime()))
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5 * 60_000) })
    return (await res.text()).trim() || `HTTP ${String(res.status)}`
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}
