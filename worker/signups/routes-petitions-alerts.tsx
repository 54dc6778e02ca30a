// Petition signing and topic-alert subscription forms (HTML, no JavaScript needed). Both answer
// "check your email" whether or not the address was already known, so nobody can find out who
// signed or subscribed.
import { pagePath } from '../../schemas/content-types'
import { Hono, type Context } from 'hono'
import { TOPICS_TITLES, type Topic } from '../../schemas/choices'
import type { AppEnv } from '../app-env'
import { issueFields } from '../lib/http-errors'
import { subscribeAlerts } from './alerts'
import { alertTopics, campaignBySlug } from './content'
import { consentOf, echo, formPost, many, one } from './form-post'
import { AlertForm, PetitionForm } from './forms'
import { COMMON_PAGES, message, signupPage } from '../ui/page'
import { signPetition } from './petitions'
import { alertInput, petitionInput } from './schemas'

const CHECK_EMAIL = [
  'We have sent you an email. Please open it and follow the link to confirm.',
  'If it has not arrived in a few minutes, check your spam or junk folder. Asking again sends it again at most once an hour.',
]

const unavailable = (c: Context<AppEnv>) =>
  message(c, COMMON_PAGES.unavailable[0], [...COMMON_PAGES.unavailable[1]], 503)

async function alertsPage(
  c: Context<AppEnv>,
  topics: string[],
  form: {
    values?: Record<string, string | string[]>
    errors?: Record<string, string>
    status?: 200 | 400
  },
) {
  return signupPage(c, {
    title: form.errors ? 'Error: course alerts' : 'Course alerts',
    status: form.status,
    children: (
      <>
        <h1>Course alerts</h1>
        <p>
          Get one email when we publish a new course on a topic you choose. You can unsubscribe at
          any time.
        </p>
        {topics.length === 0 ? (
          <p class="notice">Course alerts are not available at the moment.</p>
        ) : (
          <AlertForm
            topics={topics.map((t) => ({ value: t, title: TOPICS_TITLES[t as Topic] ?? t }))}
            values={form.values}
            errors={form.errors}
            turnstileSiteKey={c.env.TURNSTILE_SITE_KEY || undefined}
          />
        )}
      </>
    ),
  })
}

export const petitionAlertRoutes = new Hono<AppEnv>()
  .post('/campaigns/:slug/sign', async (c) => {
    const post = await formPost(c, 'petition')
    if (!post.ok) return post.response
    if (post.honeypot) return message(c, 'Check your email', CHECK_EMAIL)
    const campaign = await campaignBySlug(c.env, c.req.param('slug'))
    if (!campaign?.petition) {
      return message(
        c,
        'Petition not found',
        ['We could not find this petition.', <a href="/campaigns">See all campaigns</a>],
        404,
      )
    }
    const { values } = post
    const parsed = petitionInput.safeParse({
      name: one(values, 'name'),
      email: one(values, 'email'),
      postcode: one(values, 'postcode'),
      country: one(values, 'country'),
      ...consentOf(values),
    })
    if (!parsed.success) {
      return signupPage(c, {
        title: `Error: sign ${campaign.title}`,
        status: 400,
        children: (
          <>
            <p>
              <a href={pagePath('campaign', campaign.slug)}>Back to {campaign.title}</a>
            </p>
            <h1>{campaign.title}</h1>
            <PetitionForm
              campaignSlug={campaign.slug}
              values={echo(values, ['name', 'email', 'postcode', 'country', 'consent'])}
              errors={issueFields(parsed.error.issues)}
              turnstileSiteKey={c.env.TURNSTILE_SITE_KEY || undefined}
            />
          </>
        ),
      })
    }
    try {
      const outcome = await signPetition(c.env, campaign.slug, parsed.data, 'form')
      if (outcome.kind === 'closed') return message(c, 'Petition closed', [outcome.message], 409)
      if (outcome.kind === 'not-found')
        return message(c, 'Petition not found', ['We could not find this petition.'], 404)
    } catch {
      console.error('petition signature failed: storage error')
      return unavailable(c)
    }
    return message(c, 'Check your email', CHECK_EMAIL)
  })
  .get('/alerts', async (c) => alertsPage(c, await alertTopics(c.env), {}))
  .post('/alerts', async (c) => {
    const post = await formPost(c, 'alerts')
    if (!post.ok) return post.response
    if (post.honeypot) return message(c, 'Check your email', CHECK_EMAIL)
    const { values } = post
    const offered = await alertTopics(c.env)
    const parsed = alertInput.safeParse({
      email: one(values, 'email'),
      topics: many(values, 'topics'),
      ...consentOf(values),
    })
    const errors = parsed.success ? {} : issueFields(parsed.error.issues)
    if (parsed.success && parsed.data.topics.some((t) => !offered.includes(t))) {
      errors.topics = 'Choose topics from the list'
    }
    if (!parsed.success || Object.keys(errors).length > 0) {
      const echoed = { ...echo(values, ['email', 'consent']), topics: many(values, 'topics') }
      return alertsPage(c, offered, { values: echoed, errors, status: 400 })
    }
    try {
      await subscribeAlerts(c.env, parsed.data, 'form')
    } catch {
      console.error('alert subscription failed: storage error')
      return unavailable(c)
    }
    return message(c, 'Check your email', CHECK_EMAIL)
  })
