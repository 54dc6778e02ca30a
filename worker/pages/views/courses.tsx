// /courses: upcoming (and on-demand) or past courses, filtered by audience, topic and format
// through a plain GET form, paginated. Also offers the course alerts signup.
import { TOPICS, TOPICS_TITLES } from '../../../schemas/choices'
import type { CourseCard } from '../../content/models'
import { AlertForm } from '../../signups/forms'
import {
  organisationCalendarPath,
  SESSIONS_FEED_PATH,
  topicCalendarPath,
} from '../feeds/session-events'
import { CardGrid, CourseCardView, SubscribeLink } from './cards'
import {
  ChoiceFilter,
  FilterForm,
  type FilteredListProps,
  ListLayout,
  OrganisationFilter,
  ResultHeading,
} from './layout'

export type CourseFilters = {
  when: 'upcoming' | 'past'
  audience?: string
  topic?: string
  format?: string
  /** Only the courses this organisation provides (its slug and name). */
  organisation?: { slug: string; name: string }
}

export type CoursesViewProps = FilteredListProps<CourseFilters> & {
  courses: CourseCard[]
  now: Date
}

/** The subscription calendar closest to the filters shown: an organisation's, a topic's, or all. */
function calendarFor(f: CourseFilters): { href: string; text: string } {
  if (f.organisation)
    return {
      href: organisationCalendarPath(f.organisation.slug),
      text: `Subscribe to course dates from ${f.organisation.name}`,
    }
  const topic = TOPICS.find((t) => t === f.topic)
  if (topic)
    return {
      href: topicCalendarPath(topic),
      text: `Subscribe to course dates on ${TOPICS_TITLES[topic]}`,
    }
  return { href: SESSIONS_FEED_PATH, text: 'Subscribe to all course dates' }
}

export function CoursesView(props: CoursesViewProps) {
  const { filters: f } = props
  const filtered = Boolean(f.audience || f.topic || f.format || f.organisation)
  const heading = f.when === 'past' ? 'Past courses' : 'Upcoming courses'
  const alertTopics = props.settings.alertTopics.length > 0 ? props.settings.alertTopics : TOPICS
  return (
    <ListLayout
      list={props}
      pageHref={(p) => props.href(f, p)}
      footer={
        <>
          {f.when === 'upcoming' ? <SubscribeLink {...calendarFor(f)} /> : null}
          <AlertForm
            topics={alertTopics.map((t) => ({ value: t, title: TOPICS_TITLES[t] }))}
            turnstileSiteKey={props.env.TURNSTILE_SITE_KEY || undefined}
          />
        </>
      }
      title={heading}
      description="Training courses, webinars and events for professionals who protect children."
      crumb="Courses"
      heading="Courses and training"
      lede="Training for professionals who may come into contact with children at risk of trafficking and exploitation."
    >
      <nav aria-label="Upcoming or past courses">
        <ul class="tabs">
          <li>
            <a
              href={props.href({ ...f, when: 'upcoming' }, 1)}
              aria-current={f.when === 'upcoming' ? 'page' : undefined}
            >
              Upcoming courses
            </a>
          </li>
          <li>
            <a
              href={props.href({ ...f, when: 'past' }, 1)}
              aria-current={f.when === 'past' ? 'page' : undefined}
            >
              Past courses
            </a>
          </li>
        </ul>
      </nav>
      <FilterForm
        heading="Filter courses"
        action="/courses"
        filtered={filtered}
        clearHref={props.href({ when: f.when }, 1)}
      >
        {f.when === 'past' ? <input type="hidden" name="when" value="past" /> : null}
        <OrganisationFilter organisation={f.organisation} lead="Provided by" />
        <ChoiceFilter filter="audience" value={f.audience} />
        <ChoiceFilter filter="topic" value={f.topic} />
        <ChoiceFilter filter="format" value={f.format} />
      </FilterForm>
      <ResultHeading heading={heading} total={props.total} noun="course" filtered={filtered} />
      {props.courses.length > 0 ? (
        <CardGrid>
          {props.courses.map((c) => (
            <CourseCardView course={c} now={props.now} />
          ))}
        </CardGrid>
      ) : (
        <p>
          {filtered
            ? 'No courses match these filters. Try removing a filter.'
            : f.when === 'past'
              ? 'There are no past courses yet.'
              : 'There are no upcoming courses at the moment. Sign up below to hear about new ones.'}
        </p>
      )}
    </ListLayout>
  )
}
