// One dated occurrence of a course. Its `_key` is the stable session id used in registration
// URLs and calendar files, so sessions are edited in place, never deleted and re-added.
import { CalendarIcon } from '@sanity/icons/Calendar'
import { defineField, defineType } from 'sanity'
import {
  SESSION_MODES,
  SESSION_MODES_TITLES,
  SESSION_STATUSES,
  SESSION_STATUSES_TITLES,
} from './choices'
import { SESSION_MAX_MINUTES } from './limits'
import { formatSessionDate, optionsFrom, parentOf, timeOf } from './helpers'

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value })
    return true
  } catch {
    return false
  }
}

export const courseSession = defineType({
  name: 'courseSession',
  title: 'Session',
  type: 'object',
  icon: CalendarIcon,
  fieldsets: [
    { name: 'when', title: 'When', options: { columns: 2 } },
    { name: 'registration', title: 'Registration window', options: { columns: 2 } },
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Session title',
      type: 'string',
      description: 'Optional, e.g. "London" or "Part 2". Leave empty for a single-session course.',
    }),
    defineField({
      name: 'start',
      title: 'Starts',
      type: 'datetime',
      fieldset: 'when',
      options: { timeStep: 15 },
      validation: (rule) => rule.required().error('Set the start date and time'),
    }),
    defineField({
      name: 'durationMinutes',
      title: 'Duration (minutes)',
      type: 'number',
      fieldset: 'when',
      description: 'The session ends this long after it starts.',
      validation: (rule) =>
        rule
          .required()
          .integer()
          .min(5)
          .max(SESSION_MAX_MINUTES)
          .error('Give the length in whole minutes, so the session ends after it starts'),
    }),
    defineField({
      name: 'timezone',
      title: 'Timezone',
      type: 'string',
      initialValue: 'Europe/London',
      description: 'Times are shown to visitors in this timezone (British Summer Time is handled).',
      validation: (rule) =>
        rule
          .required()
          .custom((value) =>
            typeof value === 'string' && !isTimeZone(value)
              ? 'Use a timezone name such as "Europe/London"'
              : true,
          ),
    }),
    defineField({
      name: 'mode',
      title: 'Online or in person',
      type: 'string',
      options: {
        list: optionsFrom(SESSION_MODES, SESSION_MODES_TITLES),
        layout: 'radio',
        direction: 'horizontal',
      },
      initialValue: 'online',
      validation: (rule) => rule.required().error('Choose online or in person'),
    }),
    defineField({
      name: 'venue',
      title: 'Venue',
      type: 'object',
      hidden: ({ parent }) => (parent as { mode?: string } | undefined)?.mode !== 'in-person',
      fields: [
        defineField({ name: 'name', title: 'Venue name', type: 'string' }),
        defineField({ name: 'address', title: 'Address', type: 'string' }),
        defineField({ name: 'city', title: 'Town or city', type: 'string' }),
      ],
      validation: (rule) =>
        rule.custom((venue, context) => {
          if (parentOf(context).mode !== 'in-person') return true
          const city = (venue as { city?: string } | undefined)?.city
          return city ? true : 'In-person sessions need at least the town or city'
        }),
    }),
    defineField({
      name: 'onlineDetails',
      title: 'Joining details',
      type: 'text',
      rows: 2,
      description: 'Sent to registered people only; never shown on the public page.',
      hidden: ({ parent }) => (parent as { mode?: string } | undefined)?.mode === 'in-person',
    }),
    defineField({
      name: 'capacity',
      title: 'Places',
      type: 'number',
      description: 'Leave empty for unlimited places. When full, people join a waiting list.',
      validation: (rule) =>
        rule.integer().positive().error('Places must be a whole number above zero'),
    }),
    defineField({
      name: 'registrationOpens',
      title: 'Registration opens',
      type: 'datetime',
      fieldset: 'registration',
      description: 'Leave empty to open registration straight away.',
      validation: (rule) =>
        rule.custom((opens, context) => {
          const o = timeOf(opens)
          const c = timeOf(parentOf(context).registrationCloses)
          const s = timeOf(parentOf(context).start)
          if (o !== undefined && c !== undefined && o >= c)
            return 'Registration must open before it closes'
          if (o !== undefined && s !== undefined && o >= s)
            return 'Registration must open before the session starts'
          return true
        }),
    }),
    defineField({
      name: 'registrationCloses',
      title: 'Registration closes',
      type: 'datetime',
      fieldset: 'registration',
      description: 'Leave empty to close when the session starts.',
      validation: (rule) =>
        rule.custom((closes, context) => {
          const c = timeOf(closes)
          const s = timeOf(parentOf(context).start)
          return c !== undefined && s !== undefined && c > s
            ? 'Registration must close before the session starts'
            : true
        }),
    }),
    defineField({
      name: 'status',
      title: 'Status',
      type: 'string',
      options: {
        list: optionsFrom(SESSION_STATUSES, SESSION_STATUSES_TITLES),
        layout: 'radio',
        direction: 'horizontal',
      },
      initialValue: 'scheduled',
      description: 'Cancelling or postponing emails everyone registered.',
      validation: (rule) => rule.required().error('Choose a status'),
    }),
  ],
  preview: {
    select: {
      title: 'title',
      start: 'start',
      timezone: 'timezone',
      mode: 'mode',
      city: 'venue.city',
      capacity: 'capacity',
      status: 'status',
    },
    prepare({ title, start, timezone, mode, city, capacity, status }) {
      const when = formatSessionDate(start, timezone)
      const statusLabel =
        status === 'cancelled' ? 'Cancelled' : status === 'postponed' ? 'Postponed' : undefined
      const where =
        mode === 'in-person' ? (typeof city === 'string' ? city : 'In person') : 'Online'
      return {
        title: [statusLabel, typeof title === 'string' && title ? `${title}: ${when}` : when]
          .filter(Boolean)
          .join(' – '),
        subtitle: [
          where,
          typeof capacity === 'number' ? `${capacity} places` : 'Unlimited places',
        ].join(' · '),
        media: CalendarIcon,
      }
    },
  },
})
