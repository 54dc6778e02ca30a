// /privacy: a person asks for a signed link by email (the answer is the same whether or not we
// know the address, so nobody can probe who signed up), then downloads everything we hold as
// JSON or erases it. The link lasts 24 hours and covers exactly the address it was sent to
// (compared case-insensitively): receiving it is the proof of control, and a proof for
// `x+privacy@` is no proof for `x+reg@` (see worker/privacy/data.ts).
import { Hono, type Context } from 'hono'
import * as z from 'zod'
import type { AppEnv } from '../app-env'
import { signedUrl, verifyLink } from '../lib/signed-links'
import { sendStandalone } from '../mail/message'
import { renderEmail } from '../mail/render'
import { mailboxAddress } from '../lib/email-norm'
import { formPost, one } from '../signups/form-post'
import { EmailField, ErrorSummary, Honeypot } from '../signups/form-fields'
import { NO_STORE } from '../lib/http'
import { COMMON_PAGES, confirmAction, linkAction, message, signupPage } from '../ui/page'
import { erasePersonalData, exportPersonalData, isKnownPerson } from './data'

const LINK_HOURS = 24
const emailField = z
  .string()
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' }))

function requestPage(c: Context<AppEnv>, opts: { email?: string; error?: string }) {
  const errors = opts.error ? { email: opts.error } : undefined
  return signupPage(c, {
    title: opts.error ? 'Error: your data' : 'Your data',
    status: opts.error ? 400 : 200,
    children: (
      <>
        <h1>Your data</h1>
        <p>
          You can download everything we hold about you (course registrations, petition signatures,
          course alerts and the emails we sent) or erase it. We email you a link that works for{' '}
          {LINK_HOURS} hours.
        </p>
        <ErrorSummary errors={errors} fieldId={(n) => `privacy-${n}`} />
        <form method="post" action="/privacy" novalidate>
          <EmailField
            id="privacy-email"
            value={opts.email}
            error={opts.error}
            hint="The address you signed up with."
          />
          <Honeypot id="privacy-website" />
          <button type="submit">Email me a link</button>
        </form>
      </>
    ),
  })
}

// Links name the address they were sent to behind this prefix. Links issued before carried the
// folded duplicate-detection key instead, which can name another mailbox: they are refused (a
// privacy link lasts 24 hours, so asking again costs little).
const SUBJECT_PREFIX = 'mailbox:'

/** The subject of a privacy link sent to `address` (the address as typed or proved). */
export function privacyLinkSubject(address: string): string {
  return `${SUBJECT_PREFIX}${mailboxAddress(address)}`
}

async function tokenSubject(c: Context<AppEnv>, token: string): Promise<string | null> {
  const result = await verifyLink(c.env.LINK_SECRET, token, 'privacy')
  if (!result.ok || !result.claims.subject.startsWith(SUBJECT_PREFIX)) return null
  return result.claims.subject.slice(SUBJECT_PREFIX.length)
}

const badLink = (c: Context<AppEnv>) =>
  message(
    c,
    COMMON_PAGES.badLink[0],
    [
      'This link is incomplete or has expired. Ask for a new one.',
      <a href="/privacy">Your data</a>,
    ],
    400,
  )

const CHECK_EMAIL = [
  'If we hold any details for this address, we have emailed it a link to download or erase them.',
  'If nothing arrives within a few minutes, check your spam folder; if it is still not there, we hold nothing for this address.',
]

export const privacyRoutes = new Hono<AppEnv>()
  .get('/privacy', (c) => requestPage(c, {}))
  .post('/privacy', async (c) => {
    const post = await formPost(c, 'privacy')
    if (!post.ok) return post.response
    if (post.honeypot) return message(c, 'Check your email', CHECK_EMAIL)
    const parsed = emailField.safeParse(one(post.values, 'email'))
    if (!parsed.success) {
      return requestPage(c, {
        email: one(post.values, 'email'),
        error: parsed.error.issues[0]?.message,
      })
    }
    const address = mailboxAddress(parsed.data)
    try {
      if (await isKnownPerson(c.env.DB, address)) {
        const claims = {
          purpose: 'privacy' as const,
          subject: privacyLinkSubject(address),
          expiresAt: Date.now() + LINK_HOURS * 3_600_000,
        }
        const [exportUrl, eraseUrl] = await Promise.all([
          signedUrl(c.env, '/privacy/export', claims),
          signedUrl(c.env, '/privacy/erase', claims),
        ])
        const parts = {
          heading: 'Your data at Safeguard',
          paragraphs: [
            `You (we hope) asked to see or erase the details we hold for this address. These links work for ${LINK_HOURS} hours.`,
            'If you did not ask, ignore this email: nothing changes.',
          ],
          actions: [
            { label: 'Download my data (JSON)', url: exportUrl },
            { label: 'Erase my data', url: eraseUrl },
          ],
        }
        await sendStandalone(c.env, {
          kind: 'privacy-link',
          to: parsed.data,
          // Asking again within the hour answers the same but sends nothing: one link email is
          // enough, and the form must not be a way to flood someone's mailbox.
          repeatItem: 'privacy',
          subject: parts.heading,
          ...renderEmail(parts),
        })
      }
    } catch {
      console.error('privacy link request failed: storage error')
      return message(c, COMMON_PAGES.unavailable[0], [...COMMON_PAGES.unavailable[1]], 503)
    }
    return message(c, 'Check your email', CHECK_EMAIL)
  })
  .get('/privacy/export', async (c) => {
    const subject = await tokenSubject(c, c.req.query('token') ?? '')
    if (!subject) return badLink(c)
    const data = await exportPersonalData(c.env.DB, subject)
    return c.body(JSON.stringify(data, null, 2), 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="safeguard-my-data.json"',
      'Cache-Control': NO_STORE,
    })
  })
  .get('/privacy/erase', async (c) => {
    const token = c.req.query('token') ?? ''
    if (!(await tokenSubject(c, token))) return badLink(c)
    return confirmAction(c, {
      title: 'Erase your data',
      paragraphs: [
        'This deletes every registration, petition signature and course alert for your address, and our copies of the emails we sent you. Places you held are offered to the next person waiting.',
        'This cannot be undone.',
      ],
      action: '/privacy/erase',
      token,
      button: 'Erase my data',
    })
  })
  .post('/privacy/erase', (c) =>
    linkAction(c, async () => {
      const post = await formPost(c, 'privacy-erase', { turnstile: false })
      if (!post.ok) return post.response
      const subject = await tokenSubject(c, one(post.values, 'token'))
      if (!subject) return badLink(c)
      await erasePersonalData(c.env, subject)
      return message(c, 'Your data is erased', [
        'We have deleted everything we held for your address. We will not email you again unless you sign up again.',
      ])
    }),
  )
