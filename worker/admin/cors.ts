// CORS for the Studio: it runs on another origin (sanity.studio or localhost:3333) and calls the
// staff API with credentials (the Cloudflare Access cookie in production). Only the origins in
// STUDIO_ORIGIN are allowed; with none configured, browsers on other origins get nothing.
import { cors } from 'hono/cors'
import type { MiddlewareHandler } from 'hono'
import { studioOrigins } from '../security'
import type { StaffEnv } from './env'

export function staffCors(): MiddlewareHandler<StaffEnv> {
  return cors({
    origin: (origin, c) => (origin && studioOrigins(c.env).includes(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['Content-Disposition'],
    maxAge: 600,
  })
}
