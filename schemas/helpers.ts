// Small building blocks shared by the schema types: option lists built from the shared choice
// arrays, image fields that always carry alt text, slug and internal-notes fields, and
// validation helpers whose messages tell editors how to fix the problem.
import {
  defineArrayMember,
  defineField,
  defineType,
  type ConditionalProperty,
  type DocumentDefinition,
  type FieldDefinition,
  type PreviewConfig,
  type SlugRule,
  type SortOrdering,
  type ValidationContext,
} from 'sanity'
import { TOPICS, TOPICS_TITLES } from './choices'

/** Studio option list for one of the shared `as const` choice arrays. */
export function optionsFrom<T extends string>(values: readonly T[], titles: Record<T, string>) {
  return values.map((value) => ({ value, title: titles[value] }))
}

/**
 * A multiple-choice field (checkbox grid) storing values from a shared choice list. The list is
 * set on the items too, so the extracted schema (and the worker's generated types) know the
 * exact values.
 */
export function choiceArrayField<T extends string>(options: {
  name: string
  title: string
  values: readonly T[]
  titles: Record<T, string>
  group?: string
  description?: string
  required?: string
}) {
  const list = optionsFrom(options.values, options.titles)
  const { required } = options
  return defineField({
    name: options.name,
    title: options.title,
    type: 'array',
    of: [defineArrayMember({ type: 'string', options: { list } })],
    options: { list, layout: 'grid' },
    ...(options.group ? { group: options.group } : {}),
    ...(options.description ? { description: options.description } : {}),
    validation: (rule) =>
      required
        ? [rule.required().min(1).error(required), rule.unique().error('Choose each option once')]
        : rule.unique().error('Choose each option once'),
  })
}

/** The topics a document is about, from the site's one topic list, in the content group. */
export function topicsField(options: { description?: string; required?: string } = {}) {
  return choiceArrayField({
    name: 'topics',
    title: 'Topics',
    values: TOPICS,
    titles: TOPICS_TITLES,
    group: 'content',
    ...options,
  })
}

/** A preview title that marks example content, unless the title already says so. */
export function exampleTitle(title: unknown, isExample: unknown, fallback: string): string {
  const text = typeof title === 'string' && title ? title : fallback
  return isExample === true && !/^example\b/i.test(text) ? `Example: ${text}` : text
}

/** Human title for a stored choice value, for previews; undefined when unset or unknown. */
export function titleFor<T extends string>(
  titles: Record<T, string>,
  value: unknown,
): string | undefined {
  return typeof value === 'string' && Object.hasOwn(titles, value) ? titles[value as T] : undefined
}

/** Values of a sibling field in the same object (e.g. the session a field belongs to). */
export function parentOf(context: ValidationContext): Record<string, unknown> {
  const parent = context.parent
  return parent && typeof parent === 'object' ? (parent as Record<string, unknown>) : {}
}

export function documentOf(context: ValidationContext): Record<string, unknown> {
  const doc = context.document
  return doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {}
}

/** True when an image/file value has an uploaded asset. */
export function hasAsset(value: unknown): boolean {
  return Boolean(value && typeof value === 'object' && 'asset' in value && value.asset)
}

/** Alt text, required as soon as the image has an asset. */
export const altField = defineField({
  name: 'alt',
  title: 'Alternative text',
  type: 'string',
  description:
    'Describe the image for people who cannot see it. Leave out details that only decorate.',
  validation: (rule) =>
    rule.custom((alt, context) =>
      hasAsset(context.parent) && !(typeof alt === 'string' && alt.trim())
        ? 'Add alternative text: describe the image for people using screen readers'
        : true,
    ),
})

/** An image field with hotspot and required alt text. */
export function imageField(
  name: string,
  title: string,
  extra: { description?: string; group?: string } = {},
) {
  return defineField({
    name,
    title,
    type: 'image',
    options: { hotspot: true },
    fields: [altField],
    ...extra,
  })
}

/** URL-safe slug generated from a title field; Sanity's default check keeps it unique per type. */
export function slugField(source: string, group?: string) {
  return defineField({
    name: 'slug',
    title: 'Web address (slug)',
    type: 'slug',
    description: 'Part of the page address. Changing it later redirects the old address.',
    options: { source, maxLength: 96 },
    validation: (rule: SlugRule) => rule.required().error('Generate a web address from the title'),
    ...(group ? { group } : {}),
  })
}

/** The document's required title (shown as its heading), in the content group. */
export function titleField(required: string, title = 'Title') {
  return defineField({
    name: 'title',
    title,
    type: 'string',
    group: 'content',
    validation: (rule) => rule.required().error(required),
  })
}

/** Marks demonstration content, which the site labels "Example". */
export function isExampleField(description: string) {
  return defineField({
    name: 'isExample',
    title: 'Example content',
    type: 'boolean',
    group: 'content',
    initialValue: false,
    description,
  })
}

/** A required "kind of …" choice from one of the shared choice lists. */
export function kindField<T extends string>(options: {
  title: string
  values: readonly T[]
  titles: Record<T, string>
  required: string
}) {
  const { required } = options
  return defineField({
    name: 'kind',
    title: options.title,
    type: 'string',
    group: 'content',
    options: { list: optionsFrom(options.values, options.titles) },
    validation: (rule) => rule.required().error(required),
  })
}

