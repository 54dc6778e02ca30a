// The part of node:async_hooks the worker uses (workerd provides it under nodejs_compat); the
// worker's types do not include Node's.
declare module 'node:async_hooks' {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, fn: () => R): R
    getStore(): T | undefined
  }
}
