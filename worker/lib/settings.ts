// Whole-number settings from wrangler.toml [vars], which arrive as strings (or not at all when a
// deploy leaves one out). A value that is not a whole number in range is taken as unset, so a
// typo falls back to the documented default instead of stopping rebuilds or retention.

/** `raw` as a whole number within `range`, or `fallback`: '5' → 5; '', 'ten', '3.5', '101' → fallback. */
export function wholeNumberSetting(
  raw: string | undefined,
  range: { min: number; max: number },
  fallback: number,
): number {
  const text = raw?.trim() ?? ''
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN
  return n >= range.min && n <= range.max ? n : fallback
}
