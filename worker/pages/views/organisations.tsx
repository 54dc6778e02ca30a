// /organisations: the directory of every organisation named on the site, A to Z, filtered by kind
// through a plain GET form, paginated. Each card links to the organisation's own page.
import { pagePath } from '../../../schemas/content-types'
import { ORGANISATION_KINDS_TITLES } from '../../../schemas/choices'
import type { OrgCard } from '../../content/models'
import { CardGrid, truncate } from './cards'
import {
  ChoiceFilter,
  FilterForm,
  type FilteredListProps,
  ListLayout,
  ResultHeading,
} from './layout'

export type OrganisationFilters = { kind?: string }

function OrganisationCardView(props: { org: OrgCard }) {
  const o = props.org
  const meta = [o.kind ? ORGANISATION_KINDS_TITLES[o.kind] : undefined, o.country].filter(Boolean)
  return (
    <article class="card">
      <h3>
        <a href={pagePath('organisation', o.slug)}>{o.name}</a>
      </h3>
      {meta.length > 0 ? <p class="card__meta">{meta.join(' · ')}</p> : null}
      {o.summary ? <p>{truncate(o.summary, 220)}</p> : null}
    </article>
  )
}

export function OrganisationsView(
  props: FilteredListProps<OrganisationFilters> & { organisations: OrgCard[] },
) {
  const f = props.filters
  const filtered = Boolean(f.kind)
  return (
    <ListLayout
      list={props}
      pageHref={(p) => props.href(f, p)}
      title="Organisations"
      description="The charities, public bodies, researchers and partners whose courses, reports and campaigns this site shows."
      crumb="Organisations"
      lede="The charities, public bodies, researchers and partners whose courses, reports and campaigns appear on this site."
    >
      <FilterForm
        heading="Filter organisations"
        action="/organisations"
        filtered={filtered}
        clearHref="/organisations"
      >
        <ChoiceFilter filter="organisationKind" value={f.kind} />
      </FilterForm>
      <ResultHeading
        heading="Organisations"
        total={props.total}
        noun="organisation"
        filtered={filtered}
      />
      {props.organisations.length > 0 ? (
        <CardGrid>
          {props.organisations.map((o) => (
            <OrganisationCardView org={o} />
          ))}
        </CardGrid>
      ) : (
        <p>
          {filtered
            ? 'No organisations of this kind yet. Try another kind.'
            : 'There are no organisations yet.'}
        </p>
      )}
    </ListLayout>
  )
}
