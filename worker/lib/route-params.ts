// Route parameters that name a document or a key inside one (course ids, session keys): checked
// before they reach a query, in the staff API and in the staff routes features add to it.
import * as z from 'zod'

export const idParam = z
  .string()
  .regex(
    /^[A-Za-z0-9._-]{1,128}$/,
    'Use a document id or key: letters, digits, dot, dash or underscore.',
  )
