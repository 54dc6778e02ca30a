// Every GROQ query the worker runs, in one module so typegen sees them all and a reviewer can
// check their cost in one place. Each top-level or nested `*[...]` filter starts with
// `_type == "x"` or `_id == "x"`: the content store (and Sanity's planner) narrow on those.
// Projections fetch only what a page shows; slugs arrive as plain `slug` strings.
import { defineQuery } from 'groq'

// ---- Fragments (plain strings interpolated into the queries below) ----

const ORG_SUMMARY = `_id, name, "slug": slug.current, kind`

// Contact details are projected only for public contacts: an internal phone number or email
// never leaves the content store, whichever page asks.
const CONTACT = `_id, name, kind, serviceType, role,
  "email": select(visibility == "public" => email),
  "phone": select(visibility == "public" => phone),
  "openingHours": select(visibility == "public" => openingHours),
  organisation->{${ORG_SUMMARY}}`

// A referenced contact as a public page may see it: a public contact's details, and of an internal
// one only its _id, so the page still records it as a dependency and is rebuilt should it become
// public. The bare id fails the contact model (worker/content/models.ts) and is never shown; no
// name, role, organisation, note or way to reach an internal contact leaves the content store.
const PUBLIC_CONTACT_REF = `_id, visibility == "public" => {${CONTACT}}`

const SESSION = `_key, title, start, durationMinutes, timezone, mode, venue, capacity,
  registrationOpens, registrationCloses, status`

const COURSE_CARD = `_id, title, "slug": slug.current, format, audiences, topics, summary, isExample,
  price, sessions[]{${SESSION}}`

const REPORT_CARD = `_id, title, "slug": slug.current, kind, publishedAt, summary, topics,
  publishers[]->{${ORG_SUMMARY}}`

const CAMPAIGN_CARD = `_id, title, "slug": slug.current, kind, status, startDate, endDate, summary`

const NEWS_CARD = `_id, title, "slug": slug.current, publishedAt, excerpt, mainImage, topics`

const SETTINGS = `*[_id == "siteSettings"][0]{
  _id, title, tagline, navigation[]{label, href}, footer{text, links[]{label, href}}, quickExitUrl,
  defaultSeo{title, description, noIndex, image}, alertTopics,
  organisation->{${ORG_SUMMARY}, country, website, logo, summary}
}`

// ---- Pages ----

export const settingsQuery = defineQuery(SETTINGS)

// The home page shows the 6 courses whose next session comes soonest: the store orders and cuts
// the list (seconds from $now to each course's next session), with a margin of as many again for
// cards the worker drops as invalid, instead of sending every upcoming course at 10,000 documents.
const HOME_NEXT = `dateTime(start) > dateTime($now) && status != "cancelled"`
const HOME_COURSES_FETCHED = 12

