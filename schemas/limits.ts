// Limits of the content model that the worker relies on as well as the Studio. No imports: the
// worker bundles this file and must not pull in Studio code.

/** The longest a session may last (a week): the Studio refuses more, and the calendars rely on it. */
export const SESSION_MAX_MINUTES = 7 * 24 * 60
