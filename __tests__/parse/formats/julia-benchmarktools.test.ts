// Julia BenchmarkTools' saved results: nested BenchmarkGroups named by their key path, a Trial's
// every time in ns as samples, memory and allocs beside it, and TrialEstimates as one figure.
import { describe, expect, it } from '@jest/globals'
import { juliaBenchmarkTools } from '../../../src/parse/formats/julia-benchmarktools.js'

const { matches, read } = juliaBenchmarkTools.json!

const params = [
  'Parameters',
  {
    evals: 1,
    evals_set: false,
    gcsample: false,
    gctrial: true,
    memory_tolerance: 0.01,
    overhead: 0.0,
    samples: 10000,
    seconds: 5.0,
    time_tolerance: 0.05,
  },
]

function trial(times: unknown[], memory: unknown, allocs: unknown): unknown {
  return ['Trial', { allocs, gctimes: times.map(() => 0.0), memory, params, times }]
}

function group(data: Record<string, unknown>, tags: string[] = []): unknown {
  return ['BenchmarkGroup', { data, tags }]
}

const versions = { Julia: '1.10.0', BenchmarkTools: '1.4.0' }

// `results = run(suite)` with suite["fib"][10], suite["fib"][20], suite["sort"][("Float64", 1000)]
// and a top-level string key, then `BenchmarkTools.save("results.json", results)`.
const saved = [
  versions,
  [
    group({
      fib: group(
        {
          '10': trial([231.0, 229.5, 240.25], 0, 0),
          '20': trial([28441.0, 28390.0], 0, 0),
        },
        ['recursion'],
      ),
      sort: group({
        '("Float64", 1000)': trial([10250.0, 10110.0, 10400.0, 10190.0], 8112, 2),
      }),
      sum: trial([1.792, 1.75], 0, 0),
    }),
  ],
]

describe('juliaBenchmarkTools.matches', () => {
  it('recognises a BenchmarkTools.save file', () => {
    expect(matches(saved)).toBe(true)
  })

  it('rejects generic JSON and neighbouring tools', () => {
    const others: unknown[] = [
      { machine_info: { cpu: 'x' }, benchmarks: [{ fullname: 'a', stats: { mean: 1 } }] },
      { context: {}, benchmarks: [{ run_name: 'BM_A', real_time: 1, time_unit: 'ns' }] },
      [{ benchmark: 'a.B.c', mode: 'thrpt', primaryMetric: { score: 1 } }],
      [{ build_commit: 'abc', model_type: 'llama 7B', n_prompt: 512, n_gen: 0, avg_ts: 10 }],
      { benchmarks: [{ name: 'x', value: 1 }] },
      [{ model: 'a', tokens_per_sec: 3 }],
      [{ name: 'a', unit: 'ms', value: 1 }],
      { results: [{ command: 'sleep 0.1', mean: 0.1, times: [0.1] }] },
      { model_id: 'm', request_throughput: 1, completed: 1, duration: 1, mean_ttft_ms: 1 },
      [{ Julia: '1.10.0' }, []],
      [versions],
      null,
      42,
      'text',
    ]
    for (const other of others) expect(matches(other)).toBe(false)
  })
})

