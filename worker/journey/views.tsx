// The pages after registration, as views: the bookings list with each booking's actions, the
// certificate's body, the public certificate check and the feedback form. The routes that serve
// them (routes.tsx) find the records and check the signed links.
import type { Context } from 'hono'
import type { AppEnv } from '../app-env'
import { signedUrl } from '../lib/signed-links'
import { cancelUrl } from '../mail/registrant-emails'
import { ErrorSummary, FieldError, formFields, TextArea, TextField } from '../signups/form-fields'
import { signupPage } from '../ui/page'
import { describeInstant, describeWhen, sessionLabel } from '../mail/session-text'
import type { Booking } from './bookings'
import type { CertificateFacts } from './certificate-facts'
import { FEEDBACK_TEXT_MAX } from './feedback'
import { certificateUrl, feedbackUrl } from '../mail/registrant-links'

async function bookingActions(env: Env, b: Booking) {
  const start = Date.parse(b.session.start)
  const cancel = () => cancelUrl(env, b.id, b.session.start)
  const links: { label: string; href: string }[] = []
  if (b.status === 'offered' && b.offerExpiresAt !== null) {
    const claim = await signedUrl(env, '/signups/claim', {
      purpose: 'registration-claim',
      subject: b.id,
      expiresAt: b.offerExpiresAt,
    })
    links.push({ label: 'Confirm my place', href: claim })
  }
  if (b.status === 'confirmed' && start > Date.now())
    links.push({ label: "I can't come: release my place", href: await cancel() })
  if (b.status === 'waitlisted' || b.status === 'offered')
    links.push({ label: 'Leave the waiting list', href: await cancel() })
  if (b.certificateId && !b.certificateWithdrawn)
    links.push({ label: 'Certificate', href: await certificateUrl(env, b.certificateId, 'html') })
  if (b.certificateId)
    links.push({
      label: b.feedbackGiven ? 'Change my feedback' : 'Give feedback',
      href: await feedbackUrl(env, b.id),
    })
  return links
}

