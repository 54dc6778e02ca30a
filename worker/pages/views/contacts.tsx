// /contacts: public contacts only, grouped as people look for them: helplines first (someone
// may need help now), then press office, training team and the rest.
import { CONTACT_SERVICES_TITLES, type ContactService } from '../../../schemas/choices'
import type { Contact } from '../../content/models'
import { plural } from '../../render/format'
import { OrgLinks } from './cards'
import {
  ChoiceFilter,
  FilterForm,
  type FilteredListProps,
  ListLayout,
  OrganisationFilter,
} from './layout'

export type ContactFilters = {
  service?: ContactService
  /** Only this organisation's contacts (its slug and name). */
  organisation?: { slug: string; name: string }
}

const CONTACT_GROUP_ORDER: ContactService[] = [
  'helpline',
  'press-office',
  'training-team',
  'safeguarding-lead',
  'general',
]

export function ContactCard(props: { c: Contact; level?: 'h2' | 'h3' }) {
  const { c } = props
  const tel = c.phone ? `tel:${c.phone.replace(/[^0-9+]/g, '')}` : undefined
  return (
    <div class="contact-card">
      {props.level === 'h2' ? <h2>{c.name}</h2> : <h3>{c.name}</h3>}
      {c.role || c.organisation ? (
        <p class="card__meta">
          {c.role}
          {c.role && c.organisation ? ', ' : ''}
          {c.organisation ? <OrgLinks orgs={[c.organisation]} /> : null}
        </p>
      ) : null}
      <dl class="meta-list">
        {c.phone && tel ? (
          <>
            <dt>Phone</dt>
            <dd>
              <a href={tel}>{c.phone}</a>
            </dd>
          </>
        ) : null}
        {c.email ? (
          <>
            <dt>Email</dt>
            <dd>
              <a href={`mailto:${c.email}`}>{c.email}</a>
            </dd>
          </>
        ) : null}
        {c.openingHours ? (
          <>
            <dt>Open</dt>
            <dd>{c.openingHours}</dd>
          </>
        ) : null}
      </dl>
    </div>
  )
}

export function ContactsView(
  props: FilteredListProps<ContactFilters> & {
    groups: { title: string; id: string; contacts: Contact[] }[]
  },
) {
  const f = props.filters
  const filtered = Boolean(f.service || f.organisation)
  return (
    <ListLayout
      list={props}
      pageHref={(p) => props.href(f, p)}
      title="Contact us"
      description="Helplines, press office and training team contacts."
      crumb="Contacts"
      lede="If a child is in immediate danger, call 999. For advice and support, contact one of the helplines below."
    >
      <FilterForm
        heading="Filter contacts"
        action="/contacts"
        filtered={filtered}
        clearHref={props.href({}, 1)}
      >
        <OrganisationFilter organisation={f.organisation} lead="At" />
        <ChoiceFilter filter="service" value={f.service} />
      </FilterForm>
      <p class="result-count">
        {plural(props.total, 'contact')}
        {filtered ? ' match your filters' : ''}
      </p>
      {props.groups.length === 0 ? (
        <p>
          {filtered
            ? 'No contacts match these filters. Try removing a filter.'
            : 'There are no published contacts yet.'}
        </p>
      ) : null}
      {props.groups.map((g) => (
        <section class="section" aria-labelledby={g.id}>
          <h2 id={g.id}>{g.title}</h2>
          <ul class="card-list grid grid--2" role="list">
            {g.contacts.map((c) => (
              <li>
                <ContactCard c={c} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </ListLayout>
  )
}

export function groupContacts(contacts: Contact[]) {
  const groups = CONTACT_GROUP_ORDER.map((s) => ({
    title: s === 'helpline' ? 'Helplines' : CONTACT_SERVICES_TITLES[s],
    id: `contacts-${s}`,
    contacts: contacts.filter((c) => c.serviceType === s),
  }))
  groups.push({
    title: 'Other contacts',
    id: 'contacts-other',
    contacts: contacts.filter((c) => !c.serviceType),
  })
  return groups.filter((g) => g.contacts.length > 0)
}
