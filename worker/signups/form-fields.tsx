// Accessible form building blocks shared by the signup forms: every field has a label, an
// optional hint, a visible required mark, and when invalid an inline message linked through
// aria-describedby plus aria-invalid. The error summary at the top links to each field.
import type { Child } from 'hono/jsx'
import { type ConsentKind, currentConsent } from './consent'

export type FieldErrors = Record<string, string>

export function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean)
  return ids.length > 0 ? ids.join(' ') : undefined
}

export function RequiredMark() {
  return (
    <span class="required" aria-hidden="true">
      {' '}
      (required)
    </span>
  )
}

export function ErrorSummary(props: { errors?: FieldErrors; fieldId: (name: string) => string }) {
  const entries = Object.entries(props.errors ?? {})
  if (entries.length === 0) return null
  const titleId = props.fieldId('error-summary-title')
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby={titleId}>
      <h2 id={titleId}>There is a problem</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${props.fieldId(name)}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function FieldError(props: { id: string; error?: string }) {
  if (!props.error) return null
  return (
    <p class="field-error" id={`${props.id}-error`}>
      <span class="visually-hidden">Error: </span>
      {props.error}
    </p>
  )
}

type InputProps = {
  id: string
  name: string
  label: string
  hint?: string
  required?: boolean
  type?: 'text' | 'email'
  autocomplete?: string
  value?: string
  error?: string
  maxLength?: number
  inputmode?: 'email' | 'text'
  spellcheck?: boolean
}

// The label, hint and inline error that sit above every text input and textarea.
function FieldHead(p: {
  id: string
  label: string
  required?: boolean
  hint?: string
  error?: string
}) {
  return (
    <>
      <label for={p.id}>
        {p.label}
        {p.required ? <RequiredMark /> : null}
      </label>
      {p.hint ? (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      <FieldError id={p.id} error={p.error} />
    </>
  )
}

export function TextField(p: InputProps) {
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <FieldHead {...p} />
      <input
        id={p.id}
        name={p.name}
        type={p.type ?? 'text'}
        autocomplete={p.autocomplete}
        value={p.value ?? ''}
        required={p.required}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.id, Boolean(p.hint), Boolean(p.error))}
        maxlength={p.maxLength}
        inputmode={p.inputmode}
        spellcheck={p.spellcheck === false ? false : undefined}
      />
    </div>
  )
}

export function TextArea(p: Omit<InputProps, 'type' | 'inputmode'>) {
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <FieldHead {...p} />
      <textarea
        id={p.id}
        name={p.name}
        rows={4}
        autocomplete={p.autocomplete}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.id, Boolean(p.hint), Boolean(p.error))}
        maxlength={p.maxLength}
      >
        {p.value ?? ''}
      </textarea>
    </div>
  )
}

/** A field's wiring within its form: its id, its name, the value sent back and its error. */
export type FieldBinding = { id: string; name: string; value?: string; error?: string }

/**
 * A form's fields by name: each takes its id from the form's id scheme and its value and error from
 * what was sent back, so no field can be wired to another field's id, value or error. A value sent
 * back as a list (checkboxes) is no single field's value.
 */
export const formFields =
  (
    id: (name: string) => string,
    values: Readonly<Record<string, string | readonly string[]>>,
    errors: Record<string, string>,
  ) =>
  (name: string): FieldBinding => {
    const value = values[name]
    return {
      id: id(name),
      name,
      value: typeof value === 'string' ? value : undefined,
      error: errors[name],
    }
  }

type SignupFieldProps = Omit<FieldBinding, 'name'>

// The name and email fields as every signup form asks for them; only the email hint differs.
function NameField(p: SignupFieldProps) {
  return (
    <TextField
      id={p.id}
      name="name"
      label="Full name"
      required
      autocomplete="name"
      value={p.value}
      error={p.error}
      maxLength={200}
      spellcheck={false}
    />
  )
}

export function EmailField(p: SignupFieldProps & { hint: string }) {
  return (
    <TextField
      id={p.id}
      name="email"
      type="email"
      label="Email address"
      required
      autocomplete="email"
      inputmode="email"
      spellcheck={false}
      value={p.value}
      error={p.error}
      hint={p.hint}
      maxLength={254}
    />
  )
}

/** Who is signing: their full name, then their email address with what it is used for. */
export function NameAndEmail(p: { field: (name: string) => FieldBinding; emailHint: string }) {
  return (
    <>
      <NameField {...p.field('name')} />
      <EmailField {...p.field('email')} hint={p.emailHint} />
    </>
  )
}

const PRIVACY_PAGE = 'the privacy page'

// The current consent wording for the form's kind, with the version sent back alongside it.
export function ConsentField(p: {
  id: string
  kind: ConsentKind
  checked: boolean
  error?: string
}) {
  const consent = currentConsent(p.kind)
  // The stored wording stays plain text; on the form its mention of the privacy page is a link.
  const [before, ...after] = consent.text.split(PRIVACY_PAGE)
  return (
    <div class={p.error ? 'field field--error field--consent' : 'field field--consent'}>
      <p class="consent-text" id={`${p.id}-hint`}>
        {before}
        {after.length > 0 ? (
          <>
            <a href="/privacy">{PRIVACY_PAGE}</a>
            {after.join(PRIVACY_PAGE)}
          </>
        ) : null}{' '}
        <span class="consent-version">(Consent wording version {consent.version}.)</span>
      </p>
      <FieldError id={p.id} error={p.error} />
      <input type="hidden" name="consentVersion" value={consent.version} />
      <input
        id={p.id}
        name="consent"
        type="checkbox"
        value="yes"
        checked={p.checked}
        required
        aria-required="true"
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.id, true, Boolean(p.error))}
      />
      <label for={p.id}>
        I agree
        <RequiredMark />
      </label>
    </div>
  )
}

// Bots fill every field; people never see this one (the site stylesheet moves .honeypot off
// screen; inline styles are barred by the CSP). Anything typed here means "discard quietly".
export function Honeypot(p: { id: string }) {
  return (
    <div class="honeypot" aria-hidden="true">
      <label for={p.id}>Leave this field empty</label>
      <input id={p.id} name="website" type="text" tabindex={-1} autocomplete="off" value="" />
    </div>
  )
}

// Rendered only when the site has a Turnstile key; without JavaScript the widget cannot run.
export function Turnstile(p: { siteKey?: string }): Child {
  if (!p.siteKey) return null
  return (
    <>
      <div class="cf-turnstile" data-sitekey={p.siteKey} />
      <script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer />
    </>
  )
}
