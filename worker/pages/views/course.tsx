// /courses/:slug: what the course is, who it is for, every session with its time in the
// session's own timezone, status, seats left and the registration form.
import { AUDIENCES_TITLES, COURSE_FORMATS_TITLES } from '../../../schemas/choices'
import type { Contact, Course, Session, Settings } from '../../content/models'
import { formatSessionWhen } from '../../render/dates'
import { formatPrice, plural, titles } from '../../render/format'
import { courseLd } from '../../render/jsonld'
import { RegistrationForm } from '../../signups/forms'
import { registrationState, seatsLeft, type SeatCount } from '../../content/registration-rule'
import { sessionEnd } from '../../content/session-time'
import { editAttr } from '../../render/edit-attributes'
import { SessionFacts } from '../../ui/session-facts'
import { ExampleBadge, OrgLinks, SubscribeLink, TopicTags } from './cards'
import { DocumentLayout } from './layout'
import { courseCalendarPath, sessionPath } from '../feeds/session-events'

export type CourseViewProps = {
  env: Env
  settings: Settings
  course: Course
  bodyHtml: string
  path: string
  now: Date
  /** Seat counts per session key; undefined when they could not be read. */
  counts: Record<string, SeatCount> | undefined
}

const normal = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase()

/** A session's own title; one that only repeats the course title says nothing, so it is dropped. */
function sessionTitle(course: Course, s: Session): string | undefined {
  return s.title && normal(s.title) !== normal(course.title) ? s.title : undefined
}

export function sessionLabel(course: Course, s: Session): string {
  const when = formatSessionWhen(new Date(s.start), s.durationMinutes, s.timezone)
  const title = sessionTitle(course, s)
  return title ? `${title}, ${when}` : when
}

function SessionItem(props: CourseViewProps & { s: Session; past: boolean }) {
  const { s, course, now } = props
  // Counts read with no row for this session: nobody has registered yet.
  const count = props.counts ? (props.counts[s._key] ?? { confirmed: 0, waitlisted: 0 }) : undefined
  const state = registrationState(s, now, count)
  const left = props.counts ? seatsLeft(s, count) : undefined
  const when = formatSessionWhen(new Date(s.start), s.durationMinutes, s.timezone)
  const cls = props.past ? 'session session--past' : `session session--${s.status}`
  // The card is headed by the session's own title or its date, never the course title again.
  const title = sessionTitle(course, s)
  const field = (name: string) => editAttr(course, 'course', `sessions[_key=="${s._key}"].${name}`)
  return (
    <li class={cls} id={`session-${s._key}`}>
      <h3 data-sanity={field(title ? 'title' : 'start')}>
        {title ?? <time datetime={s.start}>{when}</time>}
        {s.status === 'cancelled' ? (
          <>
            {' '}
            <span class="badge badge--cancelled">Cancelled</span>
          </>
        ) : null}
        {s.status === 'postponed' ? (
          <>
            {' '}
            <span class="badge badge--postponed">Postponed</span>
          </>
        ) : null}
      </h3>
      {title ? (
        <p class="session__when" data-sanity={field('start')}>
          <time datetime={s.start}>{when}</time>
        </p>
      ) : null}
      {s.status === 'cancelled' ? (
        <p class="notice notice--warning">This session has been cancelled.</p>
      ) : null}
      {s.status === 'postponed' ? (
        <p class="notice notice--warning">
          This session has been postponed. A new date will be published here.
        </p>
      ) : null}
      <SessionFacts
        s={s}
        field={field}
        left={!props.past && s.status === 'scheduled' ? left : undefined}
      />
      {props.past ? (
        <p>This session has taken place.</p>
      ) : (
        <>
          {s.status !== 'cancelled' ? (
            <p>
              <a href={sessionPath(course.slug, s._key)}>
                Add to your calendar<span class="visually-hidden">: {when}</span> (.ics)
              </a>
            </p>
          ) : null}
          {s.status !== 'scheduled' ? null : course.registrationEmail ? (
            <p>
              To book a place, email{' '}
              <a href={`mailto:${course.registrationEmail}`}>{course.registrationEmail}</a>.
            </p>
          ) : (
            <RegistrationForm
              courseSlug={course.slug}
              sessionKey={s._key}
              sessionLabel={sessionLabel(course, s)}
              state={state}
              turnstileSiteKey={props.env.TURNSTILE_SITE_KEY || undefined}
            />
          )}
        </>
      )}
    </li>
  )
}

