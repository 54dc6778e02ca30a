// The CSV layouts of the staff exports, shared by the download routes and the scheduled email.
import { SECTORS_TITLES, type Sector } from '../../schemas/choices'
import { toCsv } from '../lib/csv'
import type { Registrant, Signature } from './store'

const roleTitle = (role: string) => SECTORS_TITLES[role as Sector] ?? role

/** One row per registration, waitlist numbered in the order places are offered. */
export function registrationsCsv(registrants: Registrant[]): string {
  let position = 0
  const rows = registrants.map((r) => [
    r.status,
    r.status === 'waitlisted' ? ++position : null,
    r.name,
    r.email,
    r.organisation,
    roleTitle(r.role),
    r.accessNeeds,
    r.registeredAt,
    r.status === 'cancelled' ? null : r.checkedInAt,
  ])
  return toCsv(
    [
      'Status',
      'Waitlist position',
      'Name',
      'Email',
      'Organisation',
      'Role or sector',
      'Access needs',
      'Registered at (UTC)',
      'Checked in at (UTC)',
    ],
    rows,
  )
}

export function signaturesCsv(signatures: Signature[]): string {
  return toCsv(
    ['Status', 'Name', 'Email', 'Postcode', 'Country', 'Signed at (UTC)', 'Confirmed at (UTC)'],
    signatures.map((s) => [
      s.status,
      s.name,
      s.email,
      s.postcode,
      s.country,
      s.signedAt,
      s.confirmedAt,
    ]),
  )
}
