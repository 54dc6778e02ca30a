// The frames of the page views: a listing's layout with its filters, result heading and
// pagination, and a document's page with what it says of itself in its head.
import { pagePath } from '../../../schemas/content-types'
import type { Child } from 'hono/jsx'
import {
  AUDIENCES,
  AUDIENCES_TITLES,
  CONTACT_SERVICES,
  CONTACT_SERVICES_TITLES,
  COURSE_FORMATS,
  COURSE_FORMATS_TITLES,
  ORGANISATION_KINDS,
  ORGANISATION_KINDS_TITLES,
  REPORT_KINDS,
  REPORT_KINDS_TITLES,
  TOPICS,
  TOPICS_TITLES,
} from '../../../schemas/choices'
import type { Settings } from '../../content/models'
import { plural } from '../../render/format'
import type { PageMeta } from '../../render/meta'
import { type Crumb, Layout } from '../../ui/layout'

/** What every filtered, paginated list view takes besides its items. */
export type FilteredListProps<F> = {
  env: Env
  settings: Settings
  path: string
  filters: F
  total: number
  page: number
  pages: number
  /** The address of `page` of the list under `filters`. */
  href: (filters: F, page: number) => string
}

/**
 * A paginated list page's layout: its title carries the page number after the first page, the
 * breadcrumb names the list, and the page opens with its heading (the title unless `heading` says
 * otherwise) and the lede that introduces the list. The list's pagination follows the children
 * (`pageHref` gives each page's address), then `footer`.
 */
export function ListLayout(props: {
  list: { env: Env; settings: Settings; path: string; page: number; pages: number }
  pageHref: (page: number) => string
  title: string
  heading?: string
  description: string
  lede?: string
  crumb: string
  children?: Child
  footer?: Child
}) {
  const { env, settings, path, page, pages } = props.list
  return (
    <Layout
      env={env}
      settings={settings}
      meta={{
        title: page > 1 ? `${props.title} (page ${page})` : props.title,
        description: props.description,
        path,
      }}
      breadcrumbs={[{ label: props.crumb }]}
    >
      <h1>{props.heading ?? props.title}</h1>
      {props.lede ? <p class="lede">{props.lede}</p> : null}
      {props.children}
      <Pagination page={page} pages={pages} href={props.pageHref} />
      {props.footer}
    </Layout>
  )
}

/**
 * A document's page layout: its head says what the document says of itself (its title, summary
 * and own SEO, plus what `meta` adds), and the breadcrumb leads back to the list it belongs to.
 */
export function DocumentLayout(props: {
  page: { env: Env; settings: Settings; path: string }
  doc: { title: string; summary?: string; seo?: PageMeta['seo'] }
  list: Crumb
  meta?: Pick<PageMeta, 'image' | 'type' | 'jsonLd'>
  children?: Child
}) {
  const { env, settings, path } = props.page
  const { doc } = props
  return (
    <Layout
      env={env}
      settings={settings}
      meta={{ title: doc.title, description: doc.summary, path, seo: doc.seo, ...props.meta }}
      breadcrumbs={[props.list, { label: doc.title }]}
    >
      {props.children}
    </Layout>
  )
}

/** A SelectField's options from a choice list and the titles it shows for each value. */
export const choiceOptions = <T extends string>(values: readonly T[], titles: Record<T, string>) =>
  values.map((value) => ({ value, title: titles[value] }))

const choiceFilter = <T extends string>(
  name: string,
  label: string,
  anyLabel: string,
  values: readonly T[],
  titles: Record<T, string>,
) => ({ name, label, anyLabel, options: choiceOptions(values, titles) })

/**
 * The lists' filters over the shared choice lists, one entry each: a list's form names the filter
 * and passes its value, so a filter reads and is labelled the same on every list that offers it.
 */
