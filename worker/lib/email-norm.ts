// Two ways of comparing email addresses, for two different questions.
//
// `normaliseEmail` answers "is this probably the same person signing up again?" (duplicate
// detection): lower case, trimmed, "+tag" removed (for every domain: a tag is the same mailbox
// for nearly every provider), and for Gmail dots in the local part ignored. It may join two
// different mailboxes, which costs at most a duplicate-signup message, so it is never used to
// decide whose data a request may see or erase.
//
// `mailboxAddress` answers "is this the address whose control was proved?" (privacy export and
// erasure): trimmed and lower-cased, nothing else removed, so `x+privacy@` never reaches the rows
// of `x+reg@` or `x.y@`. Lower-casing is ASCII only, exactly what SQLite's lower() does, so a
// query can compare a stored address with lower(email); addresses are validated as ASCII.
// We keep what the person typed for sending.

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com'])

export function normaliseEmail(email: string): string {
  const trimmed = email.trim().toLowerCase()
  const at = trimmed.lastIndexOf('@')
  if (at <= 0) return trimmed
  let local = trimmed.slice(0, at)
  let domain = trimmed.slice(at + 1).replace(/\.$/, '')
  const plus = local.indexOf('+')
  if (plus > 0) local = local.slice(0, plus)
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '')
    domain = 'gmail.com'
  }
  return `${local}@${domain}`
}

export function mailboxAddress(email: string): string {
  return email.trim().replace(/[A-Z]+/g, (upper) => upper.toLowerCase())
}
