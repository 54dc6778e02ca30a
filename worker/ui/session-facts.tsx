// The facts block for one session (where, how long, places left): the same on the course page
// and the registration page.
import { SESSION_MODES_TITLES } from '../../schemas/choices'
import type { Session } from '../content/models'
import { formatDuration } from '../render/dates'
import { plural } from '../render/format'

function Where(props: { s: Session }) {
  const { s } = props
  const place = [s.venue?.name, s.venue?.address, s.venue?.city].filter(Boolean).join(', ')
  if (s.mode === 'online') return <>Online (joining details are emailed after you register)</>
  if (place) return <>{place}</>
  return s.mode ? <>{SESSION_MODES_TITLES[s.mode]}, venue to be confirmed</> : null
}

/**
 * Where a session is, how long it lasts and (given `left`) how many places are left: the same
 * block on the course page and the registration page.
 */
export function SessionFacts(props: {
  s: Session
  left?: number
  /** The Presentation preview's edit attribute for a session field (undefined on public pages). */
  field?: (name: string) => string | undefined
}) {
  const { s, left } = props
  const field = props.field ?? (() => undefined)
  return (
    <dl class="meta-list">
      <dt>Where</dt>
      <dd data-sanity={field(s.mode === 'online' ? 'mode' : 'venue')}>
        <Where s={s} />
      </dd>
      {s.durationMinutes ? (
        <>
          <dt>Length</dt>
          <dd data-sanity={field('durationMinutes')}>{formatDuration(s.durationMinutes)}</dd>
        </>
      ) : null}
      {left !== undefined && s.capacity ? (
        <>
          <dt>Places</dt>
          <dd class="seats" data-sanity={field('capacity')}>
            {left === 0
              ? 'Fully booked: waiting list open'
              : `${plural(left, 'place')} left of ${s.capacity}`}
          </dd>
        </>
      ) : null}
    </dl>
  )
}
