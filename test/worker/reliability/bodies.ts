// Request bodies that are invalid by construction, from fast-check: a valid body with one to
// three fields broken in a way the schema must refuse (missing, wrong type, empty, too long,
// outside the choice list), plus whole-body chaos (not JSON, not an object, truncated, oversize,
// wrong content type). Because every body is invalid, the property is strict: never 5xx, never
// 2xx, never a row written.
import fc from 'fast-check'
import { SEED } from './helpers'

export const FUZZ_SEED = 20_261_123

/** A JSON value of some type other than a string. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
)
const tooLong = (max: number) => fc.string({ minLength: max + 1, maxLength: max + 40 })
const noAt = fc.string({ maxLength: 40 }).map((s) => s.replaceAll('@', ''))
const longEmail = fc
  .string({ minLength: 250, maxLength: 300 })
  .map((s) => `${s.replaceAll('@', '')}@example.org`)

/**
 * Fixed values that must be refused, one list per kind of field; `bad` turns each list into an
 * arbitrary that picks one of its values.
 */
const BAD_VALUES = {
  blank: ['', ' ', '\t', '\n  '],
  nasty: [
    "'; DROP TABLE registrations;--",
    '<script>alert(1)</script>',
    '\u0000',
    '\ud800',
    '../../etc/passwd',
    '%00',
    '{{7*7}}',
  ],
  role: ['POLICE', 'admin', 'social worker', 'other '],
  postcode: ['NOT A POSTCODE', '12345', 'SW1A', 'ZZ99 9ZZZ', '<b>', 'x'.repeat(11)],
  topic: ['not-a-topic', 'NRM', '', 'drafts', 'supply chains'],
}

const bad = Object.fromEntries(
  Object.entries(BAD_VALUES).map(([kind, values]) => [kind, fc.constantFrom(...values)]),
) as Record<keyof typeof BAD_VALUES, fc.Arbitrary<string>>

/** JSON values each field must refuse (a missing required field is added by `breakFields`). */
export const INVALID_JSON: Record<string, fc.Arbitrary<unknown>> = {
  name: fc.oneof(wrongType, bad.blank, tooLong(200)),
  email: fc.oneof(wrongType, bad.blank, noAt, bad.nasty, longEmail),
  organisation: fc.oneof(
    wrongType.filter((v) => v !== null),
    tooLong(200),
  ),
  role: fc.oneof(wrongType, bad.blank, bad.nasty, bad.role),
  accessNeeds: fc.oneof(
    wrongType.filter((v) => v !== null),
    tooLong(1000),
  ),
  consent: fc.constantFrom(false, 'yes', 'true', 1, 0, null, 'on', [true]),
  courseSlug: fc.oneof(wrongType, bad.blank, tooLong(200)),
  sessionKey: fc.oneof(wrongType, bad.blank, tooLong(64)),
  campaignSlug: fc.oneof(wrongType, bad.blank, tooLong(200)),
  postcode: bad.postcode,
  country: fc.oneof(
    wrongType.filter((v) => v !== null),
    tooLong(100),
  ),
  topics: fc.oneof(
    fc.constant([]),
    fc.string({ maxLength: 10 }),
    fc.array(bad.topic, { minLength: 1, maxLength: 3 }),
    fc.constant(null),
  ),
}

/** Form fields arrive as strings, so only strings that are invalid as strings. */
export const INVALID_FORM: Record<string, fc.Arbitrary<string | string[]>> = {
  name: fc.oneof(bad.blank, tooLong(200)),
  email: fc.oneof(bad.blank, noAt, bad.nasty, longEmail),
  organisation: tooLong(200),
  role: fc.oneof(bad.blank, bad.nasty, bad.role),
  accessNeeds: tooLong(1000),
  consent: fc.constantFrom('', 'no', 'on', 'true', 'YES', '1'),
  postcode: bad.postcode,
  country: tooLong(100),
  topics: fc.array(bad.topic, { minLength: 1, maxLength: 3 }),
  token: fc.string({ maxLength: 80 }),
}

export type Field = { name: string; required: boolean }
export const req = (...names: string[]): Field[] => names.map((name) => ({ name, required: true }))
export const opt = (...names: string[]): Field[] => names.map((name) => ({ name, required: false }))

/**
 * Breaks 1–3 fields of `valid`: a required field is removed or given an invalid value, an
 * optional one (which has a default) only ever gets an invalid value.
 */