export const homeQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "courses": *[_type == "course" && defined(slug.current)
    && count(sessions[${HOME_NEXT}]) > 0]
    | order(math::min(sessions[${HOME_NEXT}]{"s": dateTime(start) - dateTime($now)}.s) asc)
    [0...${HOME_COURSES_FETCHED}]{${COURSE_CARD}},
  "campaigns": *[_type == "campaign" && defined(slug.current) && status == "live"]
    | order(startDate desc) [0...6]{${CAMPAIGN_CARD}},
  "reports": *[_type == "report" && defined(slug.current)]
    | order(publishedAt desc) [0...6]{${REPORT_CARD}},
  "news": *[_type == "newsPost" && defined(slug.current)]
    | order(publishedAt desc) [0...6]{${NEWS_CARD}},
  "helplines": *[_type == "contact" && serviceType == "helpline" && visibility == "public"]
    | order(name asc) [0...6]{${CONTACT}}
}`)

// /courses: the store filters, splits upcoming from past, orders and counts, and sends the count,
// the next instant a session ends (when the split or a card's "next" moves), and the ids and
// cards of the one page asked for ($from...$to, from the page number), so any page is one query
// whose answer does not grow with the listing. Sessions count as the worker's schema reads them:
// a key and a start that parses (`s` is null otherwise, which drops the session). `s` and `e` are
// the seconds from $now to a session's start and end (an hour after the start when no length is
// given: content/session-time.ts). The worker's "now" is a whole minute, so
// the store answers repeats within the minute from its per-revision result cache.
const LIST_SESSIONS = `sessions[defined(_key)]{status, "s": dateTime(start) - dateTime($now),
  "d": select(durationMinutes > 0 => durationMinutes * 60, 3600)}[defined(s)]{status, s, "e": s + d}`
const LIST_LIVE = `status != "cancelled" && e > 0`
// $organisation (a slug) keeps the courses an organisation provides, as its page counts them; the
// store ignores a slug no organisation has (the page then shows every course).
const LIST_ORG = `*[_type == "organisation" && slug.current == $organisation][0]{
  _id, name, "slug": slug.current}`
const COURSE_LIST = `{
  "settings": ${SETTINGS},
  "org": ${LIST_ORG}
}{settings, org,
  "all": *[_type == "course" && defined(slug.current) && defined(title)
    && (!defined($audience) || $audience in audiences)
    && (!defined($topic) || $topic in topics)
    && (!defined($format) || format == $format)
    && (!defined(^.org) || references(^.org._id))]{
    _id, title, "v": ${LIST_SESSIONS}}
}`
const LIST_NEXT_END = `math::min(all[].v[e > 0].e)`
// The page's cards: a lookup by _id, which Sanity's planner answers from its id index.
const LIST_WINDOW = `{settings, org, "ids": list[$pageStart...$pageEnd]._id, "total": count(list), nextEnd,
  "cards": *[_type == "course" && _id in ^.list[$pageStart...$pageEnd]._id
    && defined(slug.current)]{${COURSE_CARD}}}`

// Upcoming: on demand (no sessions) or a session still to finish that is not cancelled; soonest
// next session first, on-demand courses last.
export const courseListUpcomingQuery = defineQuery(`${COURSE_LIST}{
  settings, org,
  "list": all[coalesce(count(v), 0) == 0 || count(v[${LIST_LIVE}]) > 0]
    | order(coalesce(math::min(v[${LIST_LIVE}].s), 1e12) asc, title asc){_id},
  "nextEnd": ${LIST_NEXT_END}
}${LIST_WINDOW}`)

// Past: every session over or cancelled; the most recent last session first.
export const courseListPastQuery = defineQuery(`${COURSE_LIST}{
  settings, org,
  "list": all[count(v) > 0 && count(v[${LIST_LIVE}]) == 0]
    | order(math::max(v[].s) desc, title asc){_id},
  "nextEnd": ${LIST_NEXT_END}
}${LIST_WINDOW}`)

export const courseQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "course": *[_type == "course" && slug.current == $slug][0]{${COURSE_CARD},
    body, learningOutcomes, trainers[]->{${PUBLIC_CONTACT_REF}}, providers[]->{${ORG_SUMMARY}},
    cpdHours, registrationEmail, seo}
}`)

// /campaigns: live and upcoming first, then the rest, each newest first (the page groups them the
// same way: isLive in pages/loaders/campaigns.tsx); the store counts and cuts the page, as /news.
export const campaignListQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "ids": *[_type == "campaign" && defined(slug.current)]
    | order(select(status in ["live", "upcoming"] => 0, 1) asc, startDate desc)._id
}{settings, "ids": ids[$pageStart...$pageEnd], "total": count(ids),
  "cards": *[_type == "campaign" && _id in ^.ids[$pageStart...$pageEnd]]{${CAMPAIGN_CARD}}}`)

export const campaignQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "campaign": *[_type == "campaign" && slug.current == $slug][0]{${CAMPAIGN_CARD},
    body, organisations[]->{${ORG_SUMMARY}}, callToAction, petition,
    relatedReports[]->{${REPORT_CARD}}, relatedCourses[]->{${COURSE_CARD}},
    media[]{_key, image, caption, videoUrl}, seo}
}`)

