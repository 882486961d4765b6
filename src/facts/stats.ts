import type { Stats } from '../report.js'

/** n, mean, median, min, max, sample standard deviation and p95 of the finite values given. */
export function describe(values: readonly number[]): Stats | undefined {
  const n = values.length
  if (n === 0) return undefined
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (const v of sorted) sum += v
  const mean = sum / n
  // Two passes: the second sums squared distances from the mean, which stays exact where the
  // one-pass sum of squares loses digits on large values with small spread (latencies in ns).
  let squares = 0
  for (const v of sorted) squares += (v - mean) ** 2
  const stats: Stats = {
    n,
    mean,
    median: quantile(sorted, 0.5),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    stddev: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
  }
  if (n > 1) stats.p95 = quantile(sorted, 0.95)
  return stats
}

/** Linear interpolation between closest ranks (numpy's default, Excel's PERCENTILE.INC). */
export function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  const a = sorted[low]!
  return low === high ? a : a + (sorted[high]! - a) * (position - low)
}
