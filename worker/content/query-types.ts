// The zod models (models.ts) checked against the result types `npm run typegen` generates from
// the queries (sanity.types.ts), at compile time: a query that stops projecting a field a model
// reads, or projects it with another type, fails `tsc`. Nothing here runs.
//
// The two describe the same data from two sides. The generated type says what the query can
// return (nulls for missing values, every choice an editor could store); the model says what a
// page accepts after validation (missing values as undefined, bad list items dropped, images
// reduced to what the renderer needs). So the check is "can the query feed the model", not
// equality: see Fits.
import type * as z from 'zod'
import type { ContentType, PageType, SearchableType } from '../../schemas/content-types'
import type * as Q from '../sanity.types'
import type { image, Image } from './fields'
import type * as M from './models'

/** Compiles only when T is true. */
export type Expect<T extends true> = T

export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

type Defined<T> = Exclude<T, null | undefined>
type Item<T> = Defined<T> extends readonly (infer I)[] ? I : never

/** True when at least one member of the union Gen can feed Out. */
type SomeFits<Out, Gen> = true extends (Gen extends unknown ? Fits<Out, Gen> : never) ? true : false

/**
 * Can the query's value Gen feed the model's output Out?
 * - `unknown` in the model: a raw value checked later (Portable Text is checked as it renders).
 * - images: the model reshapes them, so what its parser reads is compared instead.
 * - lists: some kind of item the query returns must fit (the model drops the others, such as
 *   contacts the query hides unless public).
 * - objects: every field the model reads must be projected, and fit (a record: every value).
 * - scalars: the two types must overlap (a literal fits a string; an enum fits a narrower enum,
 *   values outside it being dropped; null stands for missing on both sides).
 */
export type Fits<Out, Gen> = unknown extends Out
  ? true
  : [Defined<Out>] extends [Image]
    ? SomeFits<z.input<typeof image>, Defined<Gen>>
    : [Defined<Out>] extends [readonly unknown[]]
      ? [Defined<Gen>] extends [readonly unknown[]]
        ? SomeFits<Item<Out>, Item<Gen>>
        : false
      : [Defined<Out>] extends [object]
        ? [Defined<Gen>] extends [never]
          ? false
          : Defined<Gen> extends object
            ? FieldsFit<Defined<Out>, Defined<Gen>>
            : false
        : [Extract<Defined<Gen>, Defined<Out>> | Extract<Defined<Out>, Defined<Gen>>] extends [
              never,
            ]
          ? false
          : true

type FieldsFit<Out, Gen> = string extends keyof Out
  ? // A record the model keys by any name (sitemap dates by type): every projected value fits.
    SomeFits<Out[string & keyof Out], Gen[keyof Gen]>
  : NamedFieldsFit<Out, Gen>

type NamedFieldsFit<Out, Gen> = false extends {
  [K in keyof Out]-?: K extends keyof Gen ? Fits<Out[K], Gen[K]> : false
}[keyof Out]
  ? false
  : true

/** Does every item of the query's list fit the model's item? */
type ItemsFit<Model extends z.ZodType, GenList> = SomeFits<z.output<Model>, Item<GenList>>
/** Does the query's single document fit the model? */
type DocFits<Model extends z.ZodType, Gen> = SomeFits<z.output<Model>, Defined<Gen>>

// The helper itself: a missing field and a changed type are caught, nulls and literals are not.
type _Self = [
  Expect<Fits<{ a?: string }, { a: string | null }>>,
  Expect<Fits<{ a: string }, { a: 'x'; b: number }>>,
  Expect<Fits<{ a: 'x' | 'y' }, { a: string }>>,
  Expect<Equal<Fits<{ a: string }, { b: string }>, false>>,
  Expect<Equal<Fits<{ a: string }, { a: number }>, false>>,
  Expect<Equal<Fits<{ a: string[] }, { a: { b: string }[] }>, false>>,
  Expect<Fits<Record<string, number>, { a: number; b: number | null }>>,
  Expect<Equal<Fits<Record<string, number>, { a: string }>, false>>,
]

// ---- Every page's site settings ----

type Settings<R extends { settings: unknown }> = DocFits<typeof M.settings, R['settings']>
type _Settings = [
  Expect<DocFits<typeof M.settings, Q.SettingsQueryResult>>,
  Expect<Settings<Q.HomeQueryResult>>,
  Expect<Settings<Q.CourseListUpcomingQueryResult>>,
  Expect<Settings<Q.CourseListPastQueryResult>>,
  Expect<Settings<Q.CourseQueryResult>>,
  Expect<Settings<Q.CampaignListQueryResult>>,
  Expect<Settings<Q.CampaignQueryResult>>,
  Expect<Settings<Q.ReportListQueryResult>>,
  Expect<Settings<Q.ReportQueryResult>>,
  Expect<Settings<Q.OrganisationQueryResult>>,
  Expect<Settings<Q.OrganisationListQueryResult>>,
  Expect<Settings<Q.ContactsQueryResult>>,
  Expect<Settings<Q.NewsListQueryResult>>,
  Expect<Settings<Q.NewsPostQueryResult>>,
  Expect<Settings<Q.SearchIndexQueryResult>>,
]

