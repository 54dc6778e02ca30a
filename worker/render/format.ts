// Small text formatters shared by the views: file sizes, prices, counts, choice titles.
import type { Price } from '../content/models'

/** "2.4 MB", "830 KB". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

// Constructing an Intl.NumberFormat costs far more than using one (a page formats dozens of
// counts): keep them for the isolate's life. Currencies come from a fixed list in the schema.
const COUNT = new Intl.NumberFormat('en-GB')
const currencies = new Map<string, Intl.NumberFormat>()

/** "Free", "£45.00", "£45.00 (concessions available)". */
export function formatPrice(price: Price | undefined): string {
  if (!price || price.isFree || price.amount === undefined || price.amount === 0) return 'Free'
  let format = currencies.get(price.currency)
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: price.currency })
    if (currencies.size < 50) currencies.set(price.currency, format)
  }
  const amount = format.format(price.amount)
  return price.note ? `${amount} (${price.note})` : amount
}

export function formatCount(n: number): string {
  return COUNT.format(n)
}

/** Titles for a list of choice values: ['police', 'health'] → 'Police, Health professionals'. */
export function titles<T extends string>(values: readonly T[], map: Record<T, string>): string {
  return values.map((v) => map[v]).join(', ')
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}
