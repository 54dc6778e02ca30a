// Builders for /organisations (the directory: a kind filter, paginated; the store filters, orders
// and counts and sends the page's cards), /organisations/:slug (a bounded number of courses and
// reports, with counts and links to the full lists) and /contacts (filtered by service and
// organisation, paginated).
import { pagePath } from '../../../schemas/content-types'
import { CONTACT_SERVICES, ORGANISATION_KINDS } from '../../../schemas/choices'
import {
  campaignCard,
  contact,
  courseCard,
  newsCard,
  organisation,
  orgCard,
  orgSummary,
  reportCard,
} from '../../content/models'
import { contactsQuery, organisationListQuery, organisationQuery } from '../../content/queries'
import { cardBoundaries, sortCourses } from '../course-logic'
import {
  deps,
  htmlPage,
  listOrganisation,
  listParams,
  listPath,
  listWindow,
  notFoundPage,
  pageParam,
  parseItems,
  slugParam,
  staleAfter,
  type BuildContext,
  type BuiltPage,
} from '../kit'
import { parseSettings } from '../../content/settings'
import { field } from '../../content/raw-results'
import { ContactsView, groupContacts, type ContactFilters } from '../views/contacts'
import { OrganisationView } from '../views/organisation'
import { OrganisationsView, type OrganisationFilters } from '../views/organisations'

function organisationsHref(f: OrganisationFilters, page: number): string {
  return listPath('/organisations', [['kind', f.kind]], page)
}

export async function buildOrganisationList(ctx: BuildContext): Promise<BuiltPage> {
  // An unknown kind is ignored, as /courses ignores an unknown filter value: the page shows
  // every organisation under its canonical path.
  const kind = ORGANISATION_KINDS.find((k) => k === ctx.url.searchParams.get('kind'))
  const raw = await ctx.fetch(organisationListQuery, { kind: kind ?? null, ...listParams(ctx.url) })
  const settings = parseSettings(field(raw, 'settings'))
  const page = pageParam(ctx.url)
  const { total, pages, slice } = listWindow(raw, page, orgCard)
  const pageDeps = deps([field(raw, 'settings'), ...slice.map((o) => o.raw)], ['organisation'])
  if (page === null || page > pages) return notFoundPage(ctx, settings, pageDeps)
  const filters: OrganisationFilters = { kind }
  const path = organisationsHref(filters, page)
  return htmlPage({
    path,
    title: 'Organisations',
    deps: pageDeps,
    element: (
      <OrganisationsView
        env={ctx.env}
        settings={settings}
        path={path}
        filters={filters}
        organisations={slice.map((o) => o.item)}
        total={total}
        page={page}
        pages={pages}
        href={organisationsHref}
      />
    ),
  })
}

export async function buildOrganisation(ctx: BuildContext, slug: string): Promise<BuiltPage> {
  const raw = await ctx.fetch(organisationQuery, { slug, now: ctx.now.toISOString() })
  const settings = parseSettings(field(raw, 'settings'))
  const rawOrg = field(raw, 'organisation')
  const parsed = organisation.safeParse(rawOrg)
  // Lists on this page grow when any course, report, campaign, news post or organisation names
  // this one.
  const listTypes = ['course', 'report', 'campaign', 'newsPost', 'organisation']
  if (!parsed.success) {
    return notFoundPage(ctx, settings, deps([field(raw, 'settings'), rawOrg], listTypes))
  }
  const o = parsed.data
  // Partnerships are recorded on either side; show each partner once.
  const partners = [
    ...o.partners,
    ...parseItems(orgSummary, field(rawOrg, 'partnerOf')).map((p) => p.item),
  ].filter((p, i, all) => p._id !== o._id && all.findIndex((q) => q._id === p._id) === i)
  const path = pagePath('organisation', o.slug)
  const courseItems = parseItems(courseCard, field(raw, 'courses'))
  const courses = sortCourses(
    courseItems.map((c) => c.item),
    ctx.now,
    'upcoming',
  )
  const news = parseItems(newsCard, field(rawOrg, 'news')).map((n) => n.item)
  const count = (v: unknown) => (typeof v === 'number' ? v : 0)
  const nextEnd = field(raw, 'nextEnd')
  return htmlPage({
    path,
    title: o.name,
    deps: deps([field(raw, 'settings'), rawOrg, ...courseItems.map((c) => c.raw)], listTypes),
    // A listed course's registration or sessions move with time, and any course of theirs can
    // leave the upcoming list when its last session ends (the store gives the first such end).
    staleAt: staleAfter(ctx.now, [
      ...cardBoundaries(courses),
      typeof nextEnd === 'number' ? ctx.now.getTime() + Math.round(nextEnd * 1000) : undefined,
    ]),
    element: (
      <OrganisationView
        env={ctx.env}
        settings={settings}
        org={o}
        partners={partners}
        courses={courses}
        upcomingTotal={Math.max(count(field(raw, 'upcomingTotal')), courses.length)}
        coursesTotal={count(field(raw, 'coursesTotal'))}
        reports={parseItems(reportCard, field(rawOrg, 'reports')).map((r) => r.item)}
        reportsTotal={count(field(rawOrg, 'reportsTotal'))}
        campaigns={parseItems(campaignCard, field(rawOrg, 'campaigns')).map((c) => c.item)}
        news={news}
        moreNews={count(field(rawOrg, 'newsTotal')) > news.length}
        path={path}
        now={ctx.now}
      />
    ),
  })
}

function contactsHref(f: ContactFilters, page: number): string {
  return listPath(
    '/contacts',
    [
      ['service', f.service],
      ['organisation', f.organisation?.slug],
    ],
    page,
  )
}

export async function buildContacts(ctx: BuildContext): Promise<BuiltPage> {
  const q = ctx.url.searchParams
  const service = CONTACT_SERVICES.find((s) => s === q.get('service'))
  const raw = await ctx.fetch(contactsQuery, {
    service: service ?? null,
    organisation: slugParam(q.get('organisation')),
    ...listParams(ctx.url),
  })
  const settings = parseSettings(field(raw, 'settings'))
  const filters: ContactFilters = { service, organisation: listOrganisation(field(raw, 'org')) }
  const page = pageParam(ctx.url)
  const { total, pages, slice } = listWindow(raw, page, contact)
  // A contacts page lists ways to get in touch: a person with no public email or phone (a
  // trainer named on a course, say) is not one. The store leaves those out; a value the
  // schema rejects (a malformed phone number) is caught here.
  const shown = slice.filter((c) => c.item.email !== undefined || c.item.phone !== undefined)
  const pageDeps = deps([field(raw, 'settings'), ...shown.map((c) => c.raw)], ['contact'])
  if (page === null || page > pages) return notFoundPage(ctx, settings, pageDeps)
  const path = contactsHref(filters, page)
  return htmlPage({
    path,
    title: 'Contact us',
    deps: pageDeps,
    element: (
      <ContactsView
        env={ctx.env}
        settings={settings}
        path={path}
        filters={filters}
        groups={groupContacts(shown.map((c) => c.item))}
        total={total}
        page={page}
        pages={pages}
        href={contactsHref}
      />
    ),
  })
}
