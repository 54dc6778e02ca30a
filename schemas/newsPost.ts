// A news item: announcements, responses to government, award news. Feeds /news and the Atom feed.
import { DocumentTextIcon } from '@sanity/icons/DocumentText'
import { defineArrayMember, defineField, defineType } from 'sanity'
import { TOPICS, TOPICS_TITLES } from './choices'
import { choiceArrayField, imageField, notesField, slugField, standardGroups } from './helpers'

const refs = (name: string, title: string, to: string) =>
  defineField({
    name,
    title,
    type: 'array',
    group: 'relations',
    of: [defineArrayMember({ type: 'reference', to: [{ type: to }] })],
    validation: (rule) => rule.unique(),
  })

export const newsPost = defineType({
  name: 'newsPost',
  title: 'News post',
  type: 'document',
  icon: DocumentTextIcon,
  groups: standardGroups.filter((g) => g.name !== 'sessions'),
  fields: [
    defineField({
      name: 'title',
      title: 'Headline',
      type: 'string',
      group: 'content',
      validation: (rule) => rule.required().error('Write a headline'),
    }),
    slugField('title', 'content'),
    defineField({
      name: 'publishedAt',
      title: 'Published',
      type: 'datetime',
      group: 'content',
      initialValue: () => new Date().toISOString(),
      validation: (rule) => rule.required().error('Set the publication date and time'),
    }),
    defineField({
      name: 'excerpt',
      title: 'Excerpt',
      type: 'text',
      rows: 3,
      group: 'content',
      description: 'Shown in the news listing and the feed.',
      validation: (rule) => [
        rule.required().error('Write a short excerpt'),
        rule.max(500).warning('Keep the excerpt under 500 characters'),
      ],
    }),
    defineField({
      name: 'body',
      title: 'Story',
      type: 'blockContent',
      group: 'content',
      validation: (rule) => rule.required().min(1).error('Write the story'),
    }),
    imageField('mainImage', 'Main image', { group: 'content' }),
    choiceArrayField({
      name: 'topics',
      title: 'Topics',
      values: TOPICS,
      titles: TOPICS_TITLES,
      group: 'content',
    }),
    refs('organisations', 'Organisations mentioned', 'organisation'),
    refs('relatedCampaigns', 'Related campaigns', 'campaign'),
    refs('relatedCourses', 'Related courses', 'course'),
    refs('relatedReports', 'Related reports', 'report'),
    notesField('content'),
    defineField({ name: 'seo', title: 'SEO', type: 'seo', group: 'seo' }),
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
