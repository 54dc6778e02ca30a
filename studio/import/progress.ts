// Progress of a long import: a bar redrawn in place on a terminal, plain lines otherwise.

/** Where progress goes: a redrawn bar on a terminal, plain lines (every 10%) otherwise. */
export type Output = { write(text: string): void; isTTY: boolean; columns?: number }

export class Progress {
  private lastTenth = -1
  private readonly started = performance.now()

  constructor(
    private readonly out: Output,
    private readonly total: number,
    private readonly label: string,
  ) {}

  update(done: number): void {
    const share = this.total === 0 ? 1 : done / this.total
    const pct = Math.floor(share * 100)
    if (this.out.isTTY) {
      const width = Math.max(10, Math.min(40, (this.out.columns ?? 80) - 50))
      const filled = Math.round(share * width)
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`
      const secs = ((performance.now() - this.started) / 1000).toFixed(1)
      this.out.write(`\r${this.label} ${bar} ${pct}% ${done}/${this.total} (${secs} s)`)
      if (done >= this.total) this.out.write('\n')
      return
    }
    const tenth = Math.floor(share * 10)
    if (tenth > this.lastTenth || done >= this.total) {
      this.lastTenth = tenth
      this.out.write(`${this.label}: ${done} / ${this.total} (${pct}%)\n`)
    }
  }
}
