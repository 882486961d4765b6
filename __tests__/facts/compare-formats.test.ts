// Comparing benchmark-format metrics: samples judged by rank, a baseline in another unit of the
// same kind converted, and units of different kinds never compared.
import { describe, expect, it } from '@jest/globals'
import { compare } from '../../src/facts/compare.js'
import { describe as stats } from '../../src/facts/stats.js'
import type { Metric } from '../../src/report.js'

const options = { baseline: 'main', thresholdPct: 5 }

function bench(samples: number[], unit = 'ns/op', name = 'BenchmarkFib10-8'): Metric {
  return {
    file: 'bench/go.txt',
    name,
    unit,
    direction: 'lower',
    ...stats(samples)!,
    samples,
  }
}

describe('comparing benchmark samples', () => {
  // One slow run on the base side (a noisy neighbour) inflates its sd, so Welch's test calls a
  // clear, consistent slowdown noise; the ranks see every head run slower than every base run.
  const base = [100, 101, 99, 100, 102, 98, 100, 180]
  const head = [125, 126, 124, 125, 127, 123, 125, 126]

  it('judges noise by ranks where both sides kept samples, so one outlier cannot hide a regression', () => {
    const c = compare([bench(head)], [bench(base)], options)
    expect(c.regressions).toHaveLength(1)
    expect(c.regressions[0]!.evidence).toBe('mann-whitney')
    expect(c.regressions[0]!.p).toBeLessThan(0.05)
  })

  it('falls back to Welch on the statistics when a side has no samples', () => {
    const { samples: _dropped, ...summaryOnly } = bench(base)
    const c = compare([bench(head)], [summaryOnly], options)
    // The outlier's sd makes the same change look like noise to Welch: the reason ranks are used.
    expect(c.regressions).toEqual([])
    expect(c.withinNoise).toBe(1)
  })

  it('uses Welch when a side has too few samples for a rank test to mean anything', () => {
    const c = compare([bench([125, 126, 124])], [bench([100, 101, 99])], options)
    expect(c.regressions[0]!.evidence).toBe('welch')
  })

  it('converts a baseline measured in µs to the head’s ns before comparing', () => {
    const headNs = [1250, 1260, 1240, 1255, 1245]
    const baseUs = [1.0, 1.01, 0.99, 1.0, 1.02]
    const c = compare([bench(headNs, 'ns/op')], [bench(baseUs, 'µs/op')], options)
    expect(c.regressions).toHaveLength(1)
    const r = c.regressions[0]!
    expect(r.unit).toBe('ns/op')
    expect(r.base.mean).toBeCloseTo(1004, 6)
    expect(r.base.convertedFrom).toBe('µs/op')
    expect(r.changePct).toBeCloseTo(((1250 - 1004) / 1004) * 100, 6)
  })

  it('compares throughput given per millisecond with throughput per second', () => {
    const higher = (samples: number[], unit: string): Metric => ({
      ...bench(samples, unit, 'org.sample.Bench.fib'),
      direction: 'higher',
    })
    const c = compare(
      [higher([2000, 2010, 1990, 2005, 1995], 'ops/s')],
      [higher([2.0, 2.01, 1.99, 2.005, 1.995], 'ops/ms')],
      options,
    )
    expect(c.regressions).toEqual([])
    expect(c.improvements).toEqual([])
    expect(c.unchanged).toBe(1)
    expect(c.appeared).toEqual([])
  })

  it('never compares a time with a size that share a name', () => {
    const c = compare([bench([5, 5, 5], 'MB')], [bench([5, 5, 5], 'ms')], options)
    expect(c.unchanged).toBe(0)
    expect(c.appeared).toHaveLength(1)
    expect(c.disappeared).toHaveLength(1)
  })
})
