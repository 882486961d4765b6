// Every figure the model could honestly write: the numbers of the digest it read, and the full
// precision values behind them, so that a writer's rounding of either is recognised. Percent
// changes and ratios are only recognised between values that belong together: one metric's
// statistics and configurations, or one file's counts.
import type { Facts } from '../facts/facts.js'
import type { Metric } from '../report.js'
import { extractNumbers } from './numbers.js'
import { buildKnown, type KnownNumbers } from './verify.js'

export function knownNumbers(facts: Facts, digestText: string): KnownNumbers {
  const values: number[] = []
  for (const claim of extractNumbers(digestText)) values.push(claim.value)
  const families = new Map<string, number[]>()
  const family = (key: string): number[] => {
    let list = families.get(key)
    if (!list) families.set(key, (list = []))
    return list
  }
  for (const m of facts.metrics) {
    const stats = statsOf(m)
    values.push(...stats)
    family(`${m.file}\u0000${m.table ?? ''}\u0000${m.name}`).push(...stats)
    for (const v of Object.values(m.group ?? {})) {
      if (v.trim() !== '' && Number.isFinite(Number(v))) values.push(Number(v))
    }
  }
  const inv = facts.inventory
  const counts = [inv.totalFiles, inv.totalBytes, facts.metrics.length, facts.gaps.length]
  counts.push(inv.files.filter((f) => f.status === 'unreadable').length)
  counts.push(inv.files.filter((f) => f.status === 'skipped').length)
  for (const t of Object.values(inv.byType)) counts.push(t.files, t.bytes)
  values.push(...counts)
  const c = facts.comparison
  if (c) {
    counts.push(
      c.regressions.length,
      c.improvements.length,
      c.unchanged,
      c.withinNoise,
      c.thresholdPct,
    )
    for (const x of [...c.regressions, ...c.improvements]) {
      const sides = [x.base.mean, x.head.mean, x.base.stddev, x.head.stddev].filter(
        (v): v is number => v !== undefined,
      )
      values.push(...sides, x.changePct, x.base.n, x.head.n, ...(x.p === undefined ? [] : [x.p]))
      family(`change\u0000${x.file}\u0000${x.name}\u0000${JSON.stringify(x.group ?? {})}`).push(
        ...sides,
      )
    }
  }
  const fileCounts: number[][] = []
  for (const f of inv.files) {
    values.push(f.rows ?? 0, f.failedRows ?? 0)
    fileCounts.push([f.rows ?? 0, f.failedRows ?? 0])
  }
  // Shares are of counts only: "2 of 12 runs failed" is 17%, but a p95 is no share of a mean.
  return buildKnown(values, {
    families: [counts, ...fileCounts, ...families.values()],
    shareFamilies: [counts, ...fileCounts],
  })
}

function statsOf(m: Metric): number[] {
  const stats = [m.mean, m.median, m.min, m.max, m.stddev, m.p95]
  if (m.interval) stats.push(m.interval.low, m.interval.high)
  return stats.filter((v): v is number => v !== undefined)
}
