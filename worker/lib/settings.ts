// Whole-number settings from wrangler.toml [vars], which arrive as strings (or not at all when a
// deploy leaves one out). A value that is not a whole number in range is taken as unset, so a
// typo falls back to the documented default instead of stopping rebuilds or retention.

type Range = { min: number; max: number; fallback: number }

/** Each whole-number [vars] setting: its range and what an unset or invalid value becomes. */
export const WHOLE_NUMBER_SETTINGS = {
  /**
   * Pages built per Worker invocation. Free-plan Workers may make 50 subrequests per invocation
   * (content-store fetches, Cache API calls) and a page costs a few, so a larger fan-out is
   * finished by follow-up queue messages. Lower it when an invocation's CPU time runs past the
   * plan's limit (Free: 10 ms; a page build is a few ms); raise it on the Paid plan.
   */
  REBUILD_PAGES_PER_INVOCATION: { min: 1, max: 100, fallback: 10 },
  /** Seconds a burst of publishes is awaited before aggregates rebuild (Queues' delay range). */
  REBUILD_COALESCE_SECONDS: { min: 0, max: 60, fallback: 5 },
  /** Days personal data is kept after it stops being needed. */
  RETENTION_DAYS: { min: 1, max: 36_500, fallback: 365 },
} as const satisfies Partial<Record<keyof Env, Range>>

export type WholeNumberSetting = keyof typeof WHOLE_NUMBER_SETTINGS

/** `raw` as a whole number within `range`, or its fallback: '5' → 5; '', 'ten', '3.5', '101' → fallback. */
export function wholeNumber(raw: string | undefined, range: Range): number {
  const text = raw?.trim() ?? ''
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN
  return n >= range.min && n <= range.max ? n : range.fallback
}

/** The setting `name` from env, read as WHOLE_NUMBER_SETTINGS describes it. */
export function wholeNumberSetting(env: Env, name: WholeNumberSetting): number {
  return wholeNumber(env[name], WHOLE_NUMBER_SETTINGS[name])
}