export function breakFields(
  valid: Record<string, unknown>,
  fields: Field[],
  invalid: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .uniqueArray(fc.constantFrom(...fields), {
      minLength: 1,
      maxLength: Math.min(3, fields.length),
      selector: (f) => f.name,
    })
    .chain((chosen) =>
      fc
        .tuple(
          ...chosen.map((f) => {
            const bad = (invalid[f.name] ?? wrongType).map((v) => ({ drop: false as const, v }))
            return f.required ? fc.oneof(fc.constant({ drop: true as const }), bad) : bad
          }),
        )
        .map((changes) => {
          const out: Record<string, unknown> = { ...valid }
          chosen.forEach((f, i) => {
            const change = changes[i]
            if (!change || change.drop) delete out[f.name]
            else out[f.name] = change.v
          })
          return out
        }),
    )
}

export type Body = { contentType: string; body: string; label: string }

/** JSON API bodies: broken fields, or a body that is not a usable JSON object at all. */
export function apiBodies(valid: Record<string, unknown>, fields: Field[]): fc.Arbitrary<Body> {
  const json = 'application/json'
  return fc.oneof(
    {
      weight: 6,
      arbitrary: breakFields(valid, fields, INVALID_JSON).map((o) => ({
        contentType: json,
        body: JSON.stringify(o),
        label: 'broken-fields',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue()
        .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
        .map((v) => ({ contentType: json, body: JSON.stringify(v), label: 'not-an-object' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ maxLength: 200 })
        .filter((s) => !isJson(s))
        .map((s) => ({ contentType: json, body: s, label: 'not-json' })),
    },
    {
      weight: 1,
      arbitrary: fc.nat().map((n) => {
        const s = JSON.stringify(valid)
        return { contentType: json, body: s.slice(0, n % (s.length - 1)), label: 'truncated' }
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', '')
        .map((ct) => ({
          contentType: ct,
          body: JSON.stringify(valid),
          label: 'wrong-content-type',
        })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 17 * 1024, max: 40 * 1024 }).map((n) => ({
        contentType: json,
        body: JSON.stringify({ ...valid, name: 'x'.repeat(n) }),
        label: 'oversize',
      })),
    },
  )
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

const toForm = (o: Record<string, unknown>) => {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(o)) {
    for (const one of Array.isArray(v) ? v : [v])
      params.append(k, typeof one === 'string' ? one : JSON.stringify(one))
  }
  return params.toString()
}

/** Form bodies: broken fields; `consent` other than 'yes' is refused like a missing box. */
export function formBodies(
  valid: Record<string, string | string[]>,
  fields: Field[],
): fc.Arbitrary<Body> {
  const form = 'application/x-www-form-urlencoded'
  return fc.oneof(
    {
      weight: 6,
      arbitrary: breakFields(valid, fields, INVALID_FORM).map((o) => ({
        contentType: form,
        body: toForm(o),
        label: 'broken-fields',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ maxLength: 300, unit: 'binary' })
        .map((s) => ({ contentType: form, body: s, label: 'noise' })),
    },
    {
      weight: 1,
      arbitrary: fc.constant({
        contentType: form,
        body: toForm({ ...valid, website: 'http://spam.example' }),
        label: 'honeypot',
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('application/json', 'text/plain', '')
        .map((ct) => ({ contentType: ct, body: toForm(valid), label: 'wrong-content-type' })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 17 * 1024, max: 30 * 1024 }).map((n) => ({
        contentType: form,
        body: toForm({ ...valid, name: 'x'.repeat(n) }),
        label: 'oversize',
      })),
    },
  )
}

export const VALID = {
  registration: {
    courseSlug: SEED.course,
    sessionKey: SEED.openSession,
    name: 'Fuzz Person',
    email: 'fuzz@example.org',
    organisation: 'Fuzz Council',
    role: 'police',
    accessNeeds: '',
    consent: true,
  },
  signature: {
    campaignSlug: SEED.petition,
    name: 'Fuzz Person',
    email: 'fuzz@example.org',
    postcode: 'SW1A 1AA',
    country: '',
    consent: true,
  },
  alert: { email: 'fuzz@example.org', topics: [SEED.topic], consent: true },
}

export const sample = <T>(arb: fc.Arbitrary<T>, numRuns: number, offset = 0): T[] =>
  fc.sample(arb, { numRuns, seed: FUZZ_SEED + offset })
