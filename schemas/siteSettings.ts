// Site-wide settings (one document, id 'siteSettings'): navigation, footer, the quick-exit button
// target, default SEO and the topics offered in the alerts form.
import { CogIcon } from '@sanity/icons/Cog'
import { LinkIcon } from '@sanity/icons/Link'
import { defineArrayMember, defineField, defineType } from 'sanity'
import { TOPICS, TOPICS_TITLES } from './choices'
import { choiceArrayField, reminderHoursField, titleField } from './helpers'

const HREF = /^(\/[^\s]*|https?:\/\/[^\s]+|mailto:[^\s]+|tel:[^\s]+)$/

const linkMember = defineArrayMember({
  name: 'navLink',
  title: 'Link',
  type: 'object',
  icon: LinkIcon,
  fields: [
    defineField({
      name: 'label',
      title: 'Text',
      type: 'string',
      validation: (rule) => rule.required().error('Give the link text'),
    }),
    defineField({
      name: 'href',
      title: 'Address',
      type: 'string',
      description: 'A path on this site such as /courses, or a full https:// address.',
      validation: (rule) =>
        rule.required().regex(HREF).error('Use a path starting with / or a full https:// address'),
    }),
  ],
  preview: { select: { title: 'label', subtitle: 'href' } },
})

export const siteSettings = defineType({
  name: 'siteSettings',
  title: 'Site settings',
  type: 'document',
  icon: CogIcon,
  groups: [
    { name: 'content', title: 'Site', default: true },
    { name: 'navigation', title: 'Navigation and footer' },
    { name: 'seo', title: 'SEO' },
  ],
  fields: [
    titleField('Give the site a name', 'Site name'),
    defineField({ name: 'tagline', title: 'Tagline', type: 'string', group: 'content' }),
    defineField({
      name: 'organisation',
      title: 'Organisation running the site',
      type: 'reference',
      group: 'content',
      to: [{ type: 'organisation' }],
    }),
    defineField({
      name: 'quickExitUrl',
      title: 'Quick exit address',
      type: 'url',
      group: 'content',
      description:
        'Where the "Leave this site" button goes: choose an everyday site that raises no suspicion.',
      initialValue: 'https://www.bbc.co.uk/weather',
      validation: (rule) =>
        rule
          .required()
          .uri({ scheme: ['https'] })
          .error('Enter a full https:// address'),
    }),
    choiceArrayField({
      name: 'alertTopics',
      title: 'Topics offered for email alerts',
      values: TOPICS,
      titles: TOPICS_TITLES,
      group: 'content',
      required: 'Offer at least one topic',
    }),
    defineField({
      name: 'reminders',
      title: 'Course reminder emails',
      type: 'object',
      group: 'content',
      description:
        'Sent before each session to people with a confirmed place. A course can choose its own times or none.',
      fields: [
        defineField({
          name: 'enabled',
          title: 'Send reminders',
          type: 'boolean',
          initialValue: true,
        }),
        reminderHoursField({
          description: 'Empty means 48 and 1: two days and one hour before. Up to 336 hours.',
          initialValue: [48, 1],
        }),
      ],
    }),
    defineField({
      name: 'navigation',
      title: 'Main navigation',
      type: 'array',
      group: 'navigation',
      of: [linkMember],
      validation: (rule) => rule.max(8).warning('More than 8 items crowds the menu on phones'),
    }),
    defineField({
      name: 'footer',
      title: 'Footer',
      type: 'object',
      group: 'navigation',
      fields: [
        defineField({ name: 'text', title: 'Footer text', type: 'text', rows: 3 }),
        defineField({ name: 'links', title: 'Footer links', type: 'array', of: [linkMember] }),
      ],
    }),
    defineField({ name: 'defaultSeo', title: 'Default SEO', type: 'seo', group: 'seo' }),
  ],
  preview: {
    select: { title: 'title' },
    prepare: ({ title }) => ({
      title: typeof title === 'string' ? title : 'Site settings',
      subtitle: 'Site settings',
      media: CogIcon,
    }),
  },
})
