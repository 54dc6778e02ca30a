// An organisation named on the site: the charities that run training and campaigns, the public
// bodies that publish reports, partners and funders. Each has a public page.
import { CaseIcon } from '@sanity/icons/Case'
import { defineArrayMember, defineField, defineType } from 'sanity'
import { ORGANISATION_KINDS, ORGANISATION_KINDS_TITLES } from './choices'
import {
  imageField,
  kindField,
  pageGroupsRelatedAs,
  seoField,
  slugField,
  summaryField,
  titleFor,
} from './helpers'

export const organisation = defineType({
  name: 'organisation',
  title: 'Organisation',
  type: 'document',
  icon: CaseIcon,
  groups: pageGroupsRelatedAs('Partners'),
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      group: 'content',
      validation: (rule) => rule.required().error('Give the organisation’s name'),
    }),
    slugField('name', 'content'),
    kindField({
      title: 'Kind of organisation',
      values: ORGANISATION_KINDS,
      titles: ORGANISATION_KINDS_TITLES,
      required: 'Choose what kind of organisation this is',
    }),
    defineField({
      name: 'country',
      title: 'Country',
      type: 'string',
      group: 'content',
      description: 'Where it is based, e.g. "United Kingdom", or "International".',
    }),
    defineField({
      name: 'website',
      title: 'Website',
      type: 'url',
      group: 'content',
      validation: (rule) =>
        rule.uri({ scheme: ['https', 'http'] }).error('Enter a full address starting https://'),
    }),
    imageField('logo', 'Logo', { group: 'content' }),
    summaryField({
      max: 600,
      rows: 4,
      description: 'One or two sentences: who they are and how they relate to the site’s work.',
    }),
    defineField({
      name: 'partners',
      title: 'Partner organisations',
      type: 'array',
      group: 'relations',
      of: [
        defineArrayMember({
          type: 'reference',
          to: [{ type: 'organisation' }],
          options: {
            // An organisation cannot partner itself.
            filter: ({ document }) => ({
              filter: '_id != $id',
              params: { id: document._id.replace(/^drafts\./, '') },
            }),
          },
        }),
      ],
      validation: (rule) => rule.unique().error('Each partner only once'),
    }),
    seoField(),
  ],
  preview: {
    select: { title: 'name', kind: 'kind', country: 'country', media: 'logo' },
    prepare({ title, kind, country, media }) {
      const kindTitle = titleFor(ORGANISATION_KINDS_TITLES, kind) ?? 'Kind not set'
      return {
        title: typeof title === 'string' ? title : 'Unnamed organisation',
        subtitle: [kindTitle, country].filter(Boolean).join(' · '),
        media: media ?? CaseIcon,
      }
    },
  },
  orderings: [{ title: 'Name', name: 'nameAsc', by: [{ field: 'name', direction: 'asc' }] }],
})
