// zod building blocks for content read from the Content Lake, which enforces no schema: a bad
// optional value becomes "missing" instead of failing the document, a bad list item is dropped,
// and only the essentials (title, slug...) can make a document fail as a whole.
import * as z from 'zod'
import { isSafeHref, isUrlSafeSlug, isWebUrl } from '../lib/urls'

/** A non-empty string (essential). */
export const text = z.string().trim().min(1)
/** A non-empty string, or undefined when missing, null or of the wrong type. */
export const optText = text.optional().catch(undefined)
export const optPositive = z.number().finite().positive().optional().catch(undefined)
export const flag = z.boolean().catch(false)

export const slug = z.string().refine(isUrlSafeSlug)

const isDateTime = (s: string) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s))
export const dateTime = z.string().refine(isDateTime)
export const optDateTime = dateTime.optional().catch(undefined)
/** A calendar date 'YYYY-MM-DD'; datetimes are cut to their date. */
export const optDate = z
  .string()
  .transform((s) => s.slice(0, 10))
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)))
  .optional()
  .catch(undefined)

export const href = z.string().trim().refine(isSafeHref)
export const optWebUrl = z.string().trim().refine(isWebUrl).optional().catch(undefined)
export const optEmail = z
  .string()
  .trim()
  .regex(/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/)
  .optional()
  .catch(undefined)

export function optEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).optional().catch(undefined)
}

/** A list that keeps the items that pass and drops the rest (never fails). */
export function list<T>(item: z.ZodType<T>) {
  // `.optional()` first: zod 4 would otherwise reject a missing key before the transform runs.
  return z
    .unknown()
    .optional()
    .transform((value): T[] =>
      Array.isArray(value)
        ? value.flatMap((v) => {
            const r = item.safeParse(v)
            return r.success ? [r.data] : []
          })
        : [],
    )
}

/** Values of a choice list, unknown values dropped, duplicates removed. */
export function enumList<const T extends readonly [string, ...string[]]>(values: T) {
  return list(z.enum(values)).transform((items) => [...new Set(items)])
}

/** Portable Text stays raw here; worker/render/portable-text.ts checks each block as it renders. */
export const blocks = z
  .unknown()
  .optional()
  .transform((v): unknown[] => (Array.isArray(v) ? v : []))

export const image = z
  .object({
    asset: z.object({ _ref: z.string().regex(/^image-[A-Za-z0-9]+-\d+x\d+-[a-z0-9]+$/) }),
    alt: z.string().trim().catch(''),
    crop: z
      .object({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number() })
      .optional()
      .catch(undefined),
    hotspot: z
      .object({ x: z.number(), y: z.number(), height: z.number(), width: z.number() })
      .optional()
      .catch(undefined),
  })
  .transform((i) => ({ ref: i.asset._ref, alt: i.alt, crop: i.crop, hotspot: i.hotspot }))
export type Image = z.output<typeof image>
export const optImage = image.optional().catch(undefined)

export const link = z.object({ label: text, href: z.string().trim().refine(isSafeHref) })
export type Link = z.output<typeof link>

export const seo = z
  .object({
    title: optText,
    description: optText,
    image: optImage,
    noIndex: flag,
  })
  .optional()
  .catch(undefined)
export type Seo = NonNullable<z.output<typeof seo>>

// Building an Intl.DateTimeFormat is expensive and every session carries a zone: remember the
// answer per isolate (the set of zone names in use is small; the cap guards against junk).
const timeZoneKnown = new Map<string, boolean>()
const TIME_ZONE_CACHE_MAX = 1_000

/** Is `tz` an IANA zone this runtime knows? */
export function isTimeZone(tz: string): boolean {
  const known = timeZoneKnown.get(tz)
  if (known !== undefined) return known
  let ok: boolean
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz })
    ok = true
  } catch {
    ok = false
  }
  if (timeZoneKnown.size < TIME_ZONE_CACHE_MAX) timeZoneKnown.set(tz, ok)
  return ok
}
