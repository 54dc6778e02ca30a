// zod schemas for every document shape the pages read, built on the shared choice lists. They
// mirror the projections in queries.ts: field names are the content model's, references come
// already dereferenced, slugs come as `slug` strings.
import * as z from 'zod'
import {
  AUDIENCES,
  CAMPAIGN_KINDS,
  CAMPAIGN_STATUSES,
  CONTACT_KINDS,
  CONTACT_SERVICES,
  COURSE_FORMATS,
  ORGANISATION_KINDS,
  REPORT_KINDS,
  SESSION_MODES,
  SESSION_STATUSES,
  TOPICS,
} from '../../schemas/choices'
import {
  blocks,
  dateTime,
  enumList,
  flag,
  href,
  isTimeZone,
  link,
  list,
  optDate,
  optDateTime,
  optEmail,
  optEnum,
  optImage,
  optPositive,
  optText,
  optWebUrl,
  seo,
  slug,
  text,
} from './fields'

export const DEFAULT_QUICK_EXIT_URL = 'https://www.bbc.co.uk/weather'
export const DEFAULT_TIMEZONE = 'Europe/London'

/** What every document with a page of its own carries: its id, title and web address. */
export const pageDocument = z.object({ _id: text, title: text, slug })

export const orgSummary = z.object({
  _id: text,
  name: text,
  slug: slug.optional().catch(undefined),
  kind: optEnum(ORGANISATION_KINDS),
})
export type OrgSummary = z.output<typeof orgSummary>

/** An organisation in the /organisations directory: it needs a slug, as its card links to it. */
export const orgCard = orgSummary.extend({ slug, country: optText, summary: optText })
export type OrgCard = z.output<typeof orgCard>

export const organisation = orgCard.extend({
  website: optWebUrl,
  logo: optImage,
  partners: list(orgSummary),
  seo,
})
export type Organisation = z.output<typeof organisation>

export const settings = z.object({
  _id: text,
  title: text.catch('Safeguard'),
  tagline: optText,
  navigation: list(link),
  footer: z.object({ text: optText, links: list(link) }).catch({ text: undefined, links: [] }),
  quickExitUrl: optWebUrl.transform((u) => u ?? DEFAULT_QUICK_EXIT_URL),
  defaultSeo: seo,
  alertTopics: enumList(TOPICS),
  // The publishing organisation as settingsQuery projects it: no partners, no SEO.
  organisation: organisation
    .omit({ partners: true, seo: true })
    .partial({ slug: true })
    .optional()
    .catch(undefined),
})
export type Settings = z.output<typeof settings>

/** Contact details arrive only for public contacts (the query nulls them otherwise). */
export const contact = z.object({
  _id: text,
  name: text,
  kind: optEnum(CONTACT_KINDS),
  serviceType: optEnum(CONTACT_SERVICES),
  role: optText,
  email: optEmail,
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{4,24}$/)
    .optional()
    .catch(undefined),
  openingHours: optText,
  organisation: orgSummary.optional().catch(undefined),
})
export type Contact = z.output<typeof contact>

export const session = z.object({
  _key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  title: optText,
  start: dateTime,
  durationMinutes: optPositive,
  timezone: z.string().refine(isTimeZone).catch(DEFAULT_TIMEZONE),
  mode: optEnum(SESSION_MODES),
  venue: z.object({ name: optText, address: optText, city: optText }).optional().catch(undefined),
  capacity: z.number().int().positive().optional().catch(undefined),
  registrationOpens: optDateTime,
  registrationCloses: optDateTime,
  status: z.enum(SESSION_STATUSES).catch('scheduled'),
})
export type Session = z.output<typeof session>

const price = z
  .object({
    isFree: z.boolean().catch(true),
    amount: z.number().finite().nonnegative().optional().catch(undefined),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .catch('GBP'),
    note: optText,
  })
  .optional()
  .catch(undefined)
export type Price = NonNullable<z.output<typeof price>>

export const courseCard = pageDocument.extend({
  format: optEnum(COURSE_FORMATS),
  audiences: enumList(AUDIENCES),
  topics: enumList(TOPICS),
  summary: optText,
  isExample: flag,
  price,
  sessions: list(session),
})
export type CourseCard = z.output<typeof courseCard>

