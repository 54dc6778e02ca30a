// A report or publication: research, statistics, statutory guidance, evaluations. Many are PDFs
// or live on another site; those still need an HTML summary here, because not everyone can open
// or read a PDF.
import { DocumentPdfIcon } from '@sanity/icons/DocumentPdf'
import { defineArrayMember, defineField } from 'sanity'
import { REPORT_KINDS, REPORT_KINDS_TITLES } from './choices'
import {
  definePageType,
  documentOf,
  hasAsset,
  kindField,
  referencesField,
  slugField,
  summaryField,
  titleField,
  titleFor,
  topicsField,
} from './helpers'

export const report = definePageType({
  name: 'report',
  title: 'Report',
  icon: DocumentPdfIcon,
  groups: [{ name: 'file', title: 'PDF or link' }],
  fields: [
    titleField('Give the report’s title'),
    slugField('title', 'content'),
    kindField({
      title: 'Kind of report',
      values: REPORT_KINDS,
      titles: REPORT_KINDS_TITLES,
      required: 'Choose the kind of report',
    }),
    defineField({
      name: 'publishers',
      title: 'Published by',
      type: 'array',
      group: 'content',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'organisation' }] })],
      validation: (rule) => rule.required().min(1).unique().error('Choose who published it'),
    }),
    defineField({
      name: 'authors',
      title: 'Authors',
      type: 'array',
      group: 'content',
      of: [defineArrayMember({ type: 'string' })],
    }),
    defineField({
      name: 'publishedAt',
      title: 'Publication date',
      type: 'date',
      group: 'content',
      validation: (rule) => rule.required().error('Set the publication date'),
    }),
    summaryField({ max: 500 }),
    defineField({
      name: 'keyFindings',
      title: 'Key findings',
      type: 'array',
      group: 'content',
      of: [defineArrayMember({ type: 'string' })],
    }),
    defineField({
      name: 'body',
      title: 'Summary page',
      type: 'blockContent',
      group: 'content',
      description:
        'The readable version on this site. Required: a PDF or link alone is not accessible.',
      validation: (rule) =>
        rule.custom((body, context) => {
          if (Array.isArray(body) && body.length > 0) return true
          const doc = documentOf(context)
          return hasAsset(doc.file) || doc.externalUrl
            ? 'Write an HTML summary: this report is otherwise only a PDF or an outside link'
            : 'Write the report’s content or summary'
        }),
    }),
    defineField({
      name: 'file',
      title: 'PDF',
      type: 'file',
      group: 'file',
      options: { accept: 'application/pdf' },
    }),
    defineField({
      name: 'externalUrl',
      title: 'Link to the report elsewhere',
      type: 'url',
      group: 'file',
      description: 'Where the publisher hosts it, if there is no PDF here.',
      validation: (rule) =>
        rule.uri({ scheme: ['https', 'http'] }).error('Enter a full address starting https://'),
    }),
    defineField({
      name: 'fileSizeBytes',
      title: 'File size (bytes)',
      type: 'number',
      group: 'file',
      description: 'Shown next to the download link so people on mobile data can decide.',
      hidden: ({ document }) => !hasAsset(document?.file) && !document?.externalUrl,
      validation: (rule) => rule.integer().positive(),
    }),
    topicsField(),
    referencesField('relatedCampaigns', 'Related campaigns', 'campaign'),
  ],
  preview: {
    select: {
      title: 'title',
      kind: 'kind',
      publishedAt: 'publishedAt',
      publisher: 'publishers.0.name',
    },
    prepare({ title, kind, publishedAt, publisher }) {
      return {
        title: typeof title === 'string' ? title : 'Untitled report',
        subtitle: [
          titleFor(REPORT_KINDS_TITLES, kind),
          publisher,
          typeof publishedAt === 'string' ? publishedAt.slice(0, 4) : undefined,
        ]
          .filter(Boolean)
          .join(' · '),
        media: DocumentPdfIcon,
      }
    },
  },
  orderings: [
    {
      title: 'Newest first',
      name: 'publishedDesc',
      by: [{ field: 'publishedAt', direction: 'desc' }],
    },
  ],
})
