import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  logGamma,
  regularizedIncompleteBeta,
  studentTwoSidedP,
  welch,
} from '../../src/facts/significance.js'

const relativeError = (actual: number, exact: number): number =>
  Math.abs(actual - exact) / Math.max(Math.abs(exact), Number.MIN_VALUE)

// Exact two-sided tails, from integrating Student's density in closed form:
//   df = 1 (Cauchy):  F(t) = 1/2 + atan(t)/π                          → p = 1 − 2 atan|t| / π
//   df = 2:           F(t) = 1/2 + t / (2 sqrt(t² + 2))                → p = 1 − |t| / sqrt(t² + 2)
//   df = 3:           F(t) = 1/2 + (atan(t/√3) + √3 t / (t² + 3)) / π  → p = 1 − 2 (…) / π
// The first two are written in forms that do not cancel for large |t| (1 − 2 atan(u)/π =
// 2 atan(1/u)/π for u > 0, and 1 − u/s = 2 / (s (s + u)) with s² = u² + 2) so that their relative
// error can be checked too.
const exactP1 = (t: number): number => (t === 0 ? 1 : (2 * Math.atan(1 / Math.abs(t))) / Math.PI)
const exactP2 = (t: number): number => {
  const s = Math.sqrt(t * t + 2)
  return 2 / (s * (s + Math.abs(t)))
}
const exactP3 = (t: number): number =>
  1 -
  (2 / Math.PI) *
    (Math.atan(Math.abs(t) / Math.sqrt(3)) + (Math.sqrt(3) * Math.abs(t)) / (t * t + 3))

const anyT = fc.double({ min: -50, max: 50, noNaN: true })