export const course = courseCard.extend({
  body: blocks,
  learningOutcomes: list(text),
  trainers: list(contact),
  providers: list(orgSummary),
  cpdHours: optPositive,
  registrationEmail: optEmail,
  seo,
})
export type Course = z.output<typeof course>

export const reportCard = pageDocument.extend({
  kind: optEnum(REPORT_KINDS),
  publishedAt: optDate,
  summary: optText,
  topics: enumList(TOPICS),
  publishers: list(orgSummary),
})
export type ReportCard = z.output<typeof reportCard>

export const campaignCard = pageDocument.extend({
  kind: optEnum(CAMPAIGN_KINDS),
  status: optEnum(CAMPAIGN_STATUSES),
  startDate: optDate,
  endDate: optDate,
  summary: optText,
})
export type CampaignCard = z.output<typeof campaignCard>

const petition = z
  .object({
    target: optText,
    goal: z.number().int().positive().optional().catch(undefined),
    milestones: list(z.number().int().positive()).transform((m) =>
      [...new Set(m)].sort((a, b) => a - b),
    ),
    closingDate: optDateTime,
    showCount: flag,
    offlineCount: z.number().int().nonnegative().catch(0),
  })
  .optional()
  .catch(undefined)
export type Petition = NonNullable<z.output<typeof petition>>

const media = z.object({
  _key: optText,
  image: optImage,
  caption: optText,
  videoUrl: optWebUrl,
})

export const campaign = campaignCard.extend({
  body: blocks,
  organisations: list(orgSummary),
  callToAction: z.object({ label: text, url: href }).optional().catch(undefined),
  petition,
  relatedReports: list(reportCard),
  relatedCourses: list(courseCard),
  media: list(media).transform((m) =>
    m.filter((i) => i.image !== undefined || i.videoUrl !== undefined),
  ),
  seo,
})
export type Campaign = z.output<typeof campaign>

export const report = reportCard.extend({
  authors: list(text),
  keyFindings: list(text),
  body: blocks,
  fileUrl: optWebUrl,
  fileSizeBytes: optPositive,
  externalUrl: optWebUrl,
  relatedCampaigns: list(campaignCard),
  seo,
})
export type Report = z.output<typeof report>

export const newsCard = pageDocument.extend({
  publishedAt: optDateTime,
  excerpt: optText,
  mainImage: optImage,
  topics: enumList(TOPICS),
})
export type NewsCard = z.output<typeof newsCard>

export const newsPost = newsCard.extend({
  body: blocks,
  organisations: list(orgSummary),
  relatedCampaigns: list(campaignCard),
  relatedCourses: list(courseCard),
  relatedReports: list(reportCard),
  seo,
})
export type NewsPost = z.output<typeof newsPost>

// ---- Feeds (worker/pages/feeds): the card shapes plus when each document last changed ----

export const sitemapDocument = z.object({
  _id: text,
  _type: text,
  _updatedAt: optDateTime,
  slug,
  noIndex: flag,
})
export type SitemapDocument = z.output<typeof sitemapDocument>

export const feedCourse = courseCard.extend({ _updatedAt: optDateTime })
/** A session as a calendar event shows it (no capacity or registration dates). */
const calendarSession = session.omit({
  capacity: true,
  registrationOpens: true,
  registrationCloses: true,
})
export type CalendarSession = z.output<typeof calendarSession>
/** A course as a subscription calendar reads it: what its events show, and its sessions. */
export const calendarCourse = pageDocument.extend({
  summary: optText,
  isExample: flag,
  _updatedAt: optDateTime,
  sessions: list(calendarSession),
})
export type CalendarCourse = z.output<typeof calendarCourse>
export const feedNews = newsCard.extend({ _updatedAt: optDateTime })
export type FeedNews = z.output<typeof feedNews>
export const feedReport = reportCard
  .omit({ publishers: true })
  .extend({ _updatedAt: optDateTime, authors: list(text) })
export type FeedReport = z.output<typeof feedReport>
