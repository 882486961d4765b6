/** What a run of a benchmark reports about one configuration: stddev is the sample (n − 1) one. */
export interface Sample {
  n: number
  mean: number
  stddev: number
}

/**
 * Welch's unequal-variances t-test of b against a: t = (mean_b − mean_a) / sqrt(s_a²/n_a + s_b²/n_b),
 * Welch–Satterthwaite degrees of freedom and the two-sided p-value. Undefined when either sample has
 * fewer than two runs (no variance to speak of) or a number that is not finite.
 */
export function welch(a: Sample, b: Sample): { t: number; df: number; p: number } | undefined {
  if (a.n < 2 || b.n < 2) return undefined
  if (![a.n, a.mean, a.stddev, b.n, b.mean, b.stddev].every(Number.isFinite)) return undefined
  const va = a.stddev ** 2 / a.n
  const vb = b.stddev ** 2 / b.n
  const diff = b.mean - a.mean
  if (va + vb === 0) {
    // No noise at all: any difference is certain, and none is no evidence of one.
    const t = diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity
    return { t, df: a.n + b.n - 2, p: diff === 0 ? 1 : 0 }
  }
  const t = diff / Math.sqrt(va + vb)
  // (va + vb)² / (va²/(n_a − 1) + vb²/(n_b − 1)), written with the share r = va / (va + vb) so
  // that squaring huge or tiny variances can neither overflow nor underflow.
  const r = va / (va + vb)
  const df = 1 / (r ** 2 / (a.n - 1) + (1 - r) ** 2 / (b.n - 1))
  return { t, df, p: studentTwoSidedP(t, df) }
}

/**
 * P(|T| ≥ |t|) for Student's t with df (any real > 0) degrees of freedom. The tail of t is a beta
 * tail: with x = df / (df + t²), P(|T| ≥ |t|) = I_x(df/2, 1/2).
 */
export function studentTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0 && df < Infinity)) return NaN // infinite df: the normal, not here
  if (!Number.isFinite(t)) return 0
  // 1 − x is passed as t² / (df + t²), not computed: for |t| below ~1e-8, x rounds to 1 while
  // p = 1 − O(|t|) still differs from 1 by more than a rounding error.
  return incompleteBeta(df / (df + t * t), (t * t) / (df + t * t), df / 2, 0.5)
}

/**
 * I_x(a, b) = B(x; a, b) / B(a, b), from the continued fraction
 *   I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · 1 / (1 + d1 / (1 + d2 / (1 + …)))
 *   d(2m+1) = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),  d(2m) = m (b − m) x / ((a + 2m − 1)(a + 2m))
 * which converges quickly only for x < (a + 1) / (a + b + 2), the neighbourhood of the mean and below.
 * Above it we use I_x(a, b) = 1 − I_{1−x}(b, a), whose 1 − x then lies below the swapped bound
 * (the two bounds add up to 1), so exactly one branch is ever taken.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return NaN
  return incompleteBeta(x, 1 - x, a, b)
}

/** I_x(a, b) given y = 1 − x as well, for callers that know it more precisely than 1 − x. */
function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (y <= 0) return 1
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(y, x, b, a)
  const logFront = a * Math.log(x) + b * Math.log(y) - logBeta(a, b) - Math.log(a)
  return Math.exp(logFront) / continuedFraction(x, a, b)
}

/** 1 + d1 / (1 + d2 / (1 + …)) by the modified Lentz method: a running product of ratios C·D. */
function continuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300 // stands in for a zero denominator, which Lentz's method cannot divide by
  let f = 1
  let c = 1
  let d = 0
  // Near the mean the number of terms grows like sqrt(max(a, b)) (about 1000 for a = b = 10^6);
  // far from it, and in the t tail where b = 1/2, a few dozen do.
  for (let j = 1; j <= 10000; j++) {
    const m = Math.floor(j / 2)
    const coefficient =
      j % 2 === 1
        ? (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
        : (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
    d = 1 + coefficient * d
    c = 1 + coefficient / c
    if (Math.abs(d) < tiny) d = tiny
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < 1e-15) break
  }
  return f
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b)
}

// Lanczos's approximation with g = 7 and nine terms (Godfrey's coefficients): relative error
// about 1e-15 for Γ(z + 1), Re z ≥ −1/2, in double precision.
const LANCZOS_G = 7
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
]

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN
  // Below 1/2 the series is less accurate; the reflection Γ(x) Γ(1 − x) = π / sin(πx) moves there.
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  // Γ(z + 1) = √(2π) (z + g + 1/2)^(z + 1/2) e^−(z + g + 1/2) A_g(z), with z = x − 1.
  const z = x - 1
  let series = LANCZOS[0]!
  for (let k = 1; k < LANCZOS.length; k++) series += LANCZOS[k]! / (z + k)
  const base = z + LANCZOS_G + 0.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(base) - base + Math.log(series)
}
