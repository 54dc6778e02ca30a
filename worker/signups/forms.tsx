// The public signup forms (course registration, petition, topic alerts). They are
// embedded in cached pages, so they carry no per-visitor tokens: CSRF protection is the
// Origin / Sec-Fetch-Site check on the POST. They work without JavaScript: POST, then a result
// page that re-renders the same form with errors next to the fields.
import { pagePath } from '../../schemas/content-types'
import { SECTORS, SECTORS_TITLES } from '../../schemas/choices'
import type { RegistrationState } from '../content/registration-rule'
import type { ConsentKind } from './consent'
import {
  ConsentField,
  describedBy,
  EmailField,
  ErrorSummary,
  FieldError,
  type FieldBinding,
  formFields,
  Honeypot,
  NameAndEmail,
  RequiredMark,
  TextArea,
  TextField,
  Turnstile,
} from './form-fields'

type Values = Record<string, string>
type Errors = Record<string, string>

const STATE_MESSAGES: Record<Exclude<RegistrationState, 'open' | 'waitlist'>, string> = {
  'not-open-yet': 'Registration for this session has not opened yet. Please come back later.',
  closed: 'Registration for this session has closed.',
  cancelled: 'This session has been cancelled or postponed, so it is not taking registrations.',
}

/**
 * What every signup form ends with: the consent box, the bot checks and the submit button, wired
 * through the form's own field bindings.
 */
function FormEnd(props: {
  field: (name: string) => FieldBinding
  kind: ConsentKind
  turnstileSiteKey?: string
  submit: string
}) {
  const consent = props.field('consent')
  return (
    <>
      <ConsentField
        id={consent.id}
        kind={props.kind}
        checked={consent.value === 'yes'}
        error={consent.error}
      />
      <Honeypot id={props.field('website').id} />
      <Turnstile siteKey={props.turnstileSiteKey} />
      <button type="submit">{props.submit}</button>
    </>
  )
}

/** The ids of the registration form's fields, for an error summary shown outside the form. */
export const registrationFieldId = (sessionKey: string) => (name: string) =>
  `reg-${sessionKey}-${name}`

export function RegistrationForm(props: {
  courseSlug: string
  sessionKey: string
  sessionLabel: string
  state: RegistrationState
  values?: Values
  errors?: Errors
  turnstileSiteKey?: string
  /** False when the page shows the error summary itself, at the top of main. */
  errorSummary?: boolean
}) {
  const { courseSlug, sessionKey, state } = props
  const v = props.values ?? {}
  const e = props.errors ?? {}
  const id = registrationFieldId(sessionKey)
  const field = formFields(id, v, e)
  const headingId = id('heading')
  if (state !== 'open' && state !== 'waitlist') {
    return (
      <section class="signup-form signup-form--unavailable" aria-labelledby={headingId}>
        <h2 id={headingId}>Register for {props.sessionLabel}</h2>
        <p class="notice">{STATE_MESSAGES[state]}</p>
      </section>
    )
  }
  const action = `/register/${encodeURIComponent(courseSlug)}/${encodeURIComponent(sessionKey)}`
  return (
    <section class="signup-form" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {state === 'waitlist' ? 'Join the waiting list for' : 'Register for'} {props.sessionLabel}
      </h2>
      {state === 'waitlist' ? (
        <p class="notice">
          This session is full. If you register, you join the waiting list and we email you if a
          place becomes free.
        </p>
      ) : null}
      {props.errorSummary === false ? null : <ErrorSummary errors={e} fieldId={id} />}
      <form method="post" action={action} novalidate>
        <NameAndEmail
          field={field}
          emailHint="We send your confirmation and joining details here."
        />
        <TextField
          {...field('organisation')}
          label="Organisation"
          autocomplete="organization"
          hint="Optional. Where you work or volunteer."
          maxLength={200}
        />
        <div class={e.role ? 'field field--error' : 'field'}>
          <label for={id('role')}>
            Role or sector
            <RequiredMark />
          </label>
          <FieldError id={id('role')} error={e.role} />
          <select
            id={id('role')}
            name="role"
            required
            aria-required="true"
            aria-invalid={e.role ? 'true' : undefined}
            aria-describedby={describedBy(id('role'), false, Boolean(e.role))}
          >
            <option value="">Choose your role or sector</option>
            {SECTORS.map((s) => (
              <option value={s} selected={v.role === s}>
                {SECTORS_TITLES[s]}
              </option>
            ))}
          </select>
        </div>
        <TextArea
          {...field('accessNeeds')}
          label="Access needs"
          maxLength={1000}
          hint="Optional. Tell us anything that would help you take part (for example captions, a hearing loop, step-free access)."
        />
        <FormEnd
          field={field}
          kind="registration"
          turnstileSiteKey={props.turnstileSiteKey}
          submit={state === 'waitlist' ? 'Join the waiting list' : 'Register'}
        />
      </form>
    </section>
  )
}

