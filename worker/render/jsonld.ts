// schema.org JSON-LD for search engines: Course (with CourseInstance) or Event, Event for a dated
// day of action, Report, NewsArticle, Organization and WebSite. Built from already-validated
// content only.
import { pagePath } from '../../schemas/content-types'
import type {
  Campaign,
  Course,
  NewsPost,
  OrgSummary,
  Organisation,
  Report,
  Session,
} from '../content/models'
import { absoluteUrl } from '../lib/urls'

export type JsonLd = Record<string, unknown>

/** The <script type="application/ld+json"> body; `<` is escaped so no text can close the tag. */
export function jsonLdText(data: JsonLd): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

const orgLd = (site: string, o: OrgSummary): JsonLd => ({
  '@type': 'Organization',
  name: o.name,
  ...(o.slug ? { url: absoluteUrl(site, pagePath('organisation', o.slug)) } : {}),
})

const STATUS: Record<Session['status'], string> = {
  scheduled: 'https://schema.org/EventScheduled',
  postponed: 'https://schema.org/EventPostponed',
  cancelled: 'https://schema.org/EventCancelled',
}

function sessionLd(site: string, s: Session, url: string): JsonLd {
  const end = s.durationMinutes
    ? new Date(Date.parse(s.start) + s.durationMinutes * 60_000).toISOString()
    : undefined
  const online = s.mode === 'online'
  return {
    startDate: s.start,
    ...(end ? { endDate: end } : {}),
    eventStatus: STATUS[s.status],
    eventAttendanceMode: online
      ? 'https://schema.org/OnlineEventAttendanceMode'
      : 'https://schema.org/OfflineEventAttendanceMode',
    location: online
      ? { '@type': 'VirtualLocation', url }
      : {
          '@type': 'Place',
          name: s.venue?.name ?? s.venue?.city ?? 'To be confirmed',
          address: [s.venue?.address, s.venue?.city].filter(Boolean).join(', ') || undefined,
        },
    ...(s.capacity ? { maximumAttendeeCapacity: s.capacity } : {}),
  }
}

/** Course with its sessions as CourseInstances; an 'event' format course becomes Events. */
export function courseLd(site: string, course: Course, path: string): JsonLd | JsonLd[] {
  const url = absoluteUrl(site, path)
  const offers = {
    '@type': 'Offer',
    category: course.price && !course.price.isFree ? 'Paid' : 'Free',
    price: course.price && !course.price.isFree ? (course.price.amount ?? 0) : 0,
    priceCurrency: course.price?.currency ?? 'GBP',
    url,
  }
  if (course.format === 'event' && course.sessions.length > 0) {
    return course.sessions.map((s) => ({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: s.title ?? course.title,
      description: course.summary,
      url,
      organizer: course.providers.map((p) => orgLd(site, p)),
      offers,
      ...sessionLd(site, s, url),
    }))
  }
  return {
    '@context': 'https://schema.org',
    '@type': 'Course',
    name: course.title,
    description: course.summary ?? course.title,
    url,
    ...(course.providers[0] ? { provider: orgLd(site, course.providers[0]) } : {}),
    ...(course.topics.length ? { about: course.topics } : {}),
    isAccessibleForFree: !course.price || course.price.isFree,
    offers,
    hasCourseInstance: course.sessions.map((s) => ({
      '@type': 'CourseInstance',
      name: s.title ?? course.title,
      courseMode: s.mode === 'in-person' ? 'Onsite' : 'Online',
      ...sessionLd(site, s, url),
    })),
  }
}

/**
 * A day of action with a date is an Event. People take part wherever they are, online or off,
 * so its location is the campaign page itself. Other campaigns have no Event to describe.
 */
export function campaignEventLd(site: string, c: Campaign, path: string): JsonLd | undefined {
  if (c.kind !== 'day-of-action' || !c.startDate) return undefined
  const url = absoluteUrl(site, path)
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: c.title,
    ...(c.summary ? { description: c.summary } : {}),
    url,
    startDate: c.startDate,
    endDate: c.endDate && c.endDate >= c.startDate ? c.endDate : c.startDate,
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/MixedEventAttendanceMode',
    location: { '@type': 'VirtualLocation', url },
    ...(c.organisations.length > 0
      ? { organizer: c.organisations.map((o) => orgLd(site, o)) }
      : {}),
  }
}

export function reportLd(site: string, report: Report, path: string): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'Report',
    headline: report.title,
    name: report.title,
    description: report.summary,
    url: absoluteUrl(site, path),
    ...(report.publishedAt ? { datePublished: report.publishedAt } : {}),
    author: report.authors.map((name) => ({ '@type': 'Person', name })),
    publisher: report.publishers.map((p) => orgLd(site, p)),
    ...(report.fileUrl
      ? {
          encoding: {
            '@type': 'MediaObject',
            contentUrl: report.fileUrl,
            encodingFormat: 'application/pdf',
          },
        }
      : {}),
  }
}

export function newsLd(
  site: string,
  post: NewsPost,
  path: string,
  publisher?: OrgSummary,
  imageUrl?: string,
): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: post.title,
    description: post.excerpt,
    url: absoluteUrl(site, path),
    ...(post.publishedAt ? { datePublished: post.publishedAt } : {}),
    ...(imageUrl ? { image: [imageUrl] } : {}),
    ...(publisher ? { publisher: orgLd(site, publisher) } : {}),
  }
}

export function organisationLd(
  site: string,
  org: Organisation,
  path: string,
  logoUrl?: string,
): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'Organization',
    name: org.name,
    url: org.website ?? absoluteUrl(site, path),
    description: org.summary,
    ...(org.website ? { sameAs: [org.website] } : {}),
    ...(logoUrl ? { logo: logoUrl } : {}),
    ...(org.country ? { address: { '@type': 'PostalAddress', addressCountry: org.country } } : {}),
  }
}

export function websiteLd(site: string, name: string, publisher?: OrgSummary): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name,
    url: absoluteUrl(site, '/'),
    potentialAction: {
      '@type': 'SearchAction',
      target: `${absoluteUrl(site, '/search')}?q={search_term_string}`,
      'query-input': 'required name=search_term_string',
    },
    ...(publisher ? { publisher: orgLd(site, publisher) } : {}),
  }
}
