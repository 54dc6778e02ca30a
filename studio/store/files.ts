// Small file helpers for the store's durable writes and its append-only NDJSON files.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs'

/** Makes a rename or a new file in `dir` survive a power cut. */
export function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    fsyncSync(fd)
    closeSync(fd)
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}

/** Complete lines of a file with their byte positions; an unterminated last line is skipped. */
export function* lines(path: string): Generator<{ offset: number; length: number; text: string }> {
  if (!existsSync(path)) return
  const buf = readFileSync(path)
  let start = 0
  while (start < buf.length) {
    const end = buf.indexOf(0x0a, start)
    if (end < 0) return
    if (end > start) {
      yield { offset: start, length: end - start, text: buf.toString('utf8', start, end) }
    }
    start = end + 1
  }
}

/** The parsed value, or undefined for a line that is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
