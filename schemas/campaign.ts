// A campaign: a petition, day of action, film, report launch or appeal. Petition settings only
// apply to petitions; confirmed online signatures are counted by the worker, and signatures
// gathered elsewhere are added through `offlineCount`.
import { HeartIcon } from '@sanity/icons/Heart'
import { defineArrayMember, defineField } from 'sanity'
import {
  CAMPAIGN_KINDS,
  CAMPAIGN_KINDS_TITLES,
  CAMPAIGN_STATUSES,
  CAMPAIGN_STATUSES_TITLES,
} from './choices'
import {
  definePageType,
  documentOf,
  exampleTitle,
  imageField,
  isExampleField,
  kindField,
  optionsFrom,
  parentOf,
  referencesField,
  slugField,
  summaryField,
  titleField,
  titleFor,
} from './helpers'

const isPetition = (document: unknown) =>
  (document as { kind?: string } | undefined)?.kind === 'petition'

export const campaign = definePageType({
  name: 'campaign',
  title: 'Campaign',
  icon: HeartIcon,
  groups: [
    { name: 'petition', title: 'Petition' },
    { name: 'media', title: 'Media' },
  ],
  fields: [
    titleField('Give the campaign a title'),
    slugField('title', 'content'),
    isExampleField('Shown with an "Example" label on the site.'),
    kindField({
      title: 'Kind of campaign',
      values: CAMPAIGN_KINDS,
      titles: CAMPAIGN_KINDS_TITLES,
      required: 'Choose the kind of campaign',
    }),
    defineField({
      name: 'status',
      title: 'Status',
      type: 'string',
      group: 'content',
      options: {
        list: optionsFrom(CAMPAIGN_STATUSES, CAMPAIGN_STATUSES_TITLES),
        layout: 'radio',
        direction: 'horizontal',
      },
      initialValue: 'upcoming',
      description: 'Only live petitions accept signatures.',
      validation: (rule) => rule.required().error('Choose a status'),
    }),
    defineField({ name: 'startDate', title: 'Start date', type: 'date', group: 'content' }),
    defineField({
      name: 'endDate',
      title: 'End date',
      type: 'date',
      group: 'content',
      validation: (rule) =>
        rule.custom((end, context) => {
          const start = documentOf(context).startDate
          return typeof end === 'string' && typeof start === 'string' && end < start
            ? 'The end date must be on or after the start date'
            : true
        }),
    }),
    summaryField({ max: 400 }),
    defineField({ name: 'body', title: 'Story', type: 'blockContent', group: 'content' }),
    defineField({
      name: 'callToAction',
      title: 'Call to action',
      type: 'object',
      group: 'content',
      options: { columns: 2 },
      fields: [
        defineField({ name: 'label', title: 'Button text', type: 'string' }),
        defineField({
          name: 'url',
          title: 'Link',
          type: 'url',
          validation: (rule) =>
            rule.uri({ allowRelative: true, scheme: ['https', 'http', 'mailto'] }),
        }),
      ],
      validation: (rule) =>
        rule.custom((cta) => {
          const value = (cta ?? {}) as { label?: string; url?: string }
          return Boolean(value.label) !== Boolean(value.url)
            ? 'Give both the button text and the link'
            : true
        }),
    }),
    defineField({
      name: 'petition',
      title: 'Petition settings',
      type: 'object',
      group: 'petition',
      hidden: ({ document }) => !isPetition(document),
      fields: [
        defineField({
          name: 'target',
          title: 'Addressed to',
          type: 'string',
          description: 'e.g. "UK Government".',
        }),
        defineField({
          name: 'goal',
          title: 'Signature goal',
          type: 'number',
          validation: (rule) =>
            rule.integer().positive().error('The goal must be a whole number above zero'),
        }),
        defineField({
          name: 'milestones',
          title: 'Milestones',
          type: 'array',
          of: [defineArrayMember({ type: 'number' })],
          description:
            'Counts at which the page is refreshed and supporters are thanked, e.g. 100, 500, 1000.',
          validation: (rule) =>
            rule.custom((milestones, context) => {
              if (!Array.isArray(milestones)) return true
              const values = milestones as unknown[]
              if (values.some((m) => typeof m !== 'number' || !Number.isInteger(m) || m <= 0))
                return 'Milestones must be whole numbers above zero'
              const nums = values as number[]
              if (nums.some((m, i) => i > 0 && m <= (nums[i - 1] ?? 0)))
                return 'List milestones from smallest to largest'
              const goal = parentOf(context).goal
              return typeof goal === 'number' && nums.some((m) => m > goal)
                ? 'Milestones cannot be above the goal'
                : true
            }),
        }),
        defineField({ name: 'closingDate', title: 'Closes', type: 'datetime' }),
        defineField({
          name: 'showCount',
          title: 'Show the signature count',
          type: 'boolean',
          initialValue: true,
        }),
        defineField({
          name: 'offlineCount',
          title: 'Signatures gathered elsewhere',
          type: 'number',
          description: 'Paper or partner signatures, added to the online count.',
          initialValue: 0,
          validation: (rule) => rule.integer().min(0).error('Enter a whole number, 0 or more'),
        }),
      ],
      validation: (rule) =>
        rule.custom((petition, context) => {
          if (!isPetition(context.document)) return true
          const value = (petition ?? {}) as { target?: string }
          return value.target ? true : 'Say who the petition is addressed to'
        }),
    }),
    defineField({
      name: 'media',
      title: 'Images and films',
      type: 'array',
      group: 'media',
      of: [
        defineArrayMember({
          name: 'mediaItem',
          title: 'Image or film',
          type: 'object',
          fields: [
            imageField('image', 'Image'),
            defineField({ name: 'caption', title: 'Caption', type: 'string' }),
            defineField({
              name: 'videoUrl',
              title: 'Film address',
              type: 'url',
              description: 'A YouTube or Vimeo address; the image becomes its poster.',
              validation: (rule) => rule.uri({ scheme: ['https'] }),
            }),
          ],
          preview: {
            select: { title: 'caption', media: 'image', videoUrl: 'videoUrl' },
            prepare: ({ title, media, videoUrl }) => ({
              title: typeof title === 'string' && title ? title : 'No caption',
              subtitle: videoUrl ? 'Film' : 'Image',
              media,
            }),
          },
        }),
      ],
    }),
    referencesField('organisations', 'Organisations', 'organisation'),
    referencesField('relatedReports', 'Related reports', 'report'),
    referencesField('relatedCourses', 'Related courses', 'course'),
  ],
  preview: {
    select: {
      title: 'title',
      kind: 'kind',
      status: 'status',
      startDate: 'startDate',
      isExample: 'isExample',
    },
    prepare({ title, kind, status, startDate, isExample }) {
      const kindTitle = titleFor(CAMPAIGN_KINDS_TITLES, kind) ?? 'Kind not set'
      const statusTitle = titleFor(CAMPAIGN_STATUSES_TITLES, status)
      return {
        title: exampleTitle(title, isExample, 'Untitled campaign'),
        subtitle: [kindTitle, statusTitle, startDate].filter(Boolean).join(' · '),
        media: HeartIcon,
      }
    },
  },
  orderings: [
    { title: 'Newest first', name: 'startDesc', by: [{ field: 'startDate', direction: 'desc' }] },
  ],
})