describe('juliaBenchmarkTools.read', () => {
  it('names nested benchmarks by their key path and keeps every time as a sample', () => {
    const reading = read(saved)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(4)
    expect(reading.vocabulary).toEqual(['Julia', '1.10.0', 'BenchmarkTools', '1.4.0'])
    expect(reading.benchmarks).toEqual([
      { name: 'fib/10', unit: 'ns', direction: 'lower', samples: [231.0, 229.5, 240.25] },
      { name: 'fib/10 memory', unit: 'B', direction: 'lower', summary: { mean: 0 } },
      { name: 'fib/10 allocs', unit: 'allocs', direction: 'lower', summary: { mean: 0 } },
      { name: 'fib/20', unit: 'ns', direction: 'lower', samples: [28441.0, 28390.0] },
      { name: 'fib/20 memory', unit: 'B', direction: 'lower', summary: { mean: 0 } },
      { name: 'fib/20 allocs', unit: 'allocs', direction: 'lower', summary: { mean: 0 } },
      {
        name: 'sort/("Float64", 1000)',
        unit: 'ns',
        direction: 'lower',
        samples: [10250.0, 10110.0, 10400.0, 10190.0],
      },
      {
        name: 'sort/("Float64", 1000) memory',
        unit: 'B',
        direction: 'lower',
        summary: { mean: 8112 },
      },
      {
        name: 'sort/("Float64", 1000) allocs',
        unit: 'allocs',
        direction: 'lower',
        summary: { mean: 2 },
      },
      { name: 'sum', unit: 'ns', direction: 'lower', samples: [1.792, 1.75] },
      { name: 'sum memory', unit: 'B', direction: 'lower', summary: { mean: 0 } },
      { name: 'sum allocs', unit: 'allocs', direction: 'lower', summary: { mean: 0 } },
    ])
  })

  it('reads TrialEstimates (median(results)) as one figure, and the pre-1.0 qualified names', () => {
    const estimate = (time: number, memory: number, allocs: number): unknown => [
      'BenchmarkTools.TrialEstimate',
      { allocs, gctime: 0.0, memory, params, time },
    ]
    const reading = read([
      { Julia: '1.6.7', BenchmarkTools: '0.7.0' },
      [
        [
          'BenchmarkTools.BenchmarkGroup',
          { data: { suite: group({ fib: group({ '10': estimate(230.5, 0, 0) }) }) }, tags: [] },
        ],
      ],
    ])
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(1)
    expect(reading.benchmarks).toEqual([
      { name: 'suite/fib/10', unit: 'ns', direction: 'lower', summary: { mean: 230.5 } },
      { name: 'suite/fib/10 memory', unit: 'B', direction: 'lower', summary: { mean: 0 } },
      { name: 'suite/fib/10 allocs', unit: 'allocs', direction: 'lower', summary: { mean: 0 } },
    ])
  })

  it('puts each of several saved values in its own table, and a bare Trial under its type', () => {
    const reading = read([versions, [trial([5.0, 6.0], 0, 0), group({ a: trial([1.0], 16, 1) })]])
    expect(reading.benchmarks.map((b) => [b.table, b.name])).toEqual([
      ['value 1', 'Trial'],
      ['value 1', 'Trial memory'],
      ['value 1', 'Trial allocs'],
      ['value 2', 'a'],
      ['value 2', 'a memory'],
      ['value 2', 'a allocs'],
    ])
  })

  it('keeps what it can of a broken file and says what was wrong', () => {
    const reading = read([
      versions,
      [
        group({
          good: trial([100.0, 'oops', 102.0], 64, 1),
          notimes: ['Trial', { allocs: 0, memory: 0, params }],
          ratio: ['TrialRatio', { time: 1.02, gctime: 1, memory: 1, allocs: 1, params }],
          junk: 'hello',
          badmem: trial([7.0], 'lots', 3),
        }),
      ],
    ])
    expect(reading.benchmarks.map((b) => b.name)).toEqual([
      'good',
      'good memory',
      'good allocs',
      'notimes memory',
      'notimes allocs',
      'badmem',
      'badmem allocs',
    ])
    expect(reading.benchmarks[0]!.samples).toEqual([100.0, 102.0])
    expect(reading.warnings).toEqual([
      '"good": 1 of 3 times are not numbers; dropped',
      '"notimes": Trial has no times; dropped',
      '"ratio": a TrialRatio compares two runs; skipped',
      '"junk": not a BenchmarkTools value',
      '"badmem": memory is not a number; dropped',
    ])
  })

  it('stops at 64 levels of nesting with a warning', () => {
    let deep: unknown = trial([1.0], 0, 0)
    for (let i = 0; i < 100_000; i++) deep = group({ g: deep })
    const reading = read([versions, [deep]])
    expect(reading.benchmarks).toEqual([])
    expect(reading.warnings[0]).toMatch(/nested deeper than 64 levels/)
  })

  it('never throws on hostile input', () => {
    const hostile: unknown[] = [
      null,
      [],
      { benchmarks: 5 },
      [versions, [null, 5, [], ['Trial'], ['Trial', null], ['BenchmarkGroup', { data: 5 }]]],
      [versions, [group({ x: ['Trial', { times: 5 } as unknown] })]],
      [versions, [trial(new Array(200_000).fill('x'), 0, 0)]],
    ]
    for (const input of hostile) {
      expect(() => matches(input)).not.toThrow()
      expect(() => read(input)).not.toThrow()
    }
    expect(read(null).warnings).toHaveLength(1)
    const many = read([versions, [group(Object.fromEntries(range(1000).map((i) => [i, 'x'])))]])
    expect(many.warnings.length).toBeLessThanOrEqual(52)
    expect(many.warnings).toContain('…and 951 more warnings')
  })
})

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}
