// HTTP values shared by every route that answers for one person (forms, links, the API).

/** Cache-Control for answers about one person: never stored by the edge or the browser. */
export const NO_STORE = 'private, no-store'
