// A CPU profile of the worker while a workload runs, taken through workerd's V8 inspector
// (Miniflare's `inspectorPort`), summarised as the functions with the most self time. This is
// how the bench explains a missed target instead of only reporting it. Node 22's built-in
// WebSocket client speaks to the inspector.

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number }
type ProfileNode = { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }
type CpuProfile = {
  nodes: ProfileNode[]
  samples?: number[]
  timeDeltas?: number[]
  startTime: number
  endTime: number
}

export type HotFunction = {
  name: string
  where: string
  selfMs: number
  share: number
  /** Who called it, heaviest first (up to two frames up), for a reader to find the cause. */
  callers: string[]
}
export type ProfileSummary = {
  totalMs: number
  idleMs: number
  top: HotFunction[]
  /** Requests the workload made, and busy (non-idle) isolate time divided by them. */
  requests: number
  cpuMsPerRequest: number
  /**
   * The longest stretch of samples with the isolate busy: how long a request arriving then waits
   * before the worker can start on it (a cached page's p99 during a bulk import), and the
   * functions that spent it.
   */
  longestBusy: { ms: number; top: string[] }
  /** The isolate's JS heap in use, MiB, at the start and the most seen while the work ran. */
  heapMiB: { start: number; max: number }
}

async function targetUrl(inspectorOrigin: string, worker: string): Promise<string> {
  const res = await fetch(`${inspectorOrigin}/json`)
  const targets: unknown = await res.json()
  if (!Array.isArray(targets)) throw new Error('inspector: no target list')
  for (const t of targets) {
    if (typeof t !== 'object' || t === null) continue
    const rec = t as Record<string, unknown>
    const title = typeof rec.title === 'string' ? rec.title : ''
    const ws = rec.webSocketDebuggerUrl
    if (title.includes(worker) && typeof ws === 'string') return ws
  }
  throw new Error(`inspector: no target for worker ${worker}`)
}

class Session {
  private next = 1
  private readonly waiting = new Map<number, (result: unknown) => void>()
  constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event: MessageEvent) => {
      const msg: unknown = JSON.parse(String(event.data))
      if (typeof msg !== 'object' || msg === null || !('id' in msg)) return
      const id = Number(msg.id)
      this.waiting.get(id)?.('result' in msg ? msg.result : undefined)
      this.waiting.delete(id)
    })
  }
  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.next++
    return new Promise((resolve) => {
      this.waiting.set(id, resolve)
      this.socket.send(JSON.stringify({ id, method, params }))
    })
  }
}

const isIdle = (f: CallFrame) => f.functionName === '(idle)' || f.functionName === '(program)'

function longestBusy(profile: CpuProfile): ProfileSummary['longestBusy'] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  let best = { ms: 0, from: 0, to: 0 }
  let from = 0
  let ms = 0
  for (let i = 0; i <= samples.length; i++) {
    const node = i < samples.length ? byId.get(samples[i] ?? 0) : undefined
    if (node && !isIdle(node.callFrame)) {
      if (ms === 0) from = i
      // A sample's delta is the time since the one before it, which it stands for.
      ms += (deltas[i] ?? 0) / 1000
      continue
    }
    if (ms > best.ms) best = { ms, from, to: i }
    ms = 0
  }
  const self = new Map<string, number>()
  for (let i = best.from; i < best.to; i++) {
    const f = byId.get(samples[i] ?? 0)?.callFrame
    if (!f) continue
    const where = f.url ? `${f.url.split('/').pop() ?? f.url}:${f.lineNumber + 1}` : '(native)'
    const key = `${f.functionName || '(anonymous)'} ${where}`
    self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0) / 1000)
  }
  const top = [...self.entries()]
    .sort(([, a], [, b]) => b - a)
    .slice(0, 5)
    .map(([key, t]) => `${key} ${t.toFixed(1)} ms`)
  return { ms: best.ms, top }
}

