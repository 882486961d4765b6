import { describe, expect, it } from '@jest/globals'
import { compare, familyOf } from '../../src/facts/compare.js'
import type { Metric } from '../../src/report.js'

const metric = (
  file: string,
  mean: number,
  stddev: number,
  n: number,
  group?: Record<string, string>,
): Metric => ({
  file,
  name: 'latency_ms',
  unit: 'ms',
  direction: 'lower',
  n,
  mean,
  median: mean,
  min: mean,
  max: mean,
  stddev,
  ...(group ? { group } : {}),
})

const options = { baseline: 'main', thresholdPct: 10 }

describe('comparing with the base branch', () => {
  it('treats dated names as one family', () => {
    expect(familyOf('runs/2026-11-30T0412/prompt_suite_runs.csv')).toBe(
      'runs/*/prompt_suite_runs.csv',
    )
    expect(familyOf('csv_data/export_2026-12-02.csv')).toBe('csv_data/export_*.csv')
    expect(familyOf('nightly/20261201/results.json')).toBe('nightly/*/results.json')
  })

  it('judges a single-sample change by the threshold alone, and says so', () => {
    const c = compare([metric('a.csv', 130, 0, 1)], [metric('a.csv', 100, 0, 1)], options)
    expect(c.regressions).toHaveLength(1)
    expect(c.regressions[0]!.evidence).toBe('threshold-only')
    expect(c.regressions[0]!.p).toBeUndefined()
    expect(c.regressions[0]!.changePct).toBeCloseTo(30, 10)
  })

  it('counts a change beyond the threshold but within the noise as unchanged', () => {
    const c = compare([metric('a.csv', 115, 30, 5)], [metric('a.csv', 100, 30, 5)], options)
    expect(c.regressions).toEqual([])
    expect(c.withinNoise).toBe(1)
    expect(c.unchanged).toBe(1)
  })

  it('reads the good direction: lower latency is an improvement', () => {
    const c = compare([metric('a.csv', 70, 1, 5)], [metric('a.csv', 100, 1, 5)], options)
    expect(c.improvements).toHaveLength(1)
    expect(c.improvements[0]!.evidence).toBe('welch')
    expect(c.regressions).toEqual([])
  })

  it('lists what appeared and what disappeared, and compares split columns per configuration', () => {
    const head = [
      metric('a.csv', 100, 1, 5),
      metric('a.csv', 100, 1, 5, { batch: '1' }),
      metric('new.csv', 1, 0, 1),
    ]
    const base = [
      metric('a.csv', 50, 1, 5),
      metric('a.csv', 100, 1, 5, { batch: '1' }),
      metric('gone.csv', 1, 0, 1),
    ]
    const c = compare(head, base, options)
    expect(c.regressions).toEqual([]) // the whole-file mean of a split column is not compared
    expect(c.unchanged).toBe(1)
    expect(c.appeared).toEqual(['new.csv: latency_ms'])
    expect(c.disappeared).toEqual(['gone.csv: latency_ms'])
  })
})
