// What a certificate says, from its stored row: the same facts for the HTML page, the PDF and
// the public verification page. Dates and times are in Europe/London, the site's home zone.
import { formatPublished, formatSessionWhen } from '../render/dates'
import { siteUrl } from '../mail/render'
import type { CertificateRow } from './certificates'

const CERTIFICATE_ZONE = 'Europe/London'

export type CertificateFacts = {
  name: string
  courseTitle: string
  courseSlug: string
  when: string
  cpdHours: number | null
  provider: string
  code: string
  issuedOn: string
  verifyUrl: string
  withdrawn: boolean
  withdrawnOn: string | null
}

export function certificateFacts(env: Env, row: CertificateRow): CertificateFacts {
  const verify = new URL(siteUrl(env, '/certificates/verify'))
  verify.searchParams.set('code', row.code)
  return {
    name: row.name,
    courseTitle: row.course_title,
    courseSlug: row.course_slug,
    when: formatSessionWhen(new Date(row.session_start), row.duration_minutes, CERTIFICATE_ZONE),
    cpdHours: row.cpd_hours,
    provider: row.provider,
    code: row.code,
    issuedOn: formatPublished(new Date(row.issued_at).toISOString(), CERTIFICATE_ZONE),
    verifyUrl: verify.toString(),
    withdrawn: row.withdrawn_at !== null,
    withdrawnOn:
      row.withdrawn_at === null
        ? null
        : formatPublished(new Date(row.withdrawn_at).toISOString(), CERTIFICATE_ZONE),
  }
}