/**
 * The short plain text shown in listings: required, with a warning past `max` characters. The
 * messages name the field by its title ("Write a short summary", "… excerpt").
 */
export function summaryField(options: {
  max: number
  name?: string
  title?: string
  rows?: number
  description?: string
}) {
  const { max, name = 'summary', title = 'Summary', rows = 3, description } = options
  const noun = title.toLowerCase()
  return defineField({
    name,
    title,
    type: 'text',
    rows,
    group: 'content',
    ...(description ? { description } : {}),
    validation: (rule) => [
      rule.required().error(`Write a short ${noun}`),
      rule.max(max).warning(`Keep the ${noun} under ${max} characters`),
    ],
  })
}

/** A list of references to documents of one type, each listed once, in the related group. */
export function referencesField(name: string, title: string, to: string) {
  return defineField({
    name,
    title,
    type: 'array',
    group: 'relations',
    of: [defineArrayMember({ type: 'reference', to: [{ type: to }] })],
    validation: (rule) => rule.unique(),
  })
}

/** The longest a reminder may go out before its session: 14 days. */
const MAX_REMINDER_HOURS = 336

/**
 * When course reminders go out, in hours before the session. Site settings hold the default
 * times; a course may set its own, so both check the same limits.
 */
export function reminderHoursField(options: {
  description: string
  initialValue?: number[]
  hidden?: ConditionalProperty
}) {
  const { description, ...extra } = options
  return defineField({
    name: 'hoursBefore',
    title: 'Hours before the session',
    type: 'array',
    of: [defineArrayMember({ type: 'number' })],
    description,
    ...extra,
    validation: (rule) =>
      rule.custom((hours) =>
        Array.isArray(hours) &&
        hours.some((h) => typeof h !== 'number' || h <= 0 || h > MAX_REMINDER_HOURS)
          ? `Each time must be more than 0 and at most ${MAX_REMINDER_HOURS} hours`
          : true,
      ),
  })
}

/** The document's search and sharing settings, in the SEO group. */
export function seoField() {
  return defineField({ name: 'seo', title: 'SEO', type: 'seo', group: 'seo' })
}

/** Editors' notes that never reach the public site. */
function notesField() {
  return defineField({
    name: 'notes',
    title: 'Internal notes',
    type: 'text',
    rows: 3,
    description:
      'For editors only: where facts came from, what still needs checking. Never shown on the site.',
    group: 'content',
  })
}

/**
 * A long document's field groups: Content first, then the type's own groups, then its related
 * documents under the name given (Related, or an organisation's Partners), and SEO.
 */
export function pageGroupsRelatedAs(related: string, ...own: { name: string; title: string }[]) {
  return [
    { name: 'content', title: 'Content', default: true },
    ...own,
    { name: 'relations', title: related },
    { name: 'seo', title: 'SEO' },
  ]
}

/** What a page type states for itself; definePageType adds what every page type shares. */
type PageTypeDefinition<TPreview> = {
  name: string
  title: string
  icon: NonNullable<DocumentDefinition['icon']>
  /** The type's own groups, shown between Content and Related. */
  groups?: { name: string; title: string }[]
  fields: FieldDefinition[]
  preview: TPreview
  orderings?: SortOrdering[]
}

/**
 * A document type with a public page of its own. The Studio shows every such type the same way:
 * the page groups around the type's own groups, and the type's fields followed by the editors'
 * internal notes and the SEO settings, so the type states only its own fields and groups.
 */
export function definePageType<TSelect extends Record<string, string>>(
  definition: PageTypeDefinition<PreviewConfig<TSelect>>,
): DocumentDefinition
// The signature above checks the preview's prepare against its select keys, as defineType does at
// a call site; defineType cannot check a generic preview, so here it gets the general type.
export function definePageType(definition: PageTypeDefinition<PreviewConfig>): DocumentDefinition {
  const { name, title, icon, groups = [], fields, preview, orderings } = definition
  return defineType({
    name,
    title,
    type: 'document',
    icon,
    groups: pageGroupsRelatedAs('Related', ...groups),
    fields: [...fields, notesField(), seoField()],
    preview,
    ...(orderings ? { orderings } : {}),
  })
}

/** Parses a datetime string; undefined for missing or invalid values. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value) return undefined
  const t = Date.parse(value)
  return Number.isNaN(t) ? undefined : t
}

/** Formats an ISO datetime for previews in the session's own timezone, e.g. "Tue 16 Jun 2027, 10:00 BST". */
export function formatSessionDate(start: unknown, timezone: unknown = 'Europe/London'): string {
  const t = timeOf(start)
  if (t === undefined) return 'No start time'
  const timeZone = typeof timezone === 'string' && timezone ? timezone : 'Europe/London'
  try {
    return new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }).format(t)
  } catch {
    return new Date(t).toISOString()
  }
}

/** A UK or international phone number: digits, spaces, brackets, dashes, optional leading +. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{5,22}[0-9]$/