describe("Student's two-sided p-value", () => {
  it('matches the Cauchy (df = 1) and df = 2 closed forms to 1e-9 for any t in [−50, 50]', () => {
    fc.assert(
      fc.property(anyT, (t) => {
        expect(Math.abs(studentTwoSidedP(t, 1) - exactP1(t))).toBeLessThan(1e-9)
        expect(Math.abs(studentTwoSidedP(t, 2) - exactP2(t))).toBeLessThan(1e-9)
        expect(Math.abs(studentTwoSidedP(t, 3) - exactP3(t))).toBeLessThan(1e-9)
        // Relative too, since p is small in the tails (observed: below 2e-13).
        expect(relativeError(studentTwoSidedP(t, 1), exactP1(t))).toBeLessThan(1e-10)
        expect(relativeError(studentTwoSidedP(t, 2), exactP2(t))).toBeLessThan(1e-10)
      }),
      { numRuns: 2000 },
    )
  })

  it('keeps p = 1 − O(|t|) for tiny t, where df / (df + t²) rounds to 1', () => {
    for (const t of [1e-12, 1e-10, 3e-9, 1e-8, 1e-6]) {
      expect(Math.abs(studentTwoSidedP(t, 1) - exactP1(t))).toBeLessThan(1e-15)
      expect(Math.abs(studentTwoSidedP(t, 2) - exactP2(t))).toBeLessThan(1e-15)
      expect(studentTwoSidedP(t, 2)).toBeLessThan(1)
    }
  })

  it('is 1 at t = 0, 0 at infinite t, and NaN without degrees of freedom', () => {
    for (const df of [0.5, 1, 2.5, 10, 1e6]) expect(studentTwoSidedP(0, df)).toBe(1)
    expect(studentTwoSidedP(Infinity, 5)).toBe(0)
    expect(studentTwoSidedP(-Infinity, 5)).toBe(0)
    expect(studentTwoSidedP(1, 0)).toBeNaN()
    expect(studentTwoSidedP(1, Infinity)).toBeNaN()
    expect(studentTwoSidedP(NaN, 3)).toBeNaN()
  })

  // Two-sided critical values of t, rounded to three decimals as printed in any t table (e.g. the
  // NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.6.7.2, upper 0.025 and 0.005
  // columns). Rounding t to 3 decimals moves p by at most ~3e-5 here.
  it.each([
    [12.706, 1, 0.05],
    [4.303, 2, 0.05],
    [3.182, 3, 0.05],
    [2.571, 5, 0.05],
    [2.228, 10, 0.05],
    [2.086, 20, 0.05],
    [2.042, 30, 0.05],
    [1.98, 120, 0.05],
    [3.169, 10, 0.01],
    [2.75, 30, 0.01],
  ])('t = %f with %f df is the two-sided %f critical value', (t, df, p) => {
    expect(Math.abs(studentTwoSidedP(t, df) - p)).toBeLessThan(2e-4)
    expect(Math.abs(studentTwoSidedP(-t, df) - p)).toBeLessThan(2e-4)
  })

  it('approaches the normal two-sided p for large df', () => {
    // Two-sided normal tails: P(|Z| ≥ 1.96) = 0.04999579, P(|Z| ≥ 2.576) = 0.00999518.
    expect(Math.abs(studentTwoSidedP(1.96, 1e6) - 0.05)).toBeLessThan(1e-4)
    expect(Math.abs(studentTwoSidedP(1.96, 1e6) - 0.04999579)).toBeLessThan(1e-6)
    expect(Math.abs(studentTwoSidedP(2.576, 1e6) - 0.00999518)).toBeLessThan(1e-6)
  })

  it('is symmetric in t', () => {
    fc.assert(
      fc.property(anyT, fc.double({ min: 0.1, max: 1000, noNaN: true }), (t, df) => {
        expect(studentTwoSidedP(-t, df)).toBe(studentTwoSidedP(t, df))
      }),
    )
  })

  it('decreases as |t| grows, and stays within [0, 1]', () => {
    fc.assert(
      fc.property(
        anyT,
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        (t, step, df) => {
          const near = studentTwoSidedP(t, df)
          const far = studentTwoSidedP(Math.abs(t) + step, df)
          expect(far).toBeLessThanOrEqual(near)
          if (near > 1e-300) expect(far).toBeLessThan(near)
          expect(near).toBeGreaterThanOrEqual(0)
          expect(near).toBeLessThanOrEqual(1)
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('ln Γ', () => {
  it('gives ln (n − 1)! at the integers', () => {
    let logFactorial = 0 // ln (n − 1)!, summed exactly enough: n ≤ 171 terms of ln k
    for (let n = 1; n <= 171; n++) {
      if (n > 1) logFactorial += Math.log(n - 1)
      expect(Math.abs(logGamma(n) - logFactorial)).toBeLessThan(1e-10 * Math.max(1, logFactorial))
    }
  })

  it('gives Γ(1/2) = √π, Γ(3/2) = √π / 2 and Γ(5/2) = 3√π / 4', () => {
    const lnSqrtPi = 0.5 * Math.log(Math.PI)
    expect(relativeError(logGamma(0.5), lnSqrtPi)).toBeLessThan(1e-12)
    expect(relativeError(logGamma(1.5), lnSqrtPi - Math.log(2))).toBeLessThan(1e-12)
    expect(relativeError(logGamma(2.5), lnSqrtPi + Math.log(0.75))).toBeLessThan(1e-12)
  })

  it('satisfies Γ(x + 1) = x Γ(x), across the reflection at 1/2 too', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 100, noNaN: true }), (x) => {
        const lhs = logGamma(x + 1)
        expect(Math.abs(lhs - (logGamma(x) + Math.log(x)))).toBeLessThan(
          1e-12 * Math.max(1, Math.abs(lhs), Math.abs(logGamma(x))),
        )
      }),
      { numRuns: 1000 },
    )
  })
})

describe('the regularized incomplete beta function', () => {
  const x01 = fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true })
  const shape = fc.double({ min: 0.05, max: 60, noNaN: true })

  it('matches I_x(1,1) = x, I_x(a,1) = x^a, I_x(1,b) = 1 − (1−x)^b, I_x(½,½) = 2 asin(√x) / π', () => {
    fc.assert(
      fc.property(x01, shape, (x, s) => {
        expect(relativeError(regularizedIncompleteBeta(x, 1, 1), x)).toBeLessThan(1e-10)
        const xa = x ** s
        if (xa > 1e-290)
          expect(relativeError(regularizedIncompleteBeta(x, s, 1), xa)).toBeLessThan(1e-10)
        // 1 − (1 − x)^b without cancellation: −expm1(b ln(1 − x)).
        const oneMinus = -Math.expm1(s * Math.log1p(-x))
        expect(relativeError(regularizedIncompleteBeta(x, 1, s), oneMinus)).toBeLessThan(1e-10)
        const arcsine = (2 * Math.asin(Math.sqrt(x))) / Math.PI
        expect(relativeError(regularizedIncompleteBeta(x, 0.5, 0.5), arcsine)).toBeLessThan(1e-10)
      }),
      { numRuns: 2000 },
    )
  })

  it('satisfies I_x(a, b) = 1 − I_{1−x}(b, a)', () => {
    // x on a grid of 2^-31 so that 1 − x is exact: otherwise its rounding, not the function, is
    // what the identity would measure near x = 0.
    const exactX = fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((k) => k / 2 ** 31)
    fc.assert(
      fc.property(exactX, shape, shape, (x, a, b) => {
        const sum = regularizedIncompleteBeta(x, a, b) + regularizedIncompleteBeta(1 - x, b, a)
        expect(Math.abs(sum - 1)).toBeLessThan(1e-10)
      }),
      { numRuns: 2000 },
    )
  })

  it('satisfies I_x(a + 1, b) = I_x(a, b) − x^a (1 − x)^b / (a B(a, b)) for non-integer a, b', () => {
    fc.assert(
      fc.property(x01, shape, shape, (x, a, b) => {
        const logB = logGamma(a) + logGamma(b) - logGamma(a + b)
        const term = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logB) / a
        const lhs = regularizedIncompleteBeta(x, a + 1, b)
        expect(Math.abs(lhs - (regularizedIncompleteBeta(x, a, b) - term))).toBeLessThan(1e-10)
      }),
      { numRuns: 2000 },
    )
  })

  it('is 0 at x = 0, 1 at x = 1, NaN for shapes that are not positive', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0)
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1)
    expect(regularizedIncompleteBeta(0.5, 0, 3)).toBeNaN()
    expect(regularizedIncompleteBeta(0.5, 2, -1)).toBeNaN()
  })
})