export async function BookingList(props: {
  env: Env
  heading: string
  items: Booking[]
  empty: string
}) {
  const rows = await Promise.all(
    props.items.map(async (b) => ({ b, links: await bookingActions(props.env, b) })),
  )
  return (
    <section>
      <h2>{props.heading}</h2>
      {rows.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ul class="booking-list">
          {rows.map(({ b, links }) => (
            <li>
              <p>
                <strong>{sessionLabel(b.session)}</strong>
                <br />
                {describeWhen(b.session)}
                {b.session.status !== 'scheduled' ? ` (${b.session.status})` : ''}
                {b.status === 'offered' && b.offerExpiresAt !== null
                  ? `. A place is offered to you until ${describeInstant(b.offerExpiresAt, b.session.timezone)}.`
                  : ''}
                {b.certificateWithdrawn ? '. Certificate withdrawn.' : ''}
              </p>
              {links.length > 0 && (
                <ul class="booking-actions">
                  {links.map((l) => (
                    <li>
                      <a href={l.href}>
                        {l.label}
                        <span class="visually-hidden">: {sessionLabel(b.session)}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

// The facts the certificate and the public check both list, in the same words.
export function CertificateSessionFacts(props: { facts: CertificateFacts }) {
  const f = props.facts
  return (
    <>
      <dt>Date and time</dt>
      <dd>{f.when}</dd>
      {f.cpdHours !== null && (
        <>
          <dt>CPD hours</dt>
          <dd>{f.cpdHours}</dd>
        </>
      )}
      <dt>Provided by</dt>
      <dd>{f.provider}</dd>
    </>
  )
}

export function CodeFact(props: { facts: CertificateFacts }) {
  return (
    <>
      <dt>Verification code</dt>
      <dd>
        <code>{props.facts.code}</code>
      </dd>
    </>
  )
}

export function CertificateBody(props: { facts: CertificateFacts; pdfHref?: string }) {
  const f = props.facts
  return (
    <>
      <article class="certificate" aria-labelledby="certificate-title">
        <h1 id="certificate-title">Certificate of attendance</h1>
        {f.withdrawn && (
          <p class="certificate__withdrawn" role="status">
            Withdrawn on {f.withdrawnOn}: this certificate is no longer valid.
          </p>
        )}
        <p class="certificate__lead">This is to certify that</p>
        <p class="certificate__name">{f.name}</p>
        <p class="certificate__lead">attended</p>
        <p class="certificate__course">{f.courseTitle}</p>
        <dl class="certificate__facts">
          <CertificateSessionFacts facts={f} />
          <dt>Issued</dt>
          <dd>{f.issuedOn}</dd>
          <CodeFact facts={f} />
        </dl>
        <p class="certificate__verify">
          Anyone can check this certificate at <a href={f.verifyUrl}>{f.verifyUrl}</a>
        </p>
      </article>
      {props.pdfHref && (
        <p class="certificate-actions">
          <a href={props.pdfHref}>Download the certificate as a PDF</a>. To print it, use your
          browser's print command: it fits one A4 page.
        </p>
      )}
    </>
  )
}

export function verifyForm(
  c: Context<AppEnv>,
  opts: { code?: string; error?: string; status?: 400 },
) {
  const errors = opts.error ? { code: opts.error } : undefined
  return signupPage(c, {
    title: opts.error ? 'Error: check a certificate' : 'Check a certificate',
    status: opts.status ?? 200,
    children: (
      <>
        <h1>Check a certificate</h1>
        <p>
          Enter the verification code printed on a certificate of attendance to check that we issued
          it.
        </p>
        <ErrorSummary errors={errors} fieldId={(n) => `verify-${n}`} />
        <form method="get" action="/certificates/verify" novalidate>
          <TextField
            id="verify-code"
            name="code"
            label="Verification code"
            hint="16 letters and digits, like 7KD2-M9QX-4TZB-H1CE."
            autocomplete="off"
            spellcheck={false}
            value={opts.code}
            error={opts.error}
            maxLength={64}
          />
          <button type="submit">Check</button>
        </form>
      </>
    ),
  })
}

const RATING_LABELS = ['1 (poor)', '2', '3', '4', '5 (excellent)']

export function feedbackPage(
  c: Context<AppEnv>,
  opts: {
    token: string
    label: string
    values: { rating: string; mostUseful: string; improve: string }
    errors?: Record<string, string>
    already: boolean
  },
) {
  const { values, errors } = opts
  const id = (name: string) => `feedback-${name}`
  const field = formFields(id, values, errors ?? {})
  return signupPage(c, {
    title: errors ? 'Error: your feedback' : 'Your feedback',
    status: errors ? 400 : 200,
    children: (
      <>
        <h1>Your feedback</h1>
        <p>{opts.label}</p>
        {opts.already && (
          <p>
            We have your feedback already. Sending the form again replaces it with your new answers.
          </p>
        )}
        <ErrorSummary errors={errors} fieldId={id} />
        <form method="post" action="/feedback" novalidate class="signup-form">
          <input type="hidden" name="token" value={opts.token} />
          <fieldset
            class={errors?.rating ? 'field field--error' : 'field'}
            aria-describedby={errors?.rating ? 'feedback-rating-error' : undefined}
          >
            <legend>How useful was the session overall?</legend>
            <FieldError id="feedback-rating" error={errors?.rating} />
            {RATING_LABELS.map((label, i) => {
              // The first option carries the field's id, which the error summary links to.
              const id = i === 0 ? 'feedback-rating' : `feedback-rating-${i + 1}`
              const value = String(i + 1)
              return (
                <div class="radio">
                  <input
                    type="radio"
                    name="rating"
                    value={value}
                    id={id}
                    checked={values.rating === value}
                  />
                  <label for={id}>{label}</label>
                </div>
              )
            })}
          </fieldset>
          <TextArea
            {...field('mostUseful')}
            label="What was most useful? (optional)"
            maxLength={FEEDBACK_TEXT_MAX}
          />
          <TextArea
            {...field('improve')}
            label="What could we improve? (optional)"
            maxLength={FEEDBACK_TEXT_MAX}
          />
          <button type="submit">Send feedback</button>
        </form>
      </>
    ),
  })
}