// /reports: the store filters (kind, topic, publisher, and the year when some report has it),
// orders and counts, and sends the years present (for the year filter) and the ids and cards of
// the page asked for ($from...$to). $year is
// ignored unless a report was published that year, as the page ignores an unknown year.
const REPORT_YEAR = `string::split(publishedAt, "-")[0]`
export const reportListQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "org": ${LIST_ORG},
  "years": array::unique(*[_type == "report" && defined(slug.current) && defined(publishedAt)]{
    "y": ${REPORT_YEAR}}[defined(y)].y)
}{
  settings, org, years,
  "ids": *[_type == "report" && defined(slug.current)
    && (!defined($kind) || kind == $kind)
    && (!defined($topic) || $topic in topics)
    && (!defined($year) || !($year in ^.years) || (defined(publishedAt) && ${REPORT_YEAR} == $year))
    && (!defined(^.org) || references(^.org._id))]
    | order(publishedAt desc)._id
}{settings, org, years, "ids": ids[$pageStart...$pageEnd], "total": count(ids),
  "cards": *[_type == "report" && _id in ^.ids[$pageStart...$pageEnd]]{${REPORT_CARD}}}`)

export const reportQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "report": *[_type == "report" && slug.current == $slug][0]{${REPORT_CARD},
    authors, keyFindings, body, "fileUrl": file.asset->url, "fileRef": file.asset._ref,
    fileSizeBytes, externalUrl, relatedCampaigns[]->{${CAMPAIGN_CARD}}, seo}
}`)

// An organisation's page lists a bounded number of what names it: its next upcoming courses
// (ordered as /courses orders them) and latest reports, with how many there are in all (the page
// links to /courses and /reports filtered to it), and the ids-only pass over its courses gives
// the next instant a session ends, when a course can leave the upcoming list.
/** How many upcoming courses and reports an organisation's page lists. */
export const ORG_LISTED = 6
export const organisationQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "organisation": *[_type == "organisation" && slug.current == $slug][0]{${ORG_SUMMARY},
    country, website, logo, summary, partners[]->{${ORG_SUMMARY}}, seo,
    "partnerOf": *[_type == "organisation" && references(^._id)]{${ORG_SUMMARY}},
    "reports": *[_type == "report" && defined(slug.current) && references(^._id)]
      | order(publishedAt desc) [0...${ORG_LISTED}]{${REPORT_CARD}},
    "reportsTotal": count(*[_type == "report" && defined(slug.current) && references(^._id)]),
    "campaigns": *[_type == "campaign" && defined(slug.current) && references(^._id)]
      | order(startDate desc){${CAMPAIGN_CARD}},
    "news": *[_type == "newsPost" && defined(slug.current) && references(^._id)]
      | order(publishedAt desc) [0...6]{${NEWS_CARD}},
    "newsTotal": count(*[_type == "newsPost" && defined(slug.current) && references(^._id)])}
}{settings, organisation,
  "all": *[_type == "course" && defined(slug.current) && defined(title)
    && references(^.organisation._id)]{_id, title, "v": ${LIST_SESSIONS}}
}{settings, organisation,
  "upcoming": all[coalesce(count(v), 0) == 0 || count(v[${LIST_LIVE}]) > 0]
    | order(coalesce(math::min(v[${LIST_LIVE}].s), 1e12) asc, title asc){_id},
  "nextEnd": ${LIST_NEXT_END}, "coursesTotal": count(all)
}{settings, organisation, nextEnd, coursesTotal, "upcomingTotal": count(upcoming),
  "courses": *[_type == "course" && _id in ^.upcoming[0...${ORG_LISTED}]._id
    && defined(slug.current)]{${COURSE_CARD}}}`)

// /organisations: the directory, A to Z, optionally one kind ($kind, null for every kind); the
// store filters, orders and counts and sends the ids and cards of the page asked for.
const ORG_CARD = `${ORG_SUMMARY}, country, summary`
export const organisationListQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "ids": *[_type == "organisation" && defined(slug.current) && defined(name)
    && (!defined($kind) || kind == $kind)] | order(name asc)._id
}{settings, "ids": ids[$pageStart...$pageEnd], "total": count(ids),
  "cards": *[_type == "organisation" && _id in ^.ids[$pageStart...$pageEnd]]{${ORG_CARD}}}`)

