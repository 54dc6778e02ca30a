// zod schemas for every signup input (HTML forms and the partner API share them) and for the
// API's answers; the OpenAPI document is generated from these same objects.
import * as z from 'zod'
import { SECTORS, TOPICS } from '../../schemas/choices'

const email = z
  .string({ error: 'Enter your email address' })
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' }))
  .meta({
    description: 'Where we send confirmations; compared case-insensitively, ignoring +tags.',
  })

const name = z
  .string({ error: 'Enter your full name' })
  .trim()
  .min(1, 'Enter your full name')
  .max(200, 'Name must be 200 characters or fewer')

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .default('')

const consent = z
  .literal(true, { error: 'Tick the box to agree to us storing your details' })
  .meta({ description: 'Must be true: the person agreed to the consent wording.' })

const consentVersion = z.string().max(64).optional().meta({
  description: 'The consent wording version shown to the person (defaults to the current one).',
})

const UK_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i

export const registrationInput = z.object({
  name,
  email,
  organisation: optionalText('Organisation', 200),
  role: z.enum(SECTORS, { error: 'Choose your role or sector from the list' }),
  accessNeeds: optionalText('Access needs', 1000),
  consent,
  consentVersion,
})
export type RegistrationInput = z.output<typeof registrationInput>

export const apiRegistrationInput = registrationInput.extend({
  courseSlug: z
    .string({ error: 'Give the course slug' })
    .trim()
    .min(1, 'Give the course slug')
    .max(200),
  sessionKey: z
    .string({ error: 'Give the session key' })
    .trim()
    .min(1, 'Give the session key')
    .max(64),
})

const petitionFields = z.object({
  name,
  email,
  postcode: z
    .string({ error: 'Postcode must be text' })
    .trim()
    .max(10, 'Enter a real UK postcode, like SW1A 1AA')
    .refine((v) => v === '' || UK_POSTCODE.test(v), 'Enter a real UK postcode, like SW1A 1AA')
    // Before the transform, so the API document shows it: zod leaves a default of a
    // transform's output out of the input schema.
    .default('')
    .transform((v) => v.toUpperCase()),
  country: optionalText('Country', 100),
  consent,
  consentVersion,
})

// Runs even when other fields fail (`when`), so every message shows at once.
function postcodeOrCountry<T extends z.ZodType<{ postcode: string; country: string }>>(schema: T) {
  return schema.refine((v) => v.postcode !== '' || v.country !== '', {
    path: ['postcode'],
    message: 'Enter your UK postcode, or your country if you live outside the UK',
    when: (payload) => {
      const v = payload.value as { postcode?: unknown; country?: unknown } | undefined
      return (
        typeof v?.postcode === 'string' &&
        typeof v.country === 'string' &&
        !payload.issues.some((i) => i.path?.[0] === 'postcode' || i.path?.[0] === 'country')
      )
    },
  })
}

export const petitionInput = postcodeOrCountry(petitionFields)
export type PetitionInput = z.output<typeof petitionInput>

export const apiPetitionInput = postcodeOrCountry(
  petitionFields.extend({
    campaignSlug: z
      .string({ error: 'Give the campaign slug' })
      .trim()
      .min(1, 'Give the campaign slug')
      .max(200),
  }),
)

export const alertInput = z.object({
  email,
  topics: z
    .array(z.enum(TOPICS, { error: 'Choose topics from the list' }), {
      error: 'Choose at least one topic',
    })
    .min(1, 'Choose at least one topic')
    .max(TOPICS.length),
  consent,
  consentVersion,
})
export type AlertInput = z.output<typeof alertInput>

export const registrationResult = z
  .object({
    registration: z.object({
      id: z.string(),
      status: z.enum(['confirmed', 'waitlisted']),
      courseSlug: z.string(),
      sessionKey: z.string(),
    }),
    message: z.string(),
  })
  .meta({ description: 'A registration: confirmed, or on the waiting list.' })

export const acceptedResult = z
  .object({
    status: z.literal('check-email'),
    message: z.string(),
  })
  .meta({
    description: 'Same answer whether or not the address was already known (no enumeration).',
  })

export const petitionCountResult = z
  .object({
    campaignSlug: z.string(),
    confirmed: z.number().int(),
    offline: z.number().int(),
    total: z.number().int(),
    goal: z.number().int().nullable(),
  })
  .meta({ description: 'Confirmed online signatures plus those gathered offline.' })