function Trainer(props: { c: Contact }) {
  const { c } = props
  return (
    <li>
      <strong>{c.name}</strong>
      {c.role ? `, ${c.role}` : ''}
      {c.organisation ? (
        <>
          {', '}
          <OrgLinks orgs={[c.organisation]} />
        </>
      ) : null}
    </li>
  )
}

export function CourseView(props: CourseViewProps) {
  const { course: c, now } = props
  const upcoming = c.sessions
    .filter((s) => sessionEnd(s) > now.getTime())
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
  const past = c.sessions
    .filter((s) => sessionEnd(s) <= now.getTime())
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start))
  return (
    <DocumentLayout
      page={props}
      doc={c}
      list={{ label: 'Courses', href: '/courses' }}
      meta={{ jsonLd: courseLd(props.env.SITE_URL, c, props.path) }}
    >
      <h1 data-sanity={editAttr(c, 'course', 'title')}>{c.title}</h1>
      {c.isExample ? (
        <p class="notice notice--example">
          <ExampleBadge /> This course is example content, added to show how the site works.
        </p>
      ) : null}
      {c.summary ? (
        <p class="lede" data-sanity={editAttr(c, 'course', 'summary')}>
          {c.summary}
        </p>
      ) : null}
      <div class="layout-aside">
        <div>
          {props.bodyHtml ? (
            <div class="prose" dangerouslySetInnerHTML={{ __html: props.bodyHtml }} />
          ) : null}
          {c.learningOutcomes.length > 0 ? (
            <section class="prose">
              <h2>What you will learn</h2>
              <ul>
                {c.learningOutcomes.map((o) => (
                  <li>{o}</li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <aside class="facts" aria-labelledby="course-facts">
          <h2 id="course-facts">Course details</h2>
          <dl class="meta-list">
            <dt>Format</dt>
            <dd>{c.format ? COURSE_FORMATS_TITLES[c.format] : 'Course'}</dd>
            {c.audiences.length > 0 ? (
              <>
                <dt>For</dt>
                <dd>{titles(c.audiences, AUDIENCES_TITLES)}</dd>
              </>
            ) : null}
            <dt>Price</dt>
            <dd>{formatPrice(c.price)}</dd>
            {c.cpdHours ? (
              <>
                <dt>CPD</dt>
                <dd>{plural(c.cpdHours, 'hour')}</dd>
              </>
            ) : null}
            {c.providers.length > 0 ? (
              <>
                <dt>Provided by</dt>
                <dd>
                  <OrgLinks orgs={c.providers} />
                </dd>
              </>
            ) : null}
          </dl>
          <TopicTags topics={c.topics} />
        </aside>
      </div>
      <section class="section" aria-labelledby="sessions">
        <h2 id="sessions">
          {upcoming.length > 0 || past.length > 0 ? 'Dates and booking' : 'How to take this course'}
        </h2>
        {upcoming.length > 0 ? (
          <ul class="session-list">
            {upcoming.map((s) => (
              <SessionItem {...props} s={s} past={false} />
            ))}
          </ul>
        ) : c.sessions.length === 0 ? (
          <p>
            {c.registrationEmail ? (
              <>
                Available on request. Email{' '}
                <a href={`mailto:${c.registrationEmail}`}>{c.registrationEmail}</a> to arrange it.
              </>
            ) : c.format === 'e-learning' ? (
              'Available any time.'
            ) : (
              'No dates are scheduled yet. Sign up for course alerts on the courses page to hear about new dates.'
            )}
          </p>
        ) : (
          <p>There are no upcoming dates for this course at the moment.</p>
        )}
        {c.sessions.length > 0 ? <SubscribeLink href={courseCalendarPath(c.slug)} /> : null}
        {past.length > 0 ? (
          <>
            <h2>Past sessions</h2>
            <ul class="session-list">
              {past.map((s) => (
                <SessionItem {...props} s={s} past />
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {c.trainers.length > 0 ? (
        <section class="section" aria-labelledby="trainers">
          <h2 id="trainers">{c.trainers.length === 1 ? 'Trainer' : 'Trainers'}</h2>
          <ul>
            {c.trainers.map((t) => (
              <Trainer c={t} />
            ))}
          </ul>
        </section>
      ) : null}
    </DocumentLayout>
  )
}
