// The messages on REBUILD_QUEUE. Anyone may enqueue `paths`; the webhook
// enqueues `documents`. Kept below worker/rebuild (which consumes them) so the folders that
// produce them (webhooks, signups) and the consumer never import each other. Messages are parsed with zod on the way out of the queue because a queue
// outlives deployments: a message written by an older version must not crash the consumer.
import * as z from 'zod'

export const CONTENT_OPERATIONS = ['create', 'update', 'delete'] as const

const contentChangeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  operation: z.enum(CONTENT_OPERATIONS),
  slugBefore: z.string().nullish(),
  slugAfter: z.string().nullish(),
  rev: z.string().optional(),
})

export type ContentChange = z.infer<typeof contentChangeSchema>

export const rebuildMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('paths'),
    paths: z.array(z.string().startsWith('/')),
    reason: z.string(),
    // Set when this is the remainder of a larger rebuild, so its pages join the same receipt.
    receiptId: z.string().optional(),
  }),
  // The deferred rebuild of the aggregate pages publishes marked (worker/rebuild/deferred.ts).
  z.object({ type: z.literal('aggregates') }),
  z.object({
    type: z.literal('documents'),
    changes: z.array(contentChangeSchema).min(1),
    transactionId: z.string().min(1),
  }),
])

export type RebuildMessage = z.infer<typeof rebuildMessageSchema>
