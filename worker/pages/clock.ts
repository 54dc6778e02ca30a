// The instant pages are built as of, shared by the page builders and the bench (which passes the
// same $now to the store as the worker does).

/**
 * The instant a page is built as of: the next whole minute. Queries that take it ($now) then
 * repeat exactly for a minute, so the content store (and Sanity's API) answers them from its
 * cache instead of evaluating them again. Rounding up, never down, keeps every staleAt (taken
 * after this same instant) in the future: a page shows a change that comes with time (a session
 * starting, registration closing) up to a minute early, never late.
 */
export function contentNow(at: number = Date.now()): Date {
  return new Date(Math.ceil(at / 60_000) * 60_000)
}
