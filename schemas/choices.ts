// Shared choice lists for the content model. The Studio builds its option lists from these arrays
// and the worker builds its zod enums from them, so the two can never disagree. No imports: the
// worker bundles this file and must not pull in Studio code.

export const ORGANISATION_KINDS = [
  'charity',
  'statutory-body',
  'police',
  'academic',
  'international-partner',
  'funder',
  'government',
  'business',
  'inquiry',
  'parliament',
] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]
export const ORGANISATION_KINDS_TITLES: Record<OrganisationKind, string> = {
  charity: 'Charity',
  'statutory-body': 'Statutory body',
  police: 'Police or law enforcement',
  academic: 'Academic or research',
  'international-partner': 'International partner',
  funder: 'Funder',
  government: 'Government',
  business: 'Business or trade body',
  inquiry: 'Public inquiry',
  parliament: 'Parliamentary group',
}

export const CONTACT_KINDS = ['person', 'service'] as const
export type ContactKind = (typeof CONTACT_KINDS)[number]
export const CONTACT_KINDS_TITLES: Record<ContactKind, string> = {
  person: 'Person',
  service: 'Service (team, helpline, inbox)',
}

export const CONTACT_SERVICES = [
  'press-office',
  'training-team',
  'helpline',
  'general',
  'safeguarding-lead',
] as const
export type ContactService = (typeof CONTACT_SERVICES)[number]
export const CONTACT_SERVICES_TITLES: Record<ContactService, string> = {
  'press-office': 'Press office',
  'training-team': 'Training team',
  helpline: 'Helpline',
  general: 'General enquiries',
  'safeguarding-lead': 'Safeguarding lead',
}

export const VISIBILITIES = ['public', 'internal'] as const
export type Visibility = (typeof VISIBILITIES)[number]
export const VISIBILITIES_TITLES: Record<Visibility, string> = {
  public: 'Public (shown on the website)',
  internal: 'Internal (staff only)',
}

export const COURSE_FORMATS = ['webinar', 'in-person', 'e-learning', 'event'] as const
export type CourseFormat = (typeof COURSE_FORMATS)[number]
export const COURSE_FORMATS_TITLES: Record<CourseFormat, string> = {
  webinar: 'Webinar',
  'in-person': 'In-person course',
  'e-learning': 'E-learning',
  event: 'Conference or event',
}

export const AUDIENCES = [
  'social-workers',
  'police',
  'legal-professionals',
  'health',
  'education',
  'travel-tourism',
  'border-immigration',
  'local-authority',
  'business',
  'voluntary-sector',
  'foster-carers',
] as const
export type Audience = (typeof AUDIENCES)[number]
export const AUDIENCES_TITLES: Record<Audience, string> = {
  'social-workers': 'Social workers',
  police: 'Police',
  'legal-professionals': 'Legal professionals',
  health: 'Health professionals',
  education: 'Education staff',
  'travel-tourism': 'Travel and tourism',
  'border-immigration': 'Border and immigration staff',
  'local-authority': 'Local authority staff',
  business: 'Business',
  'voluntary-sector': 'Voluntary sector',
  'foster-carers': 'Foster carers',
}

export const TOPICS = [
  'nrm',
  'criminal-exploitation',
  'county-lines',
  'statutory-defence',
  'spiritual-abuse',
  'missing-from-care',
  'cross-border',
  'sexual-exploitation',
  'modern-slavery-act',
  'labour-exploitation',
  'online-abuse',
  'migrant-children',
  'trauma',
  'guardianship',
  'supply-chains',
] as const
export type Topic = (typeof TOPICS)[number]
export const TOPICS_TITLES: Record<Topic, string> = {
  nrm: 'National Referral Mechanism',
  'criminal-exploitation': 'Criminal exploitation',
  'county-lines': 'County lines',
  'statutory-defence': 'Statutory defence',
  'spiritual-abuse': 'Spiritual and ritual abuse',
  'missing-from-care': 'Missing from care',
  'cross-border': 'Cross-border work',
  'sexual-exploitation': 'Sexual exploitation',
  'modern-slavery-act': 'Modern Slavery Act 2015',
  'labour-exploitation': 'Labour exploitation',
  'online-abuse': 'Online abuse',
  'migrant-children': 'Migrant and unaccompanied children',
  trauma: 'Trauma and health needs',
  guardianship: 'Guardianship',
  'supply-chains': 'Ethical supply chains',
}

export const SESSION_STATUSES = ['scheduled', 'postponed', 'cancelled'] as const
export type SessionStatus = (typeof SESSION_STATUSES)[number]
export const SESSION_STATUSES_TITLES: Record<SessionStatus, string> = {
  scheduled: 'Scheduled',
  postponed: 'Postponed',
  cancelled: 'Cancelled',
}

export const SESSION_MODES = ['online', 'in-person'] as const
export type SessionMode = (typeof SESSION_MODES)[number]
export const SESSION_MODES_TITLES: Record<SessionMode, string> = {
  online: 'Online',
  'in-person': 'In person',
}

export const CAMPAIGN_KINDS = [
  'petition',
  'day-of-action',
  'film',
  'report-launch',
  'appeal',
] as const
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number]
export const CAMPAIGN_KINDS_TITLES: Record<CampaignKind, string> = {
  petition: 'Petition',
  'day-of-action': 'Day of action',
  film: 'Film',
  'report-launch': 'Report launch',
  appeal: 'Appeal',
}

export const CAMPAIGN_STATUSES = ['upcoming', 'live', 'closed'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]
export const CAMPAIGN_STATUSES_TITLES: Record<CampaignStatus, string> = {
  upcoming: 'Upcoming',
  live: 'Live',
  closed: 'Closed',
}

export const REPORT_KINDS = [
  'research',
  'statistics-bulletin',
  'statutory-guidance',
  'evaluation',
  'briefing',
  'consultation-response',
] as const
export type ReportKind = (typeof REPORT_KINDS)[number]
export const REPORT_KINDS_TITLES: Record<ReportKind, string> = {
  research: 'Research',
  'statistics-bulletin': 'Statistics bulletin',
  'statutory-guidance': 'Statutory guidance',
  evaluation: 'Evaluation',
  briefing: 'Briefing',
  'consultation-response': 'Consultation response',
}

export const SECTORS = [...AUDIENCES, 'other'] as const
export type Sector = (typeof SECTORS)[number]
export const SECTORS_TITLES: Record<Sector, string> = {
  ...AUDIENCES_TITLES,
  other: 'Other',
}
