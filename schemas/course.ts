// A course, webinar, e-learning module or event that professionals can learn from. Dated
// occurrences live in `sessions`; e-learning may have none.
import { PresentationIcon } from '@sanity/icons/Presentation'
import { defineArrayMember, defineField } from 'sanity'
import { AUDIENCES, AUDIENCES_TITLES, COURSE_FORMATS, COURSE_FORMATS_TITLES } from './choices'
import {
  choiceArrayField,
  definePageType,
  documentOf,
  exampleTitle,
  formatSessionDate,
  isExampleField,
  optionsFrom,
  parentOf,
  referencesField,
  reminderHoursField,
  slugField,
  summaryField,
  timeOf,
  titleField,
  titleFor,
  topicsField,
} from './helpers'

type SessionPreview = { start?: unknown; timezone?: unknown; status?: unknown }

/** The next scheduled session after now, for the preview subtitle. */
function nextSession(sessions: unknown): SessionPreview | undefined {
  if (!Array.isArray(sessions)) return undefined
  const now = Date.now()
  return (sessions as SessionPreview[])
    .filter((s) => s.status !== 'cancelled' && (timeOf(s.start) ?? 0) > now)
    .sort((a, b) => (timeOf(a.start) ?? 0) - (timeOf(b.start) ?? 0))[0]
}

export const course = definePageType({
  name: 'course',
  title: 'Course',
  icon: PresentationIcon,
  groups: [{ name: 'sessions', title: 'Sessions' }],
  fields: [
    titleField('Give the course a title'),
    slugField('title', 'content'),
    isExampleField(
      'Shown with an "Example" label on the site. Use for demonstration courses only.',
    ),
    defineField({
      name: 'format',
      title: 'Format',
      type: 'string',
      group: 'content',
      options: {
        list: optionsFrom(COURSE_FORMATS, COURSE_FORMATS_TITLES),
        layout: 'radio',
        direction: 'horizontal',
      },
      validation: (rule) => rule.required().error('Choose the format'),
    }),
    choiceArrayField({
      name: 'audiences',
      title: 'Who it is for',
      values: AUDIENCES,
      titles: AUDIENCES_TITLES,
      group: 'content',
      required: 'Choose at least one audience',
    }),
    topicsField({
      description:
        'People who asked for alerts on these topics are emailed when the course is published.',
      required: 'Choose at least one topic',
    }),
    summaryField({ max: 400, description: 'Shown in course listings and search results.' }),
    defineField({ name: 'body', title: 'Description', type: 'blockContent', group: 'content' }),
    defineField({
      name: 'learningOutcomes',
      title: 'Learning outcomes',
      type: 'array',
      group: 'content',
      of: [defineArrayMember({ type: 'string' })],
    }),
    defineField({
      name: 'price',
      title: 'Price',
      type: 'object',
      group: 'content',
      options: { columns: 2 },
      fields: [
        defineField({ name: 'isFree', title: 'Free', type: 'boolean', initialValue: true }),
        defineField({
          name: 'amount',
          title: 'Amount (£)',
          type: 'number',
          hidden: ({ parent }) => (parent as { isFree?: boolean } | undefined)?.isFree !== false,
          validation: (rule) =>
            rule.min(0).precision(2).error('Enter an amount in pounds, e.g. 45 or 12.50'),
        }),
        defineField({
          name: 'currency',
          title: 'Currency',
          type: 'string',
          initialValue: 'GBP',
          readOnly: true,
          hidden: true,
        }),
        defineField({
          name: 'note',
          title: 'Price note',
          type: 'string',
          description: 'e.g. "Concessions for charities" or "Price on request".',
          validation: (rule) =>
            rule.custom((note, context) => {
              const price = parentOf(context)
              return price.isFree === false && typeof price.amount !== 'number' && !note
                ? 'Give an amount, or a note such as "Price on request"'
                : true
            }),
        }),
      ],
    }),
    defineField({
      name: 'cpdHours',
      title: 'CPD hours',
      type: 'number',
      group: 'content',
      validation: (rule) => rule.min(0).max(200).precision(1),
    }),
    defineField({
      name: 'reminders',
      title: 'Reminder emails',
      type: 'object',
      group: 'sessions',
      description:
        'Emails to people with a confirmed place before each session, with the joining details or venue.',
      fields: [
        defineField({
          name: 'mode',
          title: 'Reminders',
          type: 'string',
          initialValue: 'site',
          options: {
            list: [
              { value: 'site', title: 'As in site settings' },
              { value: 'custom', title: 'Custom times for this course' },
              { value: 'off', title: 'No reminders for this course' },
            ],
            layout: 'radio',
          },
        }),
        reminderHoursField({
          description: 'e.g. 48 and 1: two days and one hour before. Up to 14 days (336 hours).',
          hidden: ({ parent }) => (parent as { mode?: string } | undefined)?.mode !== 'custom',
        }),
      ],
    }),
    defineField({
      name: 'registrationEmail',
      title: 'Book by email',
      type: 'string',
      group: 'sessions',
      description: 'For courses booked by email instead of the registration form.',
      validation: (rule) => rule.email().error('Enter a valid email address'),
    }),
    defineField({
      name: 'sessions',
      title: 'Sessions',
      type: 'array',
      group: 'sessions',
      of: [defineArrayMember({ type: 'courseSession' })],
      validation: (rule) =>
        rule
          .custom((sessions, context) => {
            const format = documentOf(context).format
            return format !== 'e-learning' && (!Array.isArray(sessions) || sessions.length === 0)
              ? 'No sessions yet: the course page will say dates are to be announced'
              : true
          })
          .warning(),
    }),
    referencesField('trainers', 'Trainers', 'contact'),
    defineField({
      name: 'providers',
      title: 'Provided by',
      type: 'array',
      group: 'relations',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'organisation' }] })],
      validation: (rule) =>
        rule.required().min(1).unique().error('Choose the organisation running it'),
    }),
  ],
  preview: {
    select: { title: 'title', format: 'format', sessions: 'sessions', isExample: 'isExample' },
    prepare({ title, format, sessions, isExample }) {
      const formatTitle = titleFor(COURSE_FORMATS_TITLES, format) ?? 'Format not set'
      const next = nextSession(sessions)
      const when = next
        ? `Next: ${formatSessionDate(next.start, next.timezone)}`
        : format === 'e-learning'
          ? 'Self-paced'
          : 'No upcoming sessions'
      return {
        title: exampleTitle(title, isExample, 'Untitled course'),
        subtitle: `${formatTitle} · ${when}`,
        media: PresentationIcon,
      }
    },
  },
  orderings: [{ title: 'Title', name: 'titleAsc', by: [{ field: 'title', direction: 'asc' }] }],
})
