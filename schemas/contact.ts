// A way to reach someone: a named person or a service (press office, training team, helpline).
// Listed on /contacts when public; internal contacts are for staff only. Staff re-verify details
// every 12 months, so out-of-date numbers are never shown to someone who needs help.
import { UserIcon } from '@sanity/icons/User'
import { UsersIcon } from '@sanity/icons/Users'
import { defineField, defineType } from 'sanity'
import {
  CONTACT_KINDS,
  CONTACT_KINDS_TITLES,
  CONTACT_SERVICES,
  CONTACT_SERVICES_TITLES,
  VISIBILITIES,
  VISIBILITIES_TITLES,
} from './choices'
import { documentOf, optionsFrom, PHONE_PATTERN, titleFor } from './helpers'

const YEAR_MS = 365 * 24 * 60 * 60 * 1000

export const contact = defineType({
  name: 'contact',
  title: 'Contact',
  type: 'document',
  icon: UserIcon,
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      description: 'A person’s name, or the service’s name such as "ECPAT UK press office".',
      validation: (rule) => rule.required().error('Give a name'),
    }),
    defineField({
      name: 'kind',
      title: 'Person or service',
      type: 'string',
      options: {
        list: optionsFrom(CONTACT_KINDS, CONTACT_KINDS_TITLES),
        layout: 'radio',
        direction: 'horizontal',
      },
      initialValue: 'person',
      validation: (rule) => rule.required().error('Choose person or service'),
    }),
    defineField({
      name: 'serviceType',
      title: 'Type of service',
      type: 'string',
      options: { list: optionsFrom(CONTACT_SERVICES, CONTACT_SERVICES_TITLES) },
      hidden: ({ document }) => document?.kind !== 'service',
      validation: (rule) =>
        rule.custom((value, context) =>
          documentOf(context).kind === 'service' && !value ? 'Choose the type of service' : true,
        ),
    }),
    defineField({
      name: 'role',
      title: 'Role',
      type: 'string',
      description: 'Job title for a person, or what the service helps with.',
    }),
    defineField({
      name: 'organisation',
      title: 'Organisation',
      type: 'reference',
      to: [{ type: 'organisation' }],
      validation: (rule) => rule.required().error('Choose the organisation'),
    }),
    defineField({
      name: 'email',
      title: 'Email',
      type: 'string',
      validation: (rule) =>
        rule.email().error('Enter a valid email address, e.g. name@example.org'),
    }),
    defineField({
      name: 'phone',
      title: 'Phone',
      type: 'string',
      description: 'As people should dial it, e.g. "0808 800 5000" or "+44 20 7946 0000".',
      validation: (rule) => [
        rule.regex(PHONE_PATTERN).error('Use digits and spaces only, with an optional leading +'),
        rule
          .custom((phone, context) => {
            const doc = documentOf(context)
            return doc.visibility === 'public' && !phone && !doc.email
              ? 'Public contacts need an email address or a phone number'
              : true
          })
          .warning(),
      ],
    }),
    defineField({
      name: 'openingHours',
      title: 'Opening hours',
      type: 'string',
      description: 'e.g. "Monday to Friday, 9am to 5pm".',
    }),
    defineField({
      name: 'lastVerified',
      title: 'Details last verified',
      type: 'date',
      description: 'When someone last checked these details still work. Re-check every 12 months.',
      validation: (rule) =>
        rule
          .custom((value) => {
            if (!value) return 'Not verified yet: check the details and set today’s date'
            return Date.now() - Date.parse(value) > YEAR_MS
              ? 'Verified more than 12 months ago: check the details again'
              : true
          })
          .warning(),
    }),
    defineField({
      name: 'visibility',
      title: 'Visibility',
      type: 'string',
      options: { list: optionsFrom(VISIBILITIES, VISIBILITIES_TITLES), layout: 'radio' },
      initialValue: 'public',
      validation: (rule) => rule.required().error('Choose who can see this contact'),
    }),
    defineField({
      name: 'notes',
      title: 'Internal notes',
      type: 'text',
      rows: 3,
      description: 'For staff only. Never shown on the site.',
    }),
  ],
  preview: {
    select: {
      name: 'name',
      kind: 'kind',
      serviceType: 'serviceType',
      role: 'role',
      organisation: 'organisation.name',
      visibility: 'visibility',
      lastVerified: 'lastVerified',
    },
    prepare({ name, kind, serviceType, role, organisation, visibility, lastVerified }) {
      const what = kind === 'service' ? titleFor(CONTACT_SERVICES_TITLES, serviceType) : role
      return {
        title: typeof name === 'string' ? name : 'Unnamed contact',
        subtitle: [what, organisation, visibility === 'internal' ? 'Internal' : undefined]
          .filter(Boolean)
          .join(' · '),
        description: lastVerified ? `Verified ${lastVerified}` : 'Never verified',
        media: kind === 'service' ? UsersIcon : UserIcon,
      }
    },
  },
  orderings: [
    { title: 'Name', name: 'nameAsc', by: [{ field: 'name', direction: 'asc' }] },
    {
      title: 'Least recently verified',
      name: 'lastVerifiedAsc',
      by: [{ field: 'lastVerified', direction: 'asc' }],
    },
  ],
})
