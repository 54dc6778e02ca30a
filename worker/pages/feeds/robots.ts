// /robots.txt: the public site is open to every crawler; staff, API, development and preview
// routes are not pages anyone should find through a search engine.
import { absoluteUrl } from '../../lib/urls'
import type { BuiltPage } from '../kit'
import { SITEMAP_PATH } from './sitemap'

export const ROBOTS_PATH = '/robots.txt'
const DISALLOWED_PREFIXES = ['/admin', '/api', '/dev', '/preview'] as const

export function buildRobots(env: Env): BuiltPage {
  const body = [
    'User-agent: *',
    'Allow: /',
    ...DISALLOWED_PREFIXES.map((p) => `Disallow: ${p}`),
    '',
    `Sitemap: ${absoluteUrl(env.SITE_URL, SITEMAP_PATH)}`,
    '',
  ].join('\n')
  // No content is read: only a deploy (SITE_URL) changes this file.
  return {
    path: ROBOTS_PATH,
    status: 200,
    contentType: 'text/plain; charset=utf-8',
    body,
    deps: [],
  }
}
