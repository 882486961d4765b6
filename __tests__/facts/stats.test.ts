// describe() finds the median and p95 by selection, not by sorting: these hold it to the sorted
// definition on any values, including the repeated and arranged ones a pull request could send.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { describe as summarise, quantile } from '../../src/facts/stats.js'

const bySort = (values: number[]) => {
  const sorted = Float64Array.from(values).sort()
  return {
    median: quantile(sorted, 0.5),
    p95: values.length > 1 ? quantile(sorted, 0.95) : undefined,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  }
}

// -0 and 0 are one value to a reader; toEqual would tell them apart.
const same = (a: number | undefined, b: number | undefined) =>
  expect(a === b || (a === 0 && b === 0)).toBe(true)

describe('summary statistics', () => {
  it('give the median, p95, min and max of the sorted values, whatever their order', () => {
    const few = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 300 })
    const any = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
      minLength: 1,
      maxLength: 300,
    })
    fc.assert(
      fc.property(fc.oneof(few, any), (values) => {
        const stats = summarise(values)!
        const reference = bySort(values)
        same(stats.median, reference.median)
        same(stats.p95, reference.p95)
        same(stats.min, reference.min)
        same(stats.max, reference.max)
        expect(stats.n).toBe(values.length)
      }),
      { numRuns: 2000 },
    )
  })

  it('stay exact on sorted, reversed and organ-pipe input of 100,000 values', () => {
    const n = 100_000
    const shapes = [
      Array.from({ length: n }, (_, i) => i),
      Array.from({ length: n }, (_, i) => n - i),
      Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
      Array.from({ length: n }, (_, i) => i % 2),
    ]
    for (const values of shapes) {
      const stats = summarise(values)!
      const reference = bySort(values)
      expect([stats.median, stats.p95]).toEqual([reference.median, reference.p95])
    }
  })

  it('leave the values they were given as they were', () => {
    const values = Float64Array.from([5, 1, 4, 2, 3])
    summarise(values)
    expect([...values]).toEqual([5, 1, 4, 2, 3])
  })
})
