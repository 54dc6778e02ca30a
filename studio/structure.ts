// The desk structure the comms team works from: what is coming up first (upcoming sessions, live
// campaigns), then everything by type, reports grouped by year, contacts that need re-checking,
// and the site settings singleton.
import { CalendarIcon } from '@sanity/icons/Calendar'
import { CogIcon } from '@sanity/icons/Cog'
import { DocumentPdfIcon } from '@sanity/icons/DocumentPdf'
import { DocumentTextIcon } from '@sanity/icons/DocumentText'
import { HeartIcon } from '@sanity/icons/Heart'
import { PresentationIcon } from '@sanity/icons/Presentation'
import { UserIcon } from '@sanity/icons/User'
import { WarningOutlineIcon } from '@sanity/icons/WarningOutline'
import type { StructureBuilder, StructureResolver } from 'sanity/structure'
import { COURSE_FORMATS, COURSE_FORMATS_TITLES } from '../schemas/choices'
import { apiVersion } from './env'

export const SINGLETON_TYPES = new Set(['siteSettings'])

// Courses with a session still to come, soonest first; cancelled sessions do not count.
const UPCOMING_COURSES = `*[_type == "course" && count(sessions[dateTime(start) > dateTime(now()) && status != "cancelled"]) > 0]{
  _id,
  "next": sessions[dateTime(start) > dateTime(now()) && status != "cancelled"] | order(start asc)[0].start
} | order(next asc)._id`

const REPORT_DATES = `*[_type == "report" && defined(publishedAt)].publishedAt`

/** The date twelve months ago, as YYYY-MM-DD, for "due for re-verification". */
function twelveMonthsAgo(now = new Date()): string {
  const d = new Date(now)
  d.setUTCFullYear(d.getUTCFullYear() - 1)
  return d.toISOString().slice(0, 10)
}

function coursesByFormat(S: StructureBuilder) {
  return S.listItem()
    .id('courses-by-format')
    .title('Courses by format')
    .icon(PresentationIcon)
    .child(
      S.list()
        .title('Courses by format')
        .items(
          COURSE_FORMATS.map((format) =>
            S.listItem()
              .id(`format-${format}`)
              .title(COURSE_FORMATS_TITLES[format])
              .icon(PresentationIcon)
              .child(
                S.documentList()
                  .title(COURSE_FORMATS_TITLES[format])
                  .schemaType('course')
                  .filter('_type == "course" && format == $format')
                  .params({ format })
                  .apiVersion(apiVersion),
              ),
          ),
        ),
    )
}

export const structure: StructureResolver = (S, context) => {
  const client = context.getClient({ apiVersion }).withConfig({ perspective: 'drafts' })

  const upcomingSessions = S.listItem()
    .id('upcoming-sessions')
    .title('Upcoming sessions')
    .icon(CalendarIcon)
    .child(async () => {
      const ids = await client.fetch<string[]>(UPCOMING_COURSES)
      return S.list()
        .title('Upcoming sessions (soonest first)')
        .items(ids.map((id) => S.documentListItem().id(id).schemaType('course')))
    })

  const reportsByYear = S.listItem()
    .id('reports-by-year')
    .title('Reports by year')
    .icon(DocumentPdfIcon)
    .child(async () => {
      const dates = await client.fetch<string[]>(REPORT_DATES)
      const years = [...new Set(dates.map((d) => d.slice(0, 4)))].sort().reverse()
      return S.list()
        .title('Reports by year')
        .items(
          years.map((year) =>
            S.listItem()
              .id(`reports-${year}`)
              .title(year)
              .icon(DocumentPdfIcon)
              .child(
                S.documentList()
                  .title(`Reports published in ${year}`)
                  .schemaType('report')
                  .filter('_type == "report" && publishedAt >= $from && publishedAt < $to')
                  .params({ from: `${year}-01-01`, to: `${Number(year) + 1}-01-01` })
                  .defaultOrdering([{ field: 'publishedAt', direction: 'desc' }])
                  .apiVersion(apiVersion),
              ),
          ),
        )
    })

  const contactsDue = S.listItem()
    .id('contacts-due')
    .title('Contacts due for re-verification')
    .icon(WarningOutlineIcon)
    .child(() =>
      S.documentList()
        .title('Not verified in the last 12 months')
        .schemaType('contact')
        .filter('_type == "contact" && (!defined(lastVerified) || lastVerified < $cutoff)')
        .params({ cutoff: twelveMonthsAgo() })
        .defaultOrdering([{ field: 'lastVerified', direction: 'asc' }])
        .apiVersion(apiVersion),
    )

  const liveCampaigns = S.listItem()
    .id('live-campaigns')
    .title('Live campaigns')
    .icon(HeartIcon)
    .child(
      S.documentList()
        .title('Live campaigns')
        .schemaType('campaign')
        .filter('_type == "campaign" && status == "live"')
        .apiVersion(apiVersion),
    )

  const siteSettings = S.listItem()
    .id('siteSettings')
    .title('Site settings')
    .icon(CogIcon)
    .child(
      S.document().schemaType('siteSettings').documentId('siteSettings').title('Site settings'),
    )

  const placed = [
    upcomingSessions,
    liveCampaigns,
    S.divider(),
    S.documentTypeListItem('course').title('All courses'),
    coursesByFormat(S),
    S.documentTypeListItem('campaign').title('All campaigns'),
    reportsByYear,
    S.documentTypeListItem('report').title('All reports').icon(DocumentPdfIcon),
    S.documentTypeListItem('newsPost').title('News').icon(DocumentTextIcon),
    S.divider(),
    S.documentTypeListItem('organisation').title('Organisations'),
    contactsDue,
    S.documentTypeListItem('contact').title('All contacts').icon(UserIcon),
    S.divider(),
    siteSettings,
  ]
  // A document type placed nowhere above still gets its list, at the end: a new type is never
  // missing from the menu, only waiting for a better place in it.
  const ids = new Set(placed.map((item) => ('getId' in item ? item.getId() : undefined)))
  const unplaced = S.documentTypeListItems().filter((item) => !ids.has(item.getId()))
  return S.list()
    .title('Content')
    .items(unplaced.length > 0 ? [...placed, S.divider(), ...unplaced] : placed)
}
