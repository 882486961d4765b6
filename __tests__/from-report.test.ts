import { describe, expect, it } from '@jest/globals'
import { readReport } from '../src/from-report.js'
import { GAP_KINDS } from '../src/report.js'

describe('reading back an untrusted report.json', () => {
  it('keeps every gap kind the action writes, and relabels an unknown one', () => {
    const gaps = [...GAP_KINDS, 'made-up'].map((kind) => ({ kind, detail: kind }))
    const read = readReport({ schemaVersion: 1, gaps })
    expect(read.gaps.map((g) => g.kind)).toEqual([...GAP_KINDS, 'parse-warnings'])
  })

  it('reads a metric and a change the same way, dropping fields of the wrong type', () => {
    const id = {
      file: 'a.csv',
      name: 'tps',
      direction: 'higher',
      unit: 'tok/s',
      group: { batch: 8 },
      table: 7,
    }
    const read = readReport({
      schemaVersion: 1,
      metrics: [{ ...id, n: 3, mean: 1, median: 1, min: 1, max: 1, stddev: 0 }],
      comparison: {
        regressions: [{ ...id, base: {}, head: {}, changePct: -20, evidence: 'welch' }],
      },
    })
    const expected = {
      file: 'a.csv',
      name: 'tps',
      direction: 'higher',
      unit: 'tok/s',
      group: { batch: '' },
    }
    expect(read.metrics[0]).toMatchObject(expected)
    expect(read.comparison!.regressions[0]).toMatchObject(expected)
    expect(read.metrics[0]!.table).toBeUndefined()
  })
})
