// A table too long to hold (past two million values) is summarised in running sums, its median and
// p95 found by reading it again. Whatever the table, that path must publish the figures the held
// path does: the same n, min, max, median and p95, and the mean and spread to the last digits.
import { afterEach, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { setHeldValues, tableMetrics } from '../../src/facts/metrics.js'
import { setMemoryBudget, tableOf, type Cell } from '../../src/parse/table.js'
import type { Metric } from '../../src/report.js'

const row = fc.tuple(
  fc.constantFrom(1, 8, 32),
  fc.constantFrom('q4_K_M', 'q8_0', null),
  fc.oneof(
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.integer({ min: 0, max: 5 }),
    fc.constant(null),
  ),
  fc.oneof(fc.double({ min: 0, max: 500, noNaN: true }), fc.constant(null)),
  fc.constantFrom('', '', '', 'timeout'),
)

function metrics(rows: Cell[][], held: boolean): Metric[] {
  const before = setHeldValues(held ? Number.MAX_SAFE_INTEGER : 0)
  try {
    const table = tableOf(['batch', 'quant', 'latency_ms', 'tokens_per_sec', 'error'], rows)
    return tableMetrics('sweep.csv', table).metrics
  } finally {
    setHeldValues(before)
  }
}

const close = (a: number | undefined, b: number | undefined) => {
  if (a === undefined || b === undefined) return expect(a).toBe(b)
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)))
}

describe('summaries of a table read in passes', () => {
  afterEach(() => {
    setMemoryBudget(16 * 1024 * 1024)
  })

  it('equal the summaries of the same table held in memory, group by group', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 120 }), fc.boolean(), (rows, spill) => {
        setMemoryBudget(spill ? 0 : 16 * 1024 * 1024)
        const held = metrics(rows, true)
        const streamed = metrics(rows, false)
        // Compared as report.json writes them: -0 and 0 are one figure there, and which of the two
        // a selection lands on is not a difference anyone can see.
        const figures = (list: Metric[]) =>
          JSON.stringify(list.map((m) => [m.name, m.group, m.n, m.min, m.max, m.median, m.p95]))
        expect(figures(streamed)).toEqual(figures(held))
        streamed.forEach((m, i) => {
          close(m.mean, held[i]!.mean)
          close(m.stddev, held[i]!.stddev)
        })
        expect(streamed.map((m) => m.best?.group)).toEqual(held.map((m) => m.best?.group))
        streamed.forEach((m, i) => close(m.best?.mean, held[i]!.best?.mean))
      }),
      { numRuns: 300 },
    )
  })

  it('leave the failed runs out, as the held path does', () => {
    const rows: Cell[][] = [
      [1, 'q8_0', 10, 40, ''],
      [1, 'q8_0', 0, 0, 'timeout'],
      [8, 'q8_0', 30, 90, ''],
      [8, 'q8_0', 20, 80, ''],
    ]
    const whole = metrics(rows, false).find((m) => m.name === 'latency_ms' && !m.group)!
    expect(whole).toMatchObject({ n: 3, min: 10, max: 30, median: 20, mean: 20 })
  })
})
