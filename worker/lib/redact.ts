// Personal data out of anything that is logged: the error handler and the signup pages log
// exception messages, which may quote an email address or a phone number.

/** Emails and long digit runs (phone numbers, ids) out of anything that is logged. */
export function redact(text: string): string {
  return text
    .replace(/[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+/g, '[email]')
    .replace(/\+?\d[\d\s-]{6,}\d/g, '[number]')
    .slice(0, 300)
}
