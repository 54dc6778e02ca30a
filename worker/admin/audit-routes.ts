// GET /admin/audit: the staff audit log, newest first, paged with ?before=<id>.
import { validator } from 'hono-openapi'
import { Hono } from 'hono'
import * as z from 'zod'
import { invalidInput } from '../lib/http-errors'
import { listAudit } from './audit'
import type { StaffEnv } from './env'

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
  actor: z.string().min(1).max(200).optional(),
})

export const auditRoutes = new Hono<StaffEnv>().get(
  '/audit',
  validator(
    'query',
    querySchema,
    invalidInput('invalid_request', 'Use limit=1..500, before=<entry id>, actor=<email>.'),
  ),
  async (c) => {
    c.set('audit', { action: 'audit.view' })
    const { limit, before, actor } = c.req.valid('query')
    const entries = await listAudit(c.env.DB, { limit, beforeId: before, actor })
    const last = entries.at(-1)
    c.header('Cache-Control', 'private, no-store')
    return c.json({
      entries,
      next: entries.length === limit && last ? `?before=${last.id}&limit=${limit}` : null,
    })
  },
)