describe("Welch's t-test", () => {
  it('computes t and df as the formulas say on a worked example', () => {
    // a: n = 10, mean 20, sd 4 → s²/n = 16/10 = 1.6
    // b: n = 15, mean 23, sd 6 → s²/n = 36/15 = 2.4
    // t = (23 − 20) / sqrt(1.6 + 2.4) = 3 / 2 = 1.5
    // df = (1.6 + 2.4)² / (1.6²/9 + 2.4²/14) = 16 / (87.68 / 126) = 2016 / 87.68 = 3150 / 137
    //    = 22.99270073…
    // A t table brackets p: with 22 or 23 df the two-sided 0.20 and 0.10 critical values are
    // 1.321 / 1.319 and 1.717 / 1.714, and 1.5 lies between them, so 0.10 < p < 0.20.
    const a = { n: 10, mean: 20, stddev: 4 }
    const b = { n: 15, mean: 23, stddev: 6 }
    const result = welch(a, b)!
    const va = a.stddev ** 2 / a.n
    const vb = b.stddev ** 2 / b.n
    expect(Math.abs(result.t - (b.mean - a.mean) / Math.sqrt(va + vb))).toBeLessThan(1e-9)
    expect(Math.abs(result.t - 1.5)).toBeLessThan(1e-9)
    const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1))
    expect(Math.abs(result.df - df)).toBeLessThan(1e-9)
    expect(Math.abs(result.df - 3150 / 137)).toBeLessThan(1e-9)
    expect(result.p).toBeGreaterThan(0.1)
    expect(result.p).toBeLessThan(0.2)
    expect(result.p).toBe(studentTwoSidedP(result.t, result.df))
    // Swapping the samples flips the sign of t only.
    const swapped = welch(b, a)!
    expect(swapped.t).toBe(-result.t)
    expect(Math.abs(swapped.df - result.df)).toBeLessThan(1e-9)
    expect(Math.abs(swapped.p - result.p)).toBeLessThan(1e-12)
  })

  it('gives df = 2(n − 1) for equal sizes and spreads', () => {
    expect(welch({ n: 5, mean: 1, stddev: 2 }, { n: 5, mean: 3, stddev: 2 })!.df).toBeCloseTo(8, 12)
  })

  it('finds no difference between identical samples', () => {
    const s = { n: 7, mean: 42, stddev: 3 }
    const result = welch(s, s)!
    expect(result.t).toBe(0)
    expect(result.p).toBe(1)
    expect(result.df).toBeCloseTo(12, 12)
  })

  it('is undefined with fewer than two runs on either side', () => {
    const s = { n: 5, mean: 10, stddev: 1 }
    expect(welch({ n: 1, mean: 10, stddev: 0 }, s)).toBeUndefined()
    expect(welch(s, { n: 1, mean: 12, stddev: 0 })).toBeUndefined()
    expect(welch({ n: 0, mean: NaN, stddev: NaN }, s)).toBeUndefined()
    expect(welch(s, { n: 5, mean: 10, stddev: NaN })).toBeUndefined()
  })

  it('treats samples without noise as certain', () => {
    expect(welch({ n: 3, mean: 5, stddev: 0 }, { n: 4, mean: 6, stddev: 0 })).toEqual({
      t: Infinity,
      df: 5,
      p: 0,
    })
    expect(welch({ n: 3, mean: 6, stddev: 0 }, { n: 4, mean: 5, stddev: 0 })!.t).toBe(-Infinity)
    expect(welch({ n: 3, mean: 5, stddev: 0 }, { n: 4, mean: 5, stddev: 0 })).toEqual({
      t: 0,
      df: 5,
      p: 1,
    })
  })

  it('calls a clear 20% difference significant and a 2% one within noise', () => {
    // t = −20 / sqrt(0.8 + 0.8) ≈ −15.8 with 8 df; the 0.001 critical value with 8 df is 5.041.
    const clear = welch({ n: 5, mean: 100, stddev: 2 }, { n: 5, mean: 80, stddev: 2 })!
    expect(clear.t).toBeLessThan(0)
    expect(clear.p).toBeLessThan(0.001)
    // t = −2 / sqrt(1.8 + 1.8) ≈ −1.05 with 8 df; the 0.05 critical value with 8 df is 2.306.
    const small = welch({ n: 5, mean: 100, stddev: 3 }, { n: 5, mean: 98, stddev: 3 })!
    expect(small.p).toBeGreaterThan(0.05)
  })
})
