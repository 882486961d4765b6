import { describe, expect, it } from '@jest/globals'
import { classifyColumns } from '../../src/facts/columns.js'
import { tableMetrics } from '../../src/facts/metrics.js'
import { tableOf, type Cell, type Table } from '../../src/parse/table.js'

const table = (columns: string[], rows: Cell[][]): Table => tableOf(columns, rows)

describe('columns are measurements, configurations, labels or outcomes', () => {
  it('tells them apart by name and by values', () => {
    const t = table(
      [
        'model',
        'batch',
        'num_ctx',
        'run',
        'prompt',
        'timestamp',
        'tokens_per_sec',
        'error',
        'request',
      ],
      [
        [
          'gemma3:1b',
          1,
          2048,
          1,
          'Summarise the following text please',
          '2026-12-01T10:00:00Z',
          41.2,
          '',
          0,
        ],
        [
          'gemma3:1b',
          8,
          2048,
          2,
          'Translate this paragraph to French',
          '2026-12-01T10:01:00Z',
          98.1,
          '',
          1,
        ],
        [
          'gemma3:1b',
          8,
          2048,
          3,
          'Write a haiku about benchmarks',
          '2026-12-01T10:02:00Z',
          97.4,
          '',
          2,
        ],
      ],
    )
    expect(Object.fromEntries(classifyColumns(t).map((c) => [c.name, c.role]))).toEqual({
      model: 'config',
      batch: 'config',
      num_ctx: 'config',
      run: 'id',
      prompt: 'id',
      timestamp: 'id',
      tokens_per_sec: 'metric',
      error: 'status',
      request: 'id',
    })
  })
})

describe('metrics of a table', () => {
  const sweep = table(
    ['quant', 'batch', 'run', 'tokens_per_sec', 'ttft_ms', 'error'],
    [
      ['q4', 1, 1, 40, 200, ''],
      ['q4', 1, 2, 42, 210, ''],
      ['q4', 8, 1, 100, 300, ''],
      ['q4', 8, 2, 0, 0, 'connection refused'],
      ['q8', 1, 1, 30, 190, null],
      ['q8', 8, 1, 80, 280, 'none'],
    ],
  )
  const facts = tableMetrics('sweep.csv', sweep)

  it('leaves failed runs out of every figure and counts them', () => {
    expect(facts.failedRows).toBe(1)
    const tps = facts.metrics.find((m) => m.name === 'tokens_per_sec' && !m.group)!
    expect(tps.n).toBe(5)
    expect(tps.min).toBe(30)
    expect(tps.mean).toBeCloseTo((40 + 42 + 100 + 30 + 80) / 5, 10)
  })

  it('splits by the settings that vary and names the best configuration in the good direction', () => {
    const groups = facts.metrics.filter((m) => m.name === 'tokens_per_sec' && m.group)
    expect(groups.map((g) => g.group)).toEqual([
      { quant: 'q4', batch: '1' },
      { quant: 'q4', batch: '8' },
      { quant: 'q8', batch: '1' },
      { quant: 'q8', batch: '8' },
    ])
    const tps = facts.metrics.find((m) => m.name === 'tokens_per_sec' && !m.group)!
    expect(tps.best).toEqual({ group: { quant: 'q4', batch: '8' }, mean: 100 })
    const ttft = facts.metrics.find((m) => m.name === 'ttft_ms' && !m.group)!
    expect(ttft.unit).toBe('ms')
    expect(ttft.best).toEqual({ group: { quant: 'q8', batch: '1' }, mean: 190 })
  })

  it('does not split by a setting that never changes', () => {
    const constant = tableMetrics(
      'c.csv',
      table(
        ['model', 'latency_ms'],
        [
          ['m', 1],
          ['m', 2],
          ['m', 3],
        ],
      ),
    )
    expect(constant.metrics).toHaveLength(1)
    expect(constant.metrics[0]!.group).toBeUndefined()
  })

  it.each([
    ['status', 'failed'],
    ['status', 'TIMEOUT'],
    ['success', 'false'],
    ['exit_code', 3],
    ['http_status', 503],
  ])('reads %s = %s as a failed run', (column, value) => {
    const t = table(
      ['latency_ms', column],
      [
        [10, value],
        [20, column === 'exit_code' ? 0 : column === 'http_status' ? 200 : 'ok'],
      ],
    )
    const result = tableMetrics('x.csv', t)
    expect(result.failedRows).toBe(1)
    expect(result.metrics[0]!.n).toBe(1)
  })
})
