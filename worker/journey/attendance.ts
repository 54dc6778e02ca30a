// Attendance from a webinar tool's attendee export: a CSV with a column of email addresses
// (found by its header: "Email", "E-mail", "Attendee email"...). The plan says what would change
// and which rows match nobody; applying it checks everyone in with one statement, so an upload
// is applied whole or not at all.
import { normaliseEmail } from '../lib/email-norm'

/** Rows accepted in one upload: a webinar's attendee list, with room to spare. */
const MAX_CSV_ROWS = 5000
/** Preamble lines some tools put above the header ("Attendee report", the meeting id...). */
const HEADER_SEARCH_ROWS = 20

/** The separator of the first line: comma, or the semicolon or tab some exports use. */
function separatorOf(body: string): string {
  let first = ''
  let quoted = false
  for (const ch of body) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted) first += ch
  }
  const count = (ch: string) => first.split(ch).length - 1
  return [',', ';', '\t'].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',')
}

/** RFC 4180 fields: quoted fields may hold separators, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const body = text.replace(/^\uFEFF/, '')
  const separator = separatorOf(body)
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
      continue
    }
    if (ch === '"' && field === '') quoted = true
    else if (ch === separator) {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

const blank = (row: string[]) => row.every((cell) => cell.trim() === '')

const EMAIL_HEADER = /^(attendee|participant|user|registrant|guest)?(email|e-mail|mail)(address)?$/

export function isEmailHeader(cell: string): boolean {
  return EMAIL_HEADER.test(
    cell
      .toLowerCase()
      .replace(/[\s_]+/g, '')
      .replace(/-(?!mail)/g, ''),
  )
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/

export type AttendeeFile =
  | { ok: true; header: string; emails: { line: number; value: string }[] }
  | { ok: false; code: 'no_email_column' | 'too_many_rows' | 'empty'; message: string }

/** The email column and its values, each with its row number in the file (first row = 1). */
export function readAttendeeFile(text: string): AttendeeFile {
  const rows = parseCsv(text)
  if (rows.every(blank))
    return { ok: false, code: 'empty', message: 'The file is empty. Upload the attendee CSV.' }
  let headerRow = -1
  let column = -1
  for (let r = 0; r < Math.min(rows.length, HEADER_SEARCH_ROWS) && column < 0; r++) {
    column = (rows[r] ?? []).findIndex(isEmailHeader)
    if (column >= 0) headerRow = r
  }
  const header = rows[headerRow]?.[column]
  if (column < 0 || header === undefined) {
    const seen = (rows.find((r) => !blank(r)) ?? []).map((c) => c.trim()).filter(Boolean)
    return {
      ok: false,
      code: 'no_email_column',
      message: `No email column found. Name the column "Email" (or "E-mail", "Attendee email"); the first row has: ${seen.slice(0, 10).join(', ') || 'nothing'}.`,
    }
  }
  // Row numbers as a spreadsheet shows them (header row = its line), blank rows skipped.
  const data = rows
    .map((cells, i) => ({ cells, line: i + 1 }))
    .slice(headerRow + 1)
    .filter((r) => !blank(r.cells))
  if (data.length > MAX_CSV_ROWS)
    return {
      ok: false,
      code: 'too_many_rows',
      message: `The file has ${data.length} rows; upload at most ${MAX_CSV_ROWS} at a time.`,
    }
  return {
    ok: true,
    header: header.trim(),
    emails: data.map(({ cells, line }) => ({ line, value: (cells[column] ?? '').trim() })),
  }
}

export type SessionPerson = {
  id: string
  name: string
  email: string
  email_norm: string
  status: string
  checked_in: number
}

export type AttendancePlan = {
  column: string
  rows: number
  checkIn: { registrationId: string; name: string; email: string; line: number }[]
  alreadyCheckedIn: { registrationId: string; name: string; email: string; line: number }[]
  unmatched: { line: number; value: string; reason: string }[]
}

export function planAttendance(
  file: Extract<AttendeeFile, { ok: true }>,
  people: SessionPerson[],
): AttendancePlan {
  const byEmail = new Map(people.map((p) => [p.email_norm, p]))
  const plan: AttendancePlan = {
    column: file.header,
    rows: file.emails.length,
    checkIn: [],
    alreadyCheckedIn: [],
    unmatched: [],
  }
  const seen = new Set<string>()
  for (const { line, value } of file.emails) {
    if (value === '') {
      plan.unmatched.push({ line, value, reason: 'No email address in this row.' })
      continue
    }
    if (!EMAIL.test(value)) {
      plan.unmatched.push({ line, value, reason: 'Not an email address.' })
      continue
    }
    const person = byEmail.get(normaliseEmail(value))
    if (!person) {
      plan.unmatched.push({
        line,
        value,
        reason: 'Nobody registered for this session with this email.',
      })
      continue
    }
    if (person.status !== 'confirmed') {
      plan.unmatched.push({
        line,
        value,
        reason: `Registered, but ${person.status === 'cancelled' ? 'cancelled' : `${person.status}, not confirmed`}.`,
      })
      continue
    }
    // The same person twice (joined twice in a webinar tool) is one check-in.
    if (seen.has(person.id)) continue
    seen.add(person.id)
    const entry = { registrationId: person.id, name: person.name, email: person.email, line }
    if (person.checked_in) plan.alreadyCheckedIn.push(entry)
    else plan.checkIn.push(entry)
  }
  return plan
}

export async function sessionPeople(db: D1Database, courseId: string, sessionKey: string) {
  const { results } = await db
    .prepare(
      `SELECT r.id, r.name, r.email, r.email_norm, r.status,
              c.registration_id IS NOT NULL AS checked_in
         FROM registrations r LEFT JOIN staff_check_ins c ON c.registration_id = r.id
        WHERE r.course_id = ?1 AND r.session_key = ?2`,
    )
    .bind(courseId, sessionKey)
    .all<SessionPerson>()
  return results
}

/** Checks in every planned registration that is still confirmed: one statement. */
export async function applyAttendance(
  db: D1Database,
  ids: string[],
  actor: string,
  at: Date,
): Promise<number> {
  if (ids.length === 0) return 0
  const result = await db
    .prepare(
      `INSERT INTO staff_check_ins (registration_id, checked_in_at, checked_in_by)
       SELECT id, ?2, ?3 FROM registrations
        WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'confirmed'
       ON CONFLICT (registration_id) DO NOTHING`,
    )
    .bind(JSON.stringify(ids), at.toISOString(), actor)
    .run()
  return result.meta.changes ?? 0
}