function summarise(
  profile: CpuProfile,
  limit: number,
): Omit<ProfileSummary, 'requests' | 'cpuMsPerRequest' | 'heapMiB'> {
  const self = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] ?? 0
    self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0) / 1000)
  }
  const parent = new Map<number, ProfileNode>()
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node)
  }
  const label = (n: ProfileNode | undefined) => {
    if (!n) return '(root)'
    const f = n.callFrame
    return `${f.functionName || '(anonymous)'}${f.url ? `:${f.lineNumber + 1}` : ''}`
  }
  const callerMs = new Map<string, Map<string, number>>()
  const byName = new Map<string, HotFunction>()
  let totalMs = 0
  let idleMs = 0
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0
    totalMs += ms
    const f = node.callFrame
    if (isIdle(f)) {
      idleMs += ms
      continue
    }
    const where = f.url ? `${f.url.split('/').pop() ?? f.url}:${f.lineNumber + 1}` : '(native)'
    const key = `${f.functionName || '(anonymous)'} ${where}`
    const hot = byName.get(key) ?? {
      name: f.functionName || '(anonymous)',
      where,
      selfMs: 0,
      share: 0,
      callers: [],
    }
    hot.selfMs += ms
    byName.set(key, hot)
    const up = parent.get(node.id)
    const chain = `${label(up)} ← ${label(up ? parent.get(up.id) : undefined)}`
    const calls = callerMs.get(key) ?? new Map<string, number>()
    calls.set(chain, (calls.get(chain) ?? 0) + ms)
    callerMs.set(key, calls)
  }
  const busy = Math.max(totalMs - idleMs, 0.001)
  const top = [...byName.entries()]
    .sort(([, a], [, b]) => b.selfMs - a.selfMs)
    .slice(0, limit)
    .map(([key, h]) => ({
      ...h,
      share: h.selfMs / busy,
      callers: [...(callerMs.get(key) ?? new Map<string, number>()).entries()]
        .sort(([, a], [, b]) => b - a)
        .slice(0, 3)
        .map(([chain]) => chain),
    }))
  return { totalMs, idleMs, top, longestBusy: longestBusy(profile) }
}

/** Profiles worker `worker` while `work` runs; the inspector must be enabled on the runtime. */
export async function profileWhile(
  inspectorOrigin: string,
  worker: string,
  work: () => Promise<{ requests: number }>,
  limit = 15,
): Promise<ProfileSummary> {
  const socket = new WebSocket(await targetUrl(inspectorOrigin, worker))
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener('error', () => reject(new Error('inspector: connection failed')), {
      once: true,
    })
  })
  const session = new Session(socket)
  try {
    await session.send('Profiler.enable')
    await session.send('Profiler.setSamplingInterval', { interval: 100 })
    await session.send('Profiler.start')
    // Polled while the work runs: a heap near the isolate's 128 MB makes V8 collect often and long.
    const heapUsed = async () => {
      const usage = await session.send('Runtime.getHeapUsage')
      const used = typeof usage === 'object' && usage !== null ? Reflect.get(usage, 'usedSize') : 0
      return typeof used === 'number' ? used / 2 ** 20 : 0
    }
    const heap = { start: await heapUsed(), max: 0 }
    let working = true
    const polling = (async () => {
      while (working) {
        heap.max = Math.max(heap.max, await heapUsed())
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    })()
    const { requests } = await work().finally(() => {
      working = false
    })
    await polling
    const stopped = await session.send('Profiler.stop')
    const profile =
      typeof stopped === 'object' && stopped !== null && 'profile' in stopped
        ? (stopped.profile as CpuProfile)
        : null
    if (!profile) throw new Error('inspector: no profile returned')
    const summary = summarise(profile, limit)
    const busy = summary.totalMs - summary.idleMs
    return {
      ...summary,
      requests,
      cpuMsPerRequest: busy / Math.max(requests, 1),
      heapMiB: { start: heap.start, max: Math.max(heap.max, heap.start) },
    }
  } finally {
    socket.close()
  }
}
