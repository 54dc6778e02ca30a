// The consent wording shown on each signup form. The text and its version are stored with every
// signup, so a wording change must come with a new version (old versions stay listed so a form
// from a cached page can still be accepted and recorded with the wording the person saw).

export type ConsentKind = 'registration' | 'petition' | 'alerts'
export type Consent = { version: string; text: string }

const CONSENTS: Record<ConsentKind, Consent[]> = {
  registration: [
    {
      version: 'registration-2025-01',
      text: 'I agree that Safeguard may store my details to manage my place on this course, email me about it (joining details, changes, cancellations) and keep a record of attendance. My details are deleted after the retention period; I can download or erase them at any time from the privacy page.',
    },
  ],
  petition: [
    {
      version: 'petition-2025-01',
      text: 'I agree that Safeguard may store my name, email and postcode or country to count my signature, and may tell the petition target how many people signed (never who). I can download or erase my details at any time from the privacy page.',
    },
  ],
  alerts: [
    {
      version: 'alerts-2025-01',
      text: 'I agree that Safeguard may email me when a new course on the topics I choose is published. Every email has an unsubscribe link; I can also download or erase my details from the privacy page.',
    },
  ],
}

// The wording new forms show.
export function currentConsent(kind: ConsentKind): Consent {
  const list = CONSENTS[kind]
  const latest = list[list.length - 1]
  if (!latest) throw new Error(`no consent wording for ${kind}`)
  return latest
}

// The wording a submitted form showed, or the current one when the version is unknown or absent.
export function consentFor(kind: ConsentKind, version: string | undefined): Consent {
  return CONSENTS[kind].find((c) => c.version === version) ?? currentConsent(kind)
}