const CHOICE_FILTERS = {
  topic: choiceFilter('topic', 'Topic', 'Any topic', TOPICS, TOPICS_TITLES),
  audience: choiceFilter('audience', 'Audience', 'Any audience', AUDIENCES, AUDIENCES_TITLES),
  format: choiceFilter('format', 'Format', 'Any format', COURSE_FORMATS, COURSE_FORMATS_TITLES),
  service: choiceFilter(
    'service',
    'Service',
    'Any service',
    CONTACT_SERVICES,
    CONTACT_SERVICES_TITLES,
  ),
  reportKind: choiceFilter('kind', 'Kind of report', 'Any kind', REPORT_KINDS, REPORT_KINDS_TITLES),
  organisationKind: choiceFilter(
    'kind',
    'Kind of organisation',
    'Any kind',
    ORGANISATION_KINDS,
    ORGANISATION_KINDS_TITLES,
  ),
}

/** One of the shared choice filters in a list's filter form. */
export function ChoiceFilter(props: { filter: keyof typeof CHOICE_FILTERS; value?: string }) {
  const f = CHOICE_FILTERS[props.filter]
  return <SelectField id={`filter-${f.name}`} value={props.value} {...f} />
}

/**
 * A list's filter form: a visually hidden heading names the form (a landmark screen readers list),
 * and a plain GET to `action` applies the filters (the children), so it works without JavaScript.
 * It ends with its submit button and, once a filter is set, a link to `clearHref`.
 */
export function FilterForm(props: {
  heading: string
  action: string
  filtered: boolean
  clearHref: string
  children?: Child
}) {
  return (
    <section class="filters">
      <h2 id="filters-heading" class="visually-hidden">
        {props.heading}
      </h2>
      <form method="get" action={props.action} aria-labelledby="filters-heading">
        {props.children}
        <div class="filters__actions">
          <button type="submit">Apply filters</button>
          {props.filtered ? <a href={props.clearHref}>Clear filters</a> : null}
        </div>
      </form>
    </section>
  )
}

/**
 * The organisation a list is narrowed to (from its page's link): kept as a hidden field, so the
 * other filters apply within it, and named with a link back to it.
 */
export function OrganisationFilter(props: {
  organisation?: { slug: string; name: string }
  lead: string
}) {
  const o = props.organisation
  if (!o) return null
  return (
    <p>
      <input type="hidden" name="organisation" value={o.slug} />
      {props.lead} <a href={pagePath('organisation', o.slug)}>{o.name}</a>
    </p>
  )
}

/** A filtered list's heading with the number of matches. */
export function ResultHeading(props: {
  heading: string
  total: number
  noun: string
  filtered: boolean
}) {
  return (
    <h2>
      {props.heading}
      <span class="result-count">
        {' '}
        ({plural(props.total, props.noun)}
        {props.filtered ? ' match your filters' : ''})
      </span>
    </h2>
  )
}

export function SelectField(props: {
  id: string
  name: string
  label: string
  value?: string
  anyLabel: string
  options: { value: string; title: string }[]
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        <option value="">{props.anyLabel}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={props.value === o.value}>
            {o.title}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Numbered pagination; `href(page)` builds each page's URL (filters kept). */
export function Pagination(props: { page: number; pages: number; href: (page: number) => string }) {
  if (props.pages <= 1) return null
  const { page, pages } = props
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter(
    (p) => p >= 1 && p <= pages,
  )
  return (
    <nav class="pagination" aria-label="Pagination">
      <ul>
        {page > 1 ? (
          <li>
            <a href={props.href(page - 1)} rel="prev">
              Previous<span class="visually-hidden"> page</span>
            </a>
          </li>
        ) : null}
        {shown.map((p, i) => (
          <>
            {i > 0 && p - (shown[i - 1] ?? p) > 1 ? <li aria-hidden="true">…</li> : null}
            <li>
              {p === page ? (
                <span aria-current="page">
                  <span class="visually-hidden">Page </span>
                  {p}
                </span>
              ) : (
                <a href={props.href(p)}>
                  <span class="visually-hidden">Page </span>
                  {p}
                </a>
              )}
            </li>
          </>
        ))}
        {page < pages ? (
          <li>
            <a href={props.href(page + 1)} rel="next">
              Next<span class="visually-hidden"> page</span>
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  )
}