export function PetitionForm(props: {
  campaignSlug: string
  values?: Values
  errors?: Errors
  turnstileSiteKey?: string
}) {
  const v = props.values ?? {}
  const e = props.errors ?? {}
  const id = (name: string) => `petition-${props.campaignSlug}-${name}`
  const field = formFields(id, v, e)
  return (
    <section class="signup-form" aria-labelledby={id('heading')}>
      <h2 id={id('heading')}>Sign the petition</h2>
      <ErrorSummary errors={e} fieldId={id} />
      <form
        method="post"
        action={`${pagePath('campaign', encodeURIComponent(props.campaignSlug))}/sign`}
        novalidate
      >
        <NameAndEmail
          field={field}
          emailHint="We email you a link: your signature counts once you click it."
        />
        <TextField
          {...field('postcode')}
          label="UK postcode"
          autocomplete="postal-code"
          maxLength={10}
          hint="Give a UK postcode, or your country if you live outside the UK."
        />
        <TextField
          {...field('country')}
          label="Country (if outside the UK)"
          autocomplete="country-name"
          maxLength={100}
        />
        <FormEnd
          field={field}
          kind="petition"
          turnstileSiteKey={props.turnstileSiteKey}
          submit="Sign the petition"
        />
      </form>
    </section>
  )
}

export function AlertForm(props: {
  topics: { value: string; title: string }[]
  values?: Record<string, string | string[]>
  errors?: Errors
  turnstileSiteKey?: string
}) {
  const v = props.values ?? {}
  const e = props.errors ?? {}
  const id = (name: string) => `alerts-${name}`
  const chosenRaw = v.topics ?? []
  const chosen = Array.isArray(chosenRaw) ? chosenRaw : chosenRaw.split(',')
  const field = formFields(id, v, e)
  const firstTopicId = props.topics[0] ? id(`topic-${props.topics[0].value}`) : id('topics')
  return (
    <section class="signup-form" aria-labelledby={id('heading')}>
      <h2 id={id('heading')}>Get an email about new courses</h2>
      <ErrorSummary errors={e} fieldId={(name) => (name === 'topics' ? firstTopicId : id(name))} />
      <form method="post" action="/alerts" novalidate>
        <EmailField
          {...field('email')}
          hint="We email you a link to confirm before sending any alerts."
        />
        <fieldset
          id={id('topics')}
          class={e.topics ? 'field field--error' : 'field'}
          aria-describedby={describedBy(id('topics'), true, Boolean(e.topics))}
        >
          <legend>
            Topics
            <RequiredMark />
          </legend>
          <p class="hint" id={`${id('topics')}-hint`}>
            Choose at least one topic.
          </p>
          <FieldError id={id('topics')} error={e.topics} />
          {props.topics.map((t) => (
            <div class="checkbox">
              <input
                type="checkbox"
                id={id(`topic-${t.value}`)}
                name="topics"
                value={t.value}
                checked={chosen.includes(t.value)}
                aria-invalid={e.topics ? 'true' : undefined}
              />
              <label for={id(`topic-${t.value}`)}>{t.title}</label>
            </div>
          ))}
        </fieldset>
        <FormEnd
          field={field}
          kind="alerts"
          turnstileSiteKey={props.turnstileSiteKey}
          submit="Subscribe"
        />
      </form>
    </section>
  )
}
