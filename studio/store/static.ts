// Serves the built Studio (studio/dist) from the store's HTTPS origin, so the certificate an
// editor accepts once covers both the Studio page and its API calls. Unknown paths get
// index.html: the Studio routes on the client.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import type { Ctx } from './http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** Answers GET/HEAD for the Studio's files; returns false when there is no built Studio. */
export function serveStudio(ctx: Ctx, studioDir: string | undefined): boolean {
  if (!studioDir || !existsSync(join(studioDir, 'index.html'))) return false
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return false
  let relative: string
  try {
    relative = decodeURIComponent(ctx.url.pathname)
  } catch {
    return false
  }
  const root = normalize(studioDir)
  const candidate = normalize(join(root, relative))
  const inside = candidate === root || candidate.startsWith(root + sep)
  const file = inside && isFile(candidate) ? candidate : join(root, 'index.html')
  const hashed = file !== join(root, 'index.html') && relative.startsWith('/static/')
  ctx.res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (ctx.method === 'HEAD') {
    ctx.res.end()
    return true
  }
  ctx.res.end(readFileSync(file))
  return true
}

/**
 * The page an editor sees after accepting the certificate when no Studio is built: it confirms
 * the browser now trusts the store and says where the Studio is.
 */
export function serveLanding(ctx: Ctx, studioDevUrl: string): boolean {
  if (ctx.method !== 'GET' || ctx.url.pathname !== '/') return false
  ctx.res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
  })
  ctx.res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Safeguard content store</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Your browser trusts the local content store</h1>
<p>The Studio can now load and save content. Open it at
<a href="${studioDevUrl}">${studioDevUrl}</a>.</p>
<p>To serve a built Studio from this address instead, run <code>npm run studio:build</code>.</p>
</body></html>`)
  return true
}

// The bundler leaves an unset variable as a lookup (`<env>.SANITY_STUDIO_API_HOST||…`); a set one
// is replaced by its value.
const API_HOST_AT_RUNTIME = /\.SANITY_STUDIO_API_HOST\s*\|\|/

function bundles(dir: string): string[] {
  const staticDir = join(dir, 'static')
  if (!existsSync(join(dir, 'index.html')) || !existsSync(staticDir)) return []
  return readdirSync(staticDir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(staticDir, f), 'utf8'))
}

/**
 * Whether the Studio build in `dir` was made without SANITY_STUDIO_API_HOST, so that it picks its
 * API host when it loads (studio/env.ts): the serving store's own origin, else Sanity's API.
 */
export function readsApiHostAtRuntime(dir: string): boolean {
  return bundles(dir).some((code) => API_HOST_AT_RUNTIME.test(code))
}
