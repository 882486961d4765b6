// The Mann–Whitney U test (Wilcoxon rank-sum) of two sets of samples: whether one tends to be
// larger than the other, with no assumption that either is normal. Benchmark times rarely are (a
// long right tail of slow runs), which is why a comparison prefers it where a format kept samples.
import { logGamma } from './significance.js'

/** Up to this many values in all, without ties, the p-value is exact; beyond, the normal approximation. */
const EXACT_UP_TO = 50

export interface RankTest {
  /** U of the second sample: how many (a, b) pairs have b above a, ties counting a half. */
  u: number
  /** Two-sided. */
  p: number
  exact: boolean
}

export function mannWhitney(a: readonly number[], b: readonly number[]): RankTest | undefined {
  const n1 = a.length
  const n2 = b.length
  if (n1 < 1 || n2 < 1) return undefined
  if (![...a, ...b].every(Number.isFinite)) return undefined
  const all = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))]
  all.sort((x, y) => x.v - y.v)
  // Ranks from 1, ties sharing their average rank; the tie sizes correct the variance below.
  let rankSumB = 0
  let tieTerm = 0
  for (let i = 0; i < all.length;) {
    let j = i
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++
    const rank = (i + j + 2) / 2
    const size = j - i + 1
    if (size > 1) tieTerm += size ** 3 - size
    for (let k = i; k <= j; k++) if (!all[k]!.first) rankSumB += rank
    i = j + 1
  }
  const u = rankSumB - (n2 * (n2 + 1)) / 2
  const total = n1 + n2
  if (tieTerm === 0 && total <= EXACT_UP_TO) {
    return { u, p: exactTwoSided(u, n1, n2), exact: true }
  }
  const mean = (n1 * n2) / 2
  const variance = ((n1 * n2) / 12) * (total + 1 - tieTerm / (total * (total - 1)))
  if (!(variance > 0)) return { u, p: 1, exact: false }
  // A half of continuity correction: U moves in steps of one (or a half with ties).
  const z = Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance)
  return { u, p: Math.min(1, normalTwoSided(z)), exact: false }
}

/**
 * P(U ≤ min(u, n1·n2 − u)) · 2 under the null, counting, for each U, the ways of picking which
 * n2 of the n1 + n2 ranks belong to the second sample: the subsets of {1..N} of size n2 by sum.
 */
function exactTwoSided(u: number, n1: number, n2: number): number {
  const total = n1 + n2
  const maxU = n1 * n2
  // ways[k][s]: subsets of size k of the ranks seen so far whose ranks sum to s + k(k+1)/2, i.e.
  // whose U is s. Adding rank r to a subset of size k − 1 raises its U by r − k.
  const ways = Array.from({ length: n2 + 1 }, () => new Float64Array(maxU + 1))
  ways[0]![0] = 1
  for (let r = 1; r <= total; r++) {
    for (let k = Math.min(r, n2); k >= 1; k--) {
      const shift = r - k
      if (shift > n1) continue
      const into = ways[k]!
      const from = ways[k - 1]!
      for (let s = maxU - shift; s >= 0; s--) if (from[s]! > 0) into[s + shift]! += from[s]!
    }
  }
  const counts = ways[n2]!
  let all = 0
  for (const c of counts) all += c
  const tail = Math.min(u, maxU - u)
  let below = 0
  for (let s = 0; s <= Math.floor(tail); s++) below += counts[s]!
  return Math.min(1, (2 * below) / all)
}

/** P(|Z| ≥ z) for a standard normal Z: P(Z² ≥ z²), and Z² is chi-square with one degree of freedom. */
export function normalTwoSided(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? NaN : 0
  return upperGamma(0.5, (z * z) / 2)
}

/** Q(a, x) = Γ(a, x) / Γ(a): the series for x < a + 1, Lentz's continued fraction beyond. */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1
  const front = -x + a * Math.log(x) - logGamma(a)
  if (x < a + 1) {
    let term = 1 / a
    let sum = term
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n)
      sum += term
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break
    }
    return 1 - sum * Math.exp(front)
  }
  const tiny = 1e-300
  let b = x + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return Math.exp(front) * h
}
