import type { Stats } from '../report.js'

/** n, mean, median, min, max, sample standard deviation and p95 of the finite values given. */
export function describe(values: ArrayLike<number>): Stats | undefined {
  const n = values.length
  if (n === 0) return undefined
  let sum = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    sum += v
    if (v < min) min = v
    if (v > max) max = v
  }
  const mean = sum / n
  // Two passes: the second sums squared distances from the mean, which stays exact where the
  // one-pass sum of squares loses digits on large values with small spread (latencies in ns).
  let squares = 0
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2
  // A typed array's copy is a memcpy; Float64Array.from would walk it through an iterator.
  const work = values instanceof Float64Array ? values.slice() : Float64Array.from(values)
  const median = rankedQuantile(work, 0.5, 0)
  const stats: Stats = {
    n,
    mean,
    median: median.value,
    min,
    max,
    stddev: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
  }
  // p95's rank is at or past the median's, so only the part above it is searched again.
  if (n > 1) stats.p95 = rankedQuantile(work, 0.95, median.low).value
  return stats
}

/**
 * The q-quantile as `quantile` computes it on the sorted values, found by selection instead of a
 * sort: linear, where sorting every metric's values was most of facts' time. Reorders `a` so that
 * everything before the rank is no greater; `from` is where the search may start.
 */
function rankedQuantile(a: Float64Array, q: number, from: number): { value: number; low: number } {
  const position = (a.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  select(a, low, from, a.length - 1)
  const x = a[low]!
  if (low === high) return { value: x, low }
  let next = Infinity
  for (let i = low + 1; i < a.length; i++) if (a[i]! < next) next = a[i]!
  return { value: x + (next - x) * (position - low), low }
}

/**
 * Puts the k-th smallest of a[lo..hi] at a[k], no greater ones before it and no smaller after
 * (Hoare's selection, with a three-way split so that repeated values cost nothing). The pivot is
 * random, so values a pull request arranged cannot make it quadratic; should it still take too
 * many rounds, what remains is sorted.
 */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  let rounds = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 16
  while (hi > lo) {
    if (rounds-- === 0) {
      a.subarray(lo, hi + 1).sort()
      return
    }
    const pivot = a[lo + Math.floor(Math.random() * (hi - lo + 1))]!
    let lt = lo
    let gt = hi
    let i = lo
    while (i <= gt) {
      const v = a[i]!
      if (v < pivot) {
        a[i++] = a[lt]!
        a[lt++] = v
      } else if (v > pivot) {
        a[i] = a[gt]!
        a[gt--] = v
      } else i++
    }
    if (k < lt) hi = lt - 1
    else if (k > gt) lo = gt + 1
    else return
  }
}

/** Linear interpolation between closest ranks (numpy's default, Excel's PERCENTILE.INC). */
export function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  const a = sorted[low]!
  return low === high ? a : a + (sorted[high]! - a) * (position - low)
}
