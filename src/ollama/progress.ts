import type { Log } from './log.js'

export interface ProgressUpdate {
  status: string
  digest?: string
  total?: number
  completed?: number
}

/**
 * Turns a pull's progress stream (one line per downloaded chunk, per layer) into a few log lines:
 * one per `stepPercent` of the bytes seen so far, or per `everyMs` while bytes still move.
 */
export class PullProgress {
  private readonly layers = new Map<string, { total: number; completed: number }>()
  private lastPercent = -Infinity
  private lastCompleted = -1
  private lastAt: number
  private lastStatus = ''

  constructor(
    private readonly model: string,
    private readonly log: Log,
    private readonly now: () => number = () => performance.now(),
    private readonly stepPercent = 10,
    private readonly everyMs = 5000,
  ) {
    this.lastAt = now()
  }

  update(p: ProgressUpdate): void {
    if (!p.digest || !p.total) {
      // "pulling manifest", "verifying sha256 digest", ...: a handful per pull.
      if (p.status !== this.lastStatus) this.log.debug(`pulling ${this.model}: ${p.status}`)
      this.lastStatus = p.status
      // The last progress line logged may be short of the end; the user should see the end.
      if (p.status === 'success') this.report(true)
      return
    }
    this.layers.set(p.digest, { total: p.total, completed: p.completed ?? 0 })
    this.report(false)
  }

  private report(final: boolean): void {
    let total = 0
    let completed = 0
    for (const layer of this.layers.values()) {
      total += layer.total
      completed += layer.completed
    }
    if (total === 0) return
    // Percent of the layers announced so far: it dips when a new layer starts, which is honest.
    const percent = Math.floor((completed / total) * 100)
    const t = this.now()
    const stepped = percent >= this.lastPercent + this.stepPercent
    const moved = completed !== this.lastCompleted
    const stale = t - this.lastAt >= this.everyMs
    if (!moved || (!final && !stepped && !stale)) return
    this.log.info(
      `pulling ${this.model}: ${percent}% (${formatBytes(completed)} of ${formatBytes(total)})`,
    )
    this.lastPercent = percent
    this.lastCompleted = completed
    this.lastAt = t
  }
}

/** Decimal units, as `ollama pull` prints them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`
}