// /contacts: ways to get in touch (public contacts with an email or phone), filtered by service and
// by organisation, ordered as the page groups them (helplines first) and paginated like /news.
// $organisation (a slug) is ignored when no organisation has it, as the other listings do.
const CONTACT_GROUP = `select(serviceType == "helpline" => 0, serviceType == "press-office" => 1,
  serviceType == "training-team" => 2, serviceType == "safeguarding-lead" => 3,
  serviceType == "general" => 4, 5)`
export const contactsQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "org": ${LIST_ORG}
}{settings, org,
  "ids": *[_type == "contact" && visibility == "public" && (defined(email) || defined(phone))
    && (!defined($service) || serviceType == $service)
    && (!defined(^.org) || organisation._ref == ^.org._id)]
    | order(${CONTACT_GROUP} asc, name asc)._id
}{settings, org, "ids": ids[$pageStart...$pageEnd], "total": count(ids),
  "cards": *[_type == "contact" && _id in ^.ids[$pageStart...$pageEnd]]{${CONTACT}}}`)

// /news: the store orders and counts the posts and sends the ids and cards of the page asked for.
export const newsListQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "ids": *[_type == "newsPost" && defined(slug.current)] | order(publishedAt desc)._id
}{settings, "ids": ids[$pageStart...$pageEnd], "total": count(ids),
  "cards": *[_type == "newsPost" && _id in ^.ids[$pageStart...$pageEnd]]{${NEWS_CARD}}}`)

