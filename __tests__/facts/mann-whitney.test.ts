// The rank test a comparison uses when both sides kept their samples: exact p-values checked by
// enumerating every way of splitting the ranks, the normal approximation against its closed form.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mannWhitney, normalTwoSided } from '../../src/facts/mann-whitney.js'

/** Two-sided exact p by brute force: every choice of which ranks are the second sample's. */
function bruteForceP(a: number[], b: number[]): number {
  const all = [...a, ...b].sort((x, y) => x - y)
  const rank = (v: number) => all.indexOf(v) + 1
  const observed = b.reduce((s, v) => s + rank(v), 0) - (b.length * (b.length + 1)) / 2
  const n = all.length
  const k = b.length
  const us: number[] = []
  const pick = (start: number, left: number, sum: number) => {
    if (left === 0) {
      us.push(sum - (k * (k + 1)) / 2)
      return
    }
    for (let r = start; r <= n - left + 1; r++) pick(r + 1, left - 1, sum + r)
  }
  pick(1, k, 0)
  const tail = Math.min(observed, a.length * b.length - observed)
  return Math.min(1, (2 * us.filter((u) => u <= tail).length) / us.length)
}

describe('Mann–Whitney U', () => {
  it('gives the exact p-values of the textbook tables', () => {
    expect(mannWhitney([1, 2, 3], [4, 5, 6])!.p).toBeCloseTo(0.1, 12)
    expect(mannWhitney([1, 2, 3, 4], [5, 6, 7, 8])!.p).toBeCloseTo(2 / 70, 12)
    expect(mannWhitney([1, 3, 5, 7, 9], [2, 4, 6, 8, 10])!.p).toBeCloseTo(0.6904761904761905, 12)
    expect(mannWhitney([5, 6, 7, 8], [1, 2, 3, 4])!.p).toBeCloseTo(2 / 70, 12)
  })

  it('matches brute-force enumeration for any small samples without ties', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 1, max: 11 }),
        (values, cut) => {
          const split = Math.min(Math.max(cut, 1), values.length - 1)
          const a = values.slice(0, split)
          const b = values.slice(split)
          const test = mannWhitney(a, b)!
          expect(test.exact).toBe(true)
          expect(test.p).toBeCloseTo(bruteForceP(a, b), 12)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('uses the tie-corrected normal approximation when values tie', () => {
    // Sorted: 1 1 | 2 2 2 | 3 3 3 | 4 4, average ranks 1.5, 4, 7, 9.5. b's rank sum is
    // 4 + 7 + 7 + 9.5 + 9.5 = 37, so U_b = 37 − 15 = 22; the tie term is 6 + 24 + 24 + 6 = 60.
    const test = mannWhitney([1, 1, 2, 2, 3], [2, 3, 3, 4, 4])!
    expect(test.exact).toBe(false)
    expect(test.u).toBe(22)
    const variance = (25 / 12) * (11 - 60 / 90)
    expect(test.p).toBeCloseTo(normalTwoSided((22 - 12.5 - 0.5) / Math.sqrt(variance)), 12)
  })

  it('says identical samples are no evidence of a difference', () => {
    expect(mannWhitney([3, 3, 3, 3, 3], [3, 3, 3, 3, 3])!.p).toBe(1)
  })

  it('refuses what it cannot test rather than inventing a p-value', () => {
    expect(mannWhitney([], [1, 2])).toBeUndefined()
    expect(mannWhitney([1, Number.NaN], [1, 2])).toBeUndefined()
  })

  it('has the normal tail right at the familiar quantiles', () => {
    expect(normalTwoSided(1.959963984540054)).toBeCloseTo(0.05, 14)
    expect(normalTwoSided(2.5758293035489004)).toBeCloseTo(0.01, 14)
    expect(normalTwoSided(0)).toBe(1)
    expect(normalTwoSided(Infinity)).toBe(0)
  })
})
