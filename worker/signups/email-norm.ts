// Email normalisation for duplicate detection. We keep what the person typed for sending and
// compare on this key: lower case, trimmed, "+tag" removed (for every domain: a tag is the
// same mailbox for nearly every provider), and for Gmail dots in the local part ignored.

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
