// SEO and sharing settings, embedded in every page-type document and in the site defaults.
// Empty fields fall back to the document's own title and summary.
import { SearchIcon } from '@sanity/icons/Search'
import { defineField, defineType } from 'sanity'
import { imageField } from './helpers'

export const seo = defineType({
  name: 'seo',
  title: 'SEO and sharing',
  type: 'object',
  icon: SearchIcon,
  options: { collapsible: true, collapsed: true },
  fields: [
    defineField({
      name: 'title',
      title: 'Search and sharing title',
      type: 'string',
      description: 'Leave empty to use the page title.',
      validation: (rule) =>
        rule.max(70).warning('Search engines cut titles after about 60–70 characters'),
    }),
    defineField({
      name: 'description',
      title: 'Search and sharing description',
      type: 'text',
      rows: 3,
      description: 'Leave empty to use the summary.',
      validation: (rule) =>
        rule.max(160).warning('Search engines cut descriptions after about 155–160 characters'),
    }),
    imageField('image', 'Sharing image', {
      description: 'Shown when the page is shared on social media (1200 × 630 works best).',
    }),
    defineField({
      name: 'noIndex',
      title: 'Hide from search engines',
      type: 'boolean',
      description: 'Asks search engines not to list this page. The page stays public.',
      initialValue: false,
    }),
  ],
})