export const newsPostQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "post": *[_type == "newsPost" && slug.current == $slug][0]{${NEWS_CARD},
    body, organisations[]->{${ORG_SUMMARY}}, relatedCampaigns[]->{${CAMPAIGN_CARD}},
    relatedCourses[]->{${COURSE_CARD}}, relatedReports[]->{${REPORT_CARD}}, seo}
}`)

// Search (worker/search): the site search is answered by a full-text index in D1, never by GROQ
// per visitor query. These queries feed the index. A document is searchable when the site shows
// it: a page type with a slug, or a public contact (an internal contact, and any contact's notes,
// never reach the index). $ids are published ids; the published perspective never sees drafts.
const SEARCHABLE = `((_type in ["course", "campaign", "report", "newsPost", "organisation"]
    && defined(slug.current)) || (_type == "contact" && visibility == "public"))`

// What a course's calendar events are made of: no joining details (those go only to registered
// people); cancelled sessions are never in a subscription calendar.
const CALENDAR_COURSE = `_id, title, "slug": slug.current, summary, isExample, _updatedAt,
  "sessions": sessions[defined(_key) && status != "cancelled"]{
    _key, title, start, durationMinutes, timezone, mode, venue, status}`

// One document's index row: its card (what a result shows), the words (title, summary, body) and
// the facets (topics, the organisations it names).
export const searchIndexQuery = defineQuery(`{
  "settings": ${SETTINGS},
  "docs": *[_id in $ids && ${SEARCHABLE}]{
    _id, _type, _rev, "slug": slug.current, "title": coalesce(title, name),
    "summary": coalesce(summary, excerpt), body, topics,
    "date": coalesce(publishedAt, startDate),
    "orgs": array::compact([
      ...coalesce(providers[]._ref, []), ...coalesce(publishers[]._ref, []),
      ...coalesce(organisations[]._ref, []), organisation._ref,
      select(_type == "organisation" => _id)]),
    "role": select(_type == "contact" => role),
    "calendar": select(_type == "course" => {${CALENDAR_COURSE}}),
    "card": select(
      _type == "course" => {${COURSE_CARD}},
      _type == "campaign" => {${CAMPAIGN_CARD}},
      _type == "report" => {${REPORT_CARD}},
      _type == "newsPost" => {${NEWS_CARD}},
      _type == "organisation" => {${ORG_SUMMARY}, summary},
      _type == "contact" => {${CONTACT}}
    )
  }
}`)

// Every searchable document's id and revision, for a full rebuild of the index.
export const searchableIdsQuery = defineQuery(`*[${SEARCHABLE}]{_id, _rev}`)

// Every slug of every page type, for prebuilding (the cache) and the sitemap (feeds).
export const pageSlugsQuery = defineQuery(`{
  "course": *[_type == "course" && defined(slug.current)].slug.current,
  "campaign": *[_type == "campaign" && defined(slug.current)].slug.current,
  "report": *[_type == "report" && defined(slug.current)].slug.current,
  "newsPost": *[_type == "newsPost" && defined(slug.current)].slug.current,
  "organisation": *[_type == "organisation" && defined(slug.current)].slug.current
}`)

// ---- Feeds (worker/pages/feeds): sitemap, Atom and iCalendar ----

// _updatedAt gives lastmod/updated/DTSTAMP, so a feed rebuilt without a content change is
// byte-identical. Sessions never carry onlineDetails: those go only to registered people.

// The sitemap is an index (/sitemap.xml) of bounded parts: one of the listing pages, and per page
// type parts of at most SITEMAP_PART_SIZE (worker/pages/feeds/sitemap.ts) documents in creation order, so an edit changes the one
// part listing the document and a new document the last part. Each query sends a bounded answer.
export const sitemapCountsQuery = defineQuery(`{
  "course": count(*[_type == "course" && defined(slug.current)]),
  "campaign": count(*[_type == "campaign" && defined(slug.current)]),
  "report": count(*[_type == "report" && defined(slug.current)]),
  "newsPost": count(*[_type == "newsPost" && defined(slug.current)]),
  "organisation": count(*[_type == "organisation" && defined(slug.current)])
}`)

// The listing pages' lastmod: the newest edit of each type they show.
export const sitemapPagesQuery = defineQuery(`{
  "settings": *[_id == "siteSettings"][0]{_id, _updatedAt},
  "latest": {
    "course": *[_type == "course" && defined(slug.current)]
      | order(_updatedAt desc)[0]._updatedAt,
    "campaign": *[_type == "campaign" && defined(slug.current)]
      | order(_updatedAt desc)[0]._updatedAt,
    "report": *[_type == "report" && defined(slug.current)]
      | order(_updatedAt desc)[0]._updatedAt,
    "newsPost": *[_type == "newsPost" && defined(slug.current)]
      | order(_updatedAt desc)[0]._updatedAt,
    "organisation": *[_type == "organisation" && defined(slug.current)]
      | order(_updatedAt desc)[0]._updatedAt,
    "contact": *[_type == "contact" && visibility == "public"]
      | order(_updatedAt desc)[0]._updatedAt
  }
}`)

// One part: the documents of $type at positions [$partStart, $partEnd) in creation order.
export const sitemapPartQuery = defineQuery(`{
  "documents": *[_type == $type && defined(slug.current)] | order(_createdAt asc, _id asc)
    [$partStart...$partEnd]{_id, _type, _updatedAt, "slug": slug.current, "noIndex": seo.noIndex}
}`)

export const atomFeedQuery = defineQuery(`{
  "settings": *[_id == "siteSettings"][0]{_id, _updatedAt, title, tagline,
    organisation->{_id, name}},
  "news": *[_type == "newsPost" && defined(slug.current)] | order(publishedAt desc) [0...50]{
    ${NEWS_CARD}, _updatedAt},
  "reports": *[_type == "report" && defined(slug.current)] | order(publishedAt desc) [0...50]{
    _id, title, "slug": slug.current, kind, publishedAt, summary, topics, authors, _updatedAt}
}`)

// Calendar subscriptions (/sessions.ics and the per-organisation and per-topic ones) are read
// from the calendar index in D1 (worker/calendar), which the publish path keeps with the search
// index (CALENDAR_COURSE below); the store is asked only for the calendar's name.
export const calendarHeadQuery = defineQuery(`{
  "settings": *[_id == "siteSettings"][0]{_id, title},
  "org": *[_type == "organisation" && slug.current == $organisation][0]{
    _id, name, "slug": slug.current}
}`)

// Every course session's own .ics path, for prebuilding (worker/pages/feeds: feedPaths).
export const sessionPathsQuery = defineQuery(`{
  "courses": *[_type == "course" && defined(slug.current) && count(sessions) > 0]{
    "slug": slug.current, "keys": sessions[]._key}
}`)

export const sessionIcsQuery = defineQuery(
  `*[_type == "course" && slug.current == $slug][0]{${COURSE_CARD}, _updatedAt}`,
)

// ---- Signups (worker/signups): registration, petitions, alerts, content events ----

// Unlike the public SESSION fragment, these carry onlineDetails: they feed registrants' emails only.
const SIGNUP_COURSE = `_id, title, "slug": slug.current, topics, format, summary,
  sessions[]{_key, title, start, durationMinutes, timezone, mode, venue, onlineDetails, capacity,
    registrationOpens, registrationCloses, status}`

export const signupCourseBySlugQuery = defineQuery(
  `*[_type == "course" && slug.current == $slug][0]{${SIGNUP_COURSE}}`,
)

export const signupCourseByIdQuery = defineQuery(
  `*[_type == "course" && _id == $id][0]{${SIGNUP_COURSE}}`,
)

export const signupCampaignQuery = defineQuery(
  `*[_type == "campaign" && slug.current == $slug][0]{_id, title, "slug": slug.current, status, petition}`,
)

export const alertTopicsQuery = defineQuery(`*[_id == "siteSettings"][0]{alertTopics}`)

// ---- Page store (worker/cache/revisions.ts) ----

// The current revision of each dependency a stored page recorded: a document's _rev, and for each
// list key 'type:<t>' a fingerprint (how many, and the newest _updatedAt) that moves whenever a
// document of that type is created, edited or removed. $types is [{ type: 'course' }, ...]:
// projecting objects (not bare strings) lets each entry's subqueries refer to it as ^.type.
// $members, in the same form, asks for 'members:<t>' keys: how many documents of the type have a
// page, which moves only when one is created, removed or loses its slug (sitemap parts use it).
export const revisionsQuery = defineQuery(`{
  "docs": *[_id in $ids]{_id, _rev},
  "types": $types[]{type,
    "n": count(*[_type == ^.type]),
    "u": *[_type == ^.type] | order(_updatedAt desc)[0]._updatedAt},
  "members": $members[]{type, "n": count(*[_type == ^.type && defined(slug.current)])}
}`)

// ---- Staff tools (worker/admin) and draft preview (worker/preview) ----

// Session capacities and titles of courses, petition numbers of campaigns, for the staff API;
// _rev and _updatedAt name the published revision, to match it with its rebuild receipt.
export const staffDocsQuery = defineQuery(`*[_id in $ids && _type in ["course", "campaign"]]{
  _id, _type, _rev, _updatedAt, title, "slug": slug.current,
  sessions[]{ _key, title, start, durationMinutes, timezone, capacity, status },
  petition{ goal, milestones, offlineCount }
}`)

// Sessions starting in [$from, $to), with their course, for the daily registrations export.
export const upcomingSessionsQuery = defineQuery(`*[_type == "course"
  && count(sessions[start >= $from && start < $to]) > 0]{
  _id, title, "slug": slug.current,
  "sessions": sessions[start >= $from && start < $to]{
    _key, title, start, durationMinutes, timezone, status }
}`)

// The document a preview link names, as the drafts perspective sees it.
export const previewDocQuery = defineQuery(`*[_id == $id][0]{ _id, _type, "slug": slug.current }`)

// ---- After registration (worker/journey) ----

// The courses whose sessions the reminder and certificate crons handle, with the reminder times,
// CPD hours and providers they need: one query per run, for the courses found in D1.
export const journeyCoursesQuery = defineQuery(
  `*[_type == "course" && _id in $ids]{${SIGNUP_COURSE}, cpdHours, "providers": providers[]->name,
    reminders{mode, hoursBefore}}`,
)

export const journeySettingsQuery = defineQuery(
  `*[_id == "siteSettings"][0]{title, reminders{enabled, hoursBefore}, "organisation": organisation->name}`,
)
