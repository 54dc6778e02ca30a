// The project and user endpoints Sanity Studio asks for while loading: a local administrator
// signed in with no login step, the project and its dataset ACL, per-user key-value settings,
// and empty-but-valid answers for history, features and telemetry.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readJson, sendJson, type Ctx } from './http'
import { isRecord, StoreError } from './types'
import { LOCAL_IDENTITY } from './writes'

const ADMIN_GRANTS = [
  {
    filter: '_id in path("**")',
    permissions: ['read', 'create', 'update', 'history', 'editHistory', 'manage'],
  },
]

const LOCAL_USER = {
  id: LOCAL_IDENTITY,
  name: 'Local editor',
  email: 'editor@safeguard.localhost',
  provider: 'sanity',
  role: 'administrator',
  roles: [{ name: 'administrator', title: 'Administrator' }],
}

export type ProjectApi = (ctx: Ctx, segments: string[]) => Promise<boolean>

/** Returns a handler that answers project/user routes (true) or declines them (false). */
export function projectApi(opts: {
  projectId: string
  datasets: string[]
  dataDir: string
  maxBodyBytes: number
}): ProjectApi {
  const kvFile = join(opts.dataDir, 'keyvalue.json')
  const kv = new Map<string, unknown>(loadKeyValues(kvFile))
  const createdAt = '2026-01-01T00:00:00Z'
  const project = {
    id: opts.projectId,
    displayName: 'Safeguard (local)',
    studioHost: null,
    organizationId: null,
    isBlocked: false,
    isDisabled: false,
    isDisabledByUser: false,
    activityFeedEnabled: false,
    createdAt,
    metadata: { color: '#1f6f5c', externalStudioHost: null },
    maxRetentionDays: 30,
    pendingInvites: 0,
    features: [],
    members: [
      {
        id: LOCAL_USER.id,
        role: 'administrator',
        roles: LOCAL_USER.roles,
        isCurrentUser: true,
        isRobot: false,
        createdAt,
      },
    ],
  }

  return async (ctx, segments) => {
    const [first, second, third, fourth, fifth] = segments
    const { res, method } = ctx
    if (first === 'ping') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('PONG')
      return true
    }
    if (first === 'users' && second === 'me' && third === undefined) {
      sendJson(res, 200, LOCAL_USER)
      return true
    }
    if (first === 'users' && second === 'me' && third === 'keyvalue') {
      if (method === 'PUT' || method === 'POST') {
        const body = await readJson(ctx.req, opts.maxBodyBytes)
        const pairs = Array.isArray(body) ? body.filter(isRecord) : []
        for (const pair of pairs) if (typeof pair.key === 'string') kv.set(pair.key, pair.value)
        saveKeyValues(kvFile, kv)
        sendJson(
          res,
          200,
          pairs.map((p) => ({ key: p.key, value: p.value })),
        )
        return true
      }
      const keys = (fourth ?? '').split(',').filter(Boolean).map(decodeURIComponent)
      sendJson(
        res,
        200,
        keys.map((key) => ({ key, value: kv.get(key) ?? null })),
      )
      return true
    }
    if (first === 'users' && second) {
      const ids = decodeURIComponent(second).split(',')
      const users = ids
        .filter((id) => id === LOCAL_USER.id)
        .map(() => ({ id: LOCAL_USER.id, displayName: LOCAL_USER.name, email: LOCAL_USER.email }))
      sendJson(res, 200, users)
      return true
    }
    if (first === 'auth' && second === 'id') {
      sendJson(res, 200, { id: LOCAL_USER.id })
      return true
    }
    if (first === 'auth' && second === 'providers') {
      sendJson(res, 200, { providers: [], thirdPartyLogin: false, sso: {} })
      return true
    }
    if (first === 'auth' && second === 'logout') {
      sendJson(res, 200, {})
      return true
    }
    // @sanity/client asks after a live event stream fails, to tell a CORS refusal from an outage;
    // every origin may use this store.
    if (first === 'check' && second === 'cors') {
      sendJson(res, 200, { result: { allowed: true, withCredentials: true } })
      return true
    }
    if (first === 'features') {
      sendJson(res, 200, [])
      return true
    }
    if (first === 'schedules') {
      sendJson(res, 200, { schedules: [] })
      return true
    }
    if (first === 'intake' && second === 'telemetry-status') {
      sendJson(res, 200, { status: 'denied' })
      return true
    }
    if (first === 'projects') {
      if (second !== opts.projectId) {
        throw new StoreError(404, {
          description: `Project "${second ?? ''}" not found`,
          type: 'httpNotFound',
        })
      }
      if (third === undefined) return json(res, project)
      if (third === 'features') return json(res, [])
      if (third === 'grants') return json(res, {})
      if (third === 'user-applications') return json(res, [])
      if (third === 'datasets' && fourth === undefined) {
        return json(
          res,
          opts.datasets.map((name) => ({
            name,
            aclMode: 'public',
            createdAt,
            addonFor: null,
            tags: [],
          })),
        )
      }
      if (third === 'datasets' && fourth && opts.datasets.includes(fourth)) {
        if (fifth === 'acl') return json(res, ADMIN_GRANTS)
        if (fifth === 'settings') return json(res, {})
      }
    }
    return false
  }
}

function json(res: Ctx['res'], body: unknown): true {
  sendJson(res, 200, body)
  return true
}

function loadKeyValues(file: string): [string, unknown][] {
  if (!existsSync(file)) return []
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return isRecord(data) ? Object.entries(data) : []
  } catch {
    return []
  }
}

function saveKeyValues(file: string, kv: Map<string, unknown>): void {
  // Studio preferences only: atomic replace, no fsync needed.
  writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(kv)))
  renameSync(`${file}.tmp`, file)
}
