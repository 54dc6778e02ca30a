// A D1 binding that passes everything to the real one and lets a test step in around each
// prepare(), each statement execution and each batch(): the fault injector
// (reliability/faults.ts) and the rows-read meter (signups/helpers.ts) are this with other hooks.

export type ExecuteMethod = 'run' | 'first' | 'all' | 'raw'

export type D1Hooks = {
  /** Before each prepare(); throwing here throws from prepare(), as D1 can. */
  prepare?(sql: string): void
  /** Instead of each execution of a statement (bound or not); `original` runs the real one. */
  execute?(
    method: ExecuteMethod,
    statement: D1PreparedStatement,
    original: () => Promise<unknown>,
  ): Promise<unknown>
  /** Instead of each batch(); `original` runs it on the real binding. */
  batch?(original: () => Promise<D1Result[]>): Promise<D1Result[]>
}

const EXECUTE = new Set<string>(['run', 'first', 'all', 'raw'])
const isExecute = (prop: string | symbol): prop is ExecuteMethod =>
  typeof prop === 'string' && EXECUTE.has(prop)

/** What `target[prop]` is, with functions bound to `target` (as the real binding expects). */
function passThrough(target: object, prop: string | symbol): unknown {
  const value: unknown = Reflect.get(target, prop, target)
  return typeof value === 'function' ? value.bind(target) : value
}

export function interceptD1(real: D1Database, hooks: D1Hooks): D1Database {
  // batch() must be handed the real statements, not our proxies.
  const unwrap = new WeakMap<object, D1PreparedStatement>()
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...values: unknown[]) => wrap(target.bind(...values))
        const execute = hooks.execute
        if (execute && isExecute(prop)) {
          return (...args: unknown[]) =>
            execute(prop, target, async () => {
              const fn = passThrough(target, prop)
              if (typeof fn !== 'function') throw new Error(`D1 statement has no ${prop}()`)
              return (fn as (...a: unknown[]) => Promise<unknown>)(...args)
            })
        }
        return passThrough(target, prop)
      },
    })
    unwrap.set(proxy, stmt)
    return proxy
  }
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (sql: string) => {
          hooks.prepare?.(sql)
          return wrap(target.prepare(sql))
        }
      }
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          const original = () => target.batch(statements.map((s) => unwrap.get(s) ?? s))
          return hooks.batch ? hooks.batch(original) : original()
        }
      }
      return passThrough(target, prop)
    },
  })
}
