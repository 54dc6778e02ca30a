// Result and form pages for the signup routes, inside the site's own page shell. They are
// answered per request (never cached), so they may say things specific to this visitor.
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Child } from 'hono/jsx'
import type { AppEnv } from '../app-env'
import { fetchContent } from '../content/client'
import { redact } from '../lib/redact'
import { settingsQuery } from '../content/queries'
import { FALLBACK_SETTINGS, parseSettings } from '../content/settings'
import { Layout, renderDocument } from './layout'
import { NO_STORE } from '../lib/http'

export type PageStatus = 200 | 400 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 500 | 503

export async function signupPage(
  c: Context<AppEnv>,
  opts: { title: string; status?: PageStatus; children: Child; headers?: Record<string, string> },
) {
  // A page about a failed signup must still render when the content store is down.
  const settings = await fetchContent(c.env, settingsQuery)
    .then(parseSettings)
    .catch(() => FALLBACK_SETTINGS)
  const html = await renderDocument(
    <Layout
      env={c.env}
      settings={settings}
      meta={{ title: opts.title, path: c.req.path, noIndex: true }}
    >
      <div class="signup-page">{opts.children}</div>
    </Layout>,
  )
  return c.html(html, opts.status ?? 200, { 'Cache-Control': NO_STORE, ...opts.headers })
}

/** A short page with a heading and paragraphs (results, refusals, errors). */
export function message(
  c: Context<AppEnv>,
  title: string,
  paragraphs: Child[],
  status: PageStatus = 200,
  headers?: Record<string, string>,
) {
  return signupPage(c, {
    title,
    status,
    headers,
    children: (
      <>
        <h1>{title}</h1>
        {paragraphs.map((p) => (
          <p>{p}</p>
        ))}
      </>
    ),
  })
}

/**
 * Runs an emailed-link action (confirm, cancel, claim, unsubscribe, erase). Each action's writes
 * are one statement or one D1 batch and nothing after the commit throws, so a storage failure
 * means nothing changed: the visitor gets a 503 saying so and can simply use the link again.
 */
export async function linkAction(
  c: Context<AppEnv>,
  run: () => Promise<Response>,
): Promise<Response> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof HTTPException) throw err
    console.error(
      JSON.stringify({
        event: 'link_action_unavailable',
        path: c.req.path,
        error: err instanceof Error ? redact(err.message) : 'unknown',
      }),
    )
    return message(
      c,
      "We couldn't do that just now",
      ['Nothing has changed.', 'Please try the link in your email again in a few minutes.'],
      503,
      { 'Retry-After': '60' },
    )
  }
}

/** A GET landing page for an emailed link: the action happens only on the button's POST. */
export function confirmAction(
  c: Context<AppEnv>,
  opts: { title: string; paragraphs: Child[]; action: string; token: string; button: string },
) {
  return signupPage(c, {
    title: opts.title,
    children: (
      <>
        <h1>{opts.title}</h1>
        {opts.paragraphs.map((p) => (
          <p>{p}</p>
        ))}
        <form method="post" action={opts.action}>
          <input type="hidden" name="token" value={opts.token} />
          <button type="submit">{opts.button}</button>
        </form>
      </>
    ),
  })
}

export const COMMON_PAGES = {
  csrf: [
    'Form not accepted',
    [
      'This form was sent from another website, so we did not accept it. Please go back to our page and submit the form again.',
    ],
  ],
  tooLarge: [
    'Form too large',
    [
      'What you sent is larger than we accept (16 KB). Please shorten the text in the form and try again.',
    ],
  ],
  unsupported: ['Form not accepted', ['Please submit the form from our website.']],
  rateLimited: [
    'Too many attempts',
    [
      'We have had too many submissions from your connection in the last minute. Please wait a minute and try again.',
    ],
  ],
  unavailable: [
    'Please try again',
    [
      'We could not save your details just now and nothing was stored. Please try again in a few minutes.',
    ],
  ],
  badLink: [
    'This link does not work',
    [
      'The link is incomplete, has been changed or has expired. Please use the most recent email we sent you.',
    ],
  ],
} as const