// ---- Pages (worker/pages/loaders) ----

/** The organisation a filtered listing is narrowed to (read by listOrganisation). */
type ListOrg = { slug: string; name: string }

type _Home = [
  Expect<ItemsFit<typeof M.courseCard, Q.HomeQueryResult['courses']>>,
  Expect<ItemsFit<typeof M.campaignCard, Q.HomeQueryResult['campaigns']>>,
  Expect<ItemsFit<typeof M.reportCard, Q.HomeQueryResult['reports']>>,
  Expect<ItemsFit<typeof M.newsCard, Q.HomeQueryResult['news']>>,
  Expect<ItemsFit<typeof M.contact, Q.HomeQueryResult['helplines']>>,
]

type _Courses = [
  Expect<ItemsFit<typeof M.courseCard, Q.CourseListUpcomingQueryResult['cards']>>,
  Expect<ItemsFit<typeof M.courseCard, Q.CourseListPastQueryResult['cards']>>,
  Expect<Fits<ListOrg, Q.CourseListUpcomingQueryResult['org']>>,
  Expect<Fits<ListOrg, Q.CourseListPastQueryResult['org']>>,
  Expect<Fits<{ total: number; ids: string[] }, Q.CourseListUpcomingQueryResult>>,
  Expect<Fits<{ total: number; ids: string[] }, Q.CourseListPastQueryResult>>,
  Expect<DocFits<typeof M.course, Q.CourseQueryResult['course']>>,
]

type _Campaigns = [
  Expect<ItemsFit<typeof M.campaignCard, Q.CampaignListQueryResult['cards']>>,
  Expect<Fits<{ total: number; ids: string[] }, Q.CampaignListQueryResult>>,
  Expect<DocFits<typeof M.campaign, Q.CampaignQueryResult['campaign']>>,
]

type _Reports = [
  Expect<ItemsFit<typeof M.reportCard, Q.ReportListQueryResult['cards']>>,
  Expect<Fits<ListOrg, Q.ReportListQueryResult['org']>>,
  Expect<Fits<{ years: string[]; total: number; ids: string[] }, Q.ReportListQueryResult>>,
  Expect<DocFits<typeof M.report, Q.ReportQueryResult['report']>>,
]

type OrgPage = Defined<Q.OrganisationQueryResult['organisation']>
type _Organisations = [
  Expect<ItemsFit<typeof M.orgCard, Q.OrganisationListQueryResult['cards']>>,
  Expect<DocFits<typeof M.organisation, Q.OrganisationQueryResult['organisation']>>,
  Expect<ItemsFit<typeof M.orgSummary, OrgPage['partnerOf']>>,
  Expect<ItemsFit<typeof M.reportCard, OrgPage['reports']>>,
  Expect<ItemsFit<typeof M.campaignCard, OrgPage['campaigns']>>,
  Expect<ItemsFit<typeof M.newsCard, OrgPage['news']>>,
  Expect<Fits<{ reportsTotal: number; newsTotal: number }, OrgPage>>,
  Expect<ItemsFit<typeof M.courseCard, Q.OrganisationQueryResult['courses']>>,
  Expect<Fits<{ upcomingTotal: number; coursesTotal: number }, Q.OrganisationQueryResult>>,
]

type _Contacts = [
  Expect<ItemsFit<typeof M.contact, Q.ContactsQueryResult['cards']>>,
  Expect<Fits<ListOrg, Q.ContactsQueryResult['org']>>,
]

type _News = [
  Expect<ItemsFit<typeof M.newsCard, Q.NewsListQueryResult['cards']>>,
  Expect<DocFits<typeof M.newsPost, Q.NewsPostQueryResult['post']>>,
]

/** /search: the index's cards are written from searchIndexQuery (worker/search) and read back by
 * the same card models, one per searchable page type. */
type SearchCards = {
  course: typeof M.courseCard
  campaign: typeof M.campaignCard
  report: typeof M.reportCard
  newsPost: typeof M.newsCard
  organisation: typeof M.orgSummary
}
type _Search = [Expect<Equal<keyof SearchCards, SearchableType>>]

// ---- Feeds (worker/pages/feeds); the feeds' own result schemas are checked beside them ----

type _Feeds = [
  Expect<ItemsFit<typeof M.sitemapDocument, Q.SitemapPartQueryResult['documents']>>,
  Expect<ItemsFit<typeof M.feedNews, Q.AtomFeedQueryResult['news']>>,
  Expect<ItemsFit<typeof M.feedReport, Q.AtomFeedQueryResult['reports']>>,
  Expect<
    DocFits<
      typeof M.calendarCourse,
      NonNullable<Q.SearchIndexQueryResult['docs'][number]['calendar']>
    >
  >,
  Expect<DocFits<typeof M.feedCourse, Q.SessionIcsQueryResult>>,
]

// ---- The registry's types and the queries that list them one by one ----

type _Registry = [
  Expect<Equal<keyof Q.PageSlugsQueryResult, PageType>>,
  Expect<Equal<keyof Q.SitemapCountsQueryResult, PageType>>,
  Expect<Equal<keyof Q.SitemapPagesQueryResult['latest'], Exclude<ContentType, 'siteSettings'>>>,
]
