// A benchmark tool's results become metrics as the tool means them: its names, units and
// directions, statistics from the samples where the file kept them, else only what it states.
import { describe, expect, it } from '@jest/globals'
import { benchmarkMetrics } from '../../src/facts/benchmarks.js'
import { MAX_SAMPLES } from '../../src/report.js'

describe('benchmark results as metrics', () => {
  it('computes the statistics from the samples and keeps them for the comparison', () => {
    const { metrics } = benchmarkMetrics('go.txt', [
      {
        name: 'BenchmarkFib10-8',
        table: 'example.com/fib',
        unit: 'ns/op',
        direction: 'lower',
        samples: [310, 312, 308, 311, 309],
      },
    ])
    expect(metrics).toEqual([
      expect.objectContaining({
        file: 'go.txt',
        table: 'example.com/fib',
        name: 'BenchmarkFib10-8',
        unit: 'ns/op',
        direction: 'lower',
        n: 5,
        mean: 310,
        median: 310,
        min: 308,
        max: 312,
        samples: [310, 312, 308, 311, 309],
      }),
    ])
    expect(metrics[0]!.stddev).toBeCloseTo(Math.sqrt(2.5), 12)
  })

  it('states only what a summary-only tool gave: no median it never printed', () => {
    const { metrics } = benchmarkMetrics('catch2.txt', [
      {
        name: 'Fibonacci 20',
        unit: 'us',
        direction: 'lower',
        summary: {
          n: 100,
          mean: 33.973,
          stddev: 0.78897,
          interval: { low: 33.838, high: 34.151, what: '95% CI' },
        },
      },
    ])
    const m = metrics[0]!
    expect(m).toMatchObject({ n: 100, mean: 33.973, stddev: 0.78897 })
    expect(m.median).toBeUndefined()
    expect(m.min).toBeUndefined()
    expect(m.samples).toBeUndefined()
    expect(m.interval).toEqual({ low: 33.838, high: 34.151, what: '95% CI' })
  })

  it('keeps a run count without a spread, with no stddev rather than a zero', () => {
    const { metrics } = benchmarkMetrics('v.json', [
      {
        name: 'tpot',
        unit: 'ms',
        direction: 'lower',
        summary: { n: 200, mean: 21.4, median: 20.9 },
      },
    ])
    expect(metrics[0]).toMatchObject({ n: 200, mean: 21.4, median: 20.9 })
    expect(metrics[0]!.stddev).toBeUndefined()
  })

  it('reads a single printed figure as one value', () => {
    const { metrics } = benchmarkMetrics('cargo.txt', [
      { name: 'bench_fib', unit: 'ns/iter', direction: 'lower', summary: { median: 424 } },
    ])
    expect(metrics[0]).toMatchObject({ n: 1, mean: 424, median: 424, stddev: 0 })
  })

  it('reads a direction from the unit when the format could not say', () => {
    const { metrics } = benchmarkMetrics('custom.json', [
      { name: 'throughput', unit: 'req/s', direction: 'unknown', summary: { mean: 90 } },
      { name: 'p99', unit: 'ms', direction: 'unknown', summary: { mean: 40 } },
      { name: 'widgets', unit: 'count', direction: 'unknown', summary: { mean: 3 } },
    ])
    expect(metrics.map((m) => m.direction)).toEqual(['higher', 'lower', 'unknown'])
  })

  it('drops a benchmark with no finite value, and says which', () => {
    const read = benchmarkMetrics('x.json', [
      { name: 'broken', unit: 's', direction: 'lower', samples: [Number.NaN] },
      { name: 'fine', unit: 's', direction: 'lower', samples: [1, Number.POSITIVE_INFINITY, 2] },
    ])
    expect(read.metrics.map((m) => [m.name, m.n])).toEqual([['fine', 2]])
    expect(read.warnings).toEqual(['broken: no finite value to read'])
  })

  it('keeps the statistics but not the samples beyond the cap', () => {
    const samples = Array.from({ length: MAX_SAMPLES + 1 }, (_, i) => i)
    const { metrics } = benchmarkMetrics('h.json', [
      { name: 'cmd', unit: 's', direction: 'lower', samples },
    ])
    expect(metrics[0]!.n).toBe(MAX_SAMPLES + 1)
    expect(metrics[0]!.samples).toBeUndefined()
  })
})

describe('a spread printed without its run count', () => {
  it('is kept as the range the tool printed, not as a stddev of unknown n', () => {
    const { metrics } = benchmarkMetrics('llama-bench.md', [
      {
        name: 'pp512',
        unit: 'tokens/s',
        direction: 'higher',
        summary: { mean: 3512.44, stddev: 18.02 },
      },
    ])
    expect(metrics[0]).toMatchObject({ n: 1, mean: 3512.44 })
    expect(metrics[0]!.interval!.low).toBeCloseTo(3494.42, 9)
    expect(metrics[0]!.interval!.high).toBeCloseTo(3530.46, 9)
    expect(metrics[0]!.interval!.what).toBe('mean ± sd as printed')
  })
})
