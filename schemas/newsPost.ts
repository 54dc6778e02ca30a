// A news item: announcements, responses to government, award news. Feeds /news and the Atom feed.
import { DocumentTextIcon } from '@sanity/icons/DocumentText'
import { defineField } from 'sanity'
import {
  definePageType,
  imageField,
  referencesField,
  slugField,
  summaryField,
  titleField,
  topicsField,
} from './helpers'

export const newsPost = definePageType({
  name: 'newsPost',
  title: 'News post',
  icon: DocumentTextIcon,
  fields: [
    titleField('Write a headline', 'Headline'),
    slugField('title', 'content'),
    defineField({
      name: 'publishedAt',
      title: 'Published',
      type: 'datetime',
      group: 'content',
      initialValue: () => new Date().toISOString(),
      validation: (rule) => rule.required().error('Set the publication date and time'),
    }),
    summaryField({
      name: 'excerpt',
      title: 'Excerpt',
      max: 500,
      description: 'Shown in the news listing and the feed.',
    }),
    defineField({
      name: 'body',
      title: 'Story',
      type: 'blockContent',
      group: 'content',
      validation: (rule) => rule.required().min(1).error('Write the story'),
    }),
    imageField('mainImage', 'Main image', { group: 'content' }),
    topicsField(),
    referencesField('organisations', 'Organisations mentioned', 'organisation'),
    referencesField('relatedCampaigns', 'Related campaigns', 'campaign'),
    referencesField('relatedCourses', 'Related courses', 'course'),
    referencesField('relatedReports', 'Related reports', 'report'),
  ],
  preview: {
    select: { title: 'title', publishedAt: 'publishedAt', media: 'mainImage' },
    prepare({ title, publishedAt, media }) {
      return {
        title: typeof title === 'string' ? title : 'Untitled news post',
        subtitle: typeof publishedAt === 'string' ? publishedAt.slice(0, 10) : 'Not dated',
        media: media ?? DocumentTextIcon,
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
