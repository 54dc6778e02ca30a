// The part of autocannon's programmatic API the bench uses (the package ships no types).
declare module 'autocannon' {
  type Histogram = {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total: number
    p2_5: number
    p50: number
    p90: number
    p97_5: number
    p99: number
    p99_9: number
  }
  export type Options = {
    url: string
    connections?: number
    duration?: number
    amount?: number
    method?: 'GET' | 'POST' | 'HEAD'
    headers?: Record<string, string>
    body?: string
    /** Replaces every `[<id>]` in the request (line, headers, body) with a unique id. */
    idReplacement?: boolean
    /** Milliseconds between samples; `amount` runs end on a sample tick (default 1,000). */
    sampleInt?: number
    timeout?: number
    pipelining?: number
    overallRate?: number
  }
  export type Result = {
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
    statusCodeStats: Record<string, { count: number }>
  }
  function autocannon(opts: Options): Promise<Result>
  export default autocannon
}
