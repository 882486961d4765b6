// JMH's -rf json: each benchmark method by its full name, with params as its group and its mode
// as its table when it ran in several; every iteration of every fork as samples, JMH's score,
// percentiles and 99.9% confidence interval as the summary; secondary metrics beside it.
import { describe, expect, it } from '@jest/globals'
import { jmh } from '../../../src/parse/formats/jmh.js'

const { matches, read } = jmh.json!

const percentiles = (values: number[]): Record<string, number> => {
  const sorted = [...values].sort((a, b) => a - b)
  const max = sorted[sorted.length - 1]!
  return {
    '0.0': sorted[0]!,
    '50.0': sorted[Math.floor(sorted.length / 2)]!,
    '90.0': max,
    '95.0': max,
    '99.0': max,
    '99.9': max,
    '99.99': max,
    '99.999': max,
    '99.9999': max,
    '100.0': max,
  }
}

function metric(unit: string, forks: number[][], score: number, error: number | string): unknown {
  return {
    score,
    scoreError: error,
    scoreConfidence: typeof error === 'number' ? [score - error, score + error] : ['NaN', 'NaN'],
    scorePercentiles: percentiles(forks.flat()),
    scoreUnit: unit,
    rawData: forks,
  }
}

function entry(
  benchmark: string,
  mode: string,
  primaryMetric: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    jmhVersion: '1.37',
    benchmark,
    mode,
    threads: 1,
    forks: 2,
    jvm: '/usr/lib/jvm/temurin-21-jdk-amd64/bin/java',
    jvmArgs: ['-Xmx2g', '-XX:+UseG1GC'],
    jdkVersion: '21.0.2',
    vmName: 'OpenJDK 64-Bit Server VM',
    vmVersion: '21.0.2+13-LTS',
    warmupIterations: 3,
    warmupTime: '10 s',
    warmupBatchSize: 1,
    measurementIterations: 3,
    measurementTime: '10 s',
    measurementBatchSize: 1,
    primaryMetric,
    secondaryMetrics: {},
    ...extra,
  }
}

const list10 = entry(
  'org.sample.ListBench.arrayList',
  'thrpt',
  metric(
    'ops/ms',
    [
      [21012.5, 21340.2, 21188.9],
      [20876.1, 21102.7, 21250.3],
    ],
    21128.45,
    147.3,
  ),
  {
    params: { size: '10' },
    secondaryMetrics: {
      '·gc.alloc.rate': metric(
        'MB/sec',
        [
          [2417.1, 2455.0, 2436.2],
          [2401.3, 2427.8, 2444.9],
        ],
        2430.38,
        17.2,
      ),
      '·gc.alloc.rate.norm': metric(
        'B/op',
        [
          [120, 120, 120],
          [120, 120, 120],
        ],
        120,
        0.001,
      ),
      '·gc.count': metric('counts', [[41], [40]], 81, 'NaN'),
    },
  },
)

const list1000 = entry(
  'org.sample.ListBench.arrayList',
  'thrpt',
  metric(
    'ops/ms',
    [
      [312.4, 309.8, 311.1],
      [308.2, 310.5, 313.0],
    ],
    310.83,
    2.1,
  ),
  { params: { size: '1000' } },
)

const fibThrpt = entry(
  'org.sample.FibBench.fib',
  'thrpt',
  metric(
    'ops/us',
    [
      [3.41, 3.39, 3.42],
      [3.38, 3.4, 3.43],
    ],
    3.405,
    0.02,
  ),
)

const fibAvgt = entry(
  'org.sample.FibBench.fib',
  'avgt',
  metric(
    'us/op',
    [
      [0.294, 0.295, 0.293],
      [0.296, 0.294, 0.295],
    ],
    0.2945,
    0.002,
  ),
)

const latency = entry('org.sample.CacheBench.get', 'sample', {
  score: 48.2,
  scoreError: 1.3,
  scoreConfidence: [46.9, 49.5],
  scorePercentiles: {
    '0.0': 41.0,
    '50.0': 47.0,
    '90.0': 55.0,
    '95.0': 58.0,
    '99.0': 58.0,
    '99.9': 58.0,
    '99.99': 58.0,
    '99.999': 58.0,
    '99.9999': 58.0,
    '100.0': 58.0,
  },
  scoreUnit: 'ns/op',
  rawDataHistogram: [
    [
      [
        [41.0, 2],
        [47.0, 3],
      ],
      [[58.0, 1]],
    ],
    [[[47.0, 1]]],
  ],
})

const coldStart = entry(
  'org.sample.StartupBench.load',
  'ss',
  metric('ms/op', [[182.4]], 182.4, 'NaN'),
)

describe('JMH', () => {
  it('reads every benchmark with its raw data, score, percentiles and confidence interval', () => {
    const reading = read([list10, list1000, fibThrpt, fibAvgt, latency, coldStart])
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(6)
    expect(reading.benchmarks).toEqual([
      {
        name: 'org.sample.ListBench.arrayList',
        unit: 'ops/ms',
        direction: 'higher',
        group: { size: '10' },
        samples: [21012.5, 21340.2, 21188.9, 20876.1, 21102.7, 21250.3],
        summary: {
          n: 6,
          mean: 21128.45,
          min: 20876.1,
          median: 21188.9,
          p95: 21340.2,
          max: 21340.2,
          interval: { low: 21128.45 - 147.3, high: 21128.45 + 147.3, what: '99.9% CI' },
        },
      },
      {
        name: 'org.sample.ListBench.arrayList ·gc.alloc.rate',
        unit: 'MB/sec',
        direction: 'unknown',
        group: { size: '10' },
        samples: [2417.1, 2455.0, 2436.2, 2401.3, 2427.8, 2444.9],
        summary: {
          n: 6,
          mean: 2430.38,
          min: 2401.3,
          median: 2436.2,
          p95: 2455.0,
          max: 2455.0,
          interval: { low: 2430.38 - 17.2, high: 2430.38 + 17.2, what: '99.9% CI' },
        },
      },
      {
        name: 'org.sample.ListBench.arrayList ·gc.alloc.rate.norm',
        unit: 'B/op',
        direction: 'lower',
        group: { size: '10' },
        samples: [120, 120, 120, 120, 120, 120],
        summary: {
          n: 6,
          mean: 120,
          min: 120,
          median: 120,
          p95: 120,
          max: 120,
          interval: { low: 120 - 0.001, high: 120 + 0.001, what: '99.9% CI' },
        },
      },
      {
        name: 'org.sample.ListBench.arrayList ·gc.count',
        unit: 'counts',
        direction: 'unknown',
        group: { size: '10' },
        samples: [41, 40],
        summary: { n: 2, mean: 81, min: 40, median: 41, p95: 41, max: 41 },
      },
      {
        name: 'org.sample.ListBench.arrayList',
        unit: 'ops/ms',
        direction: 'higher',
        group: { size: '1000' },
        samples: [312.4, 309.8, 311.1, 308.2, 310.5, 313.0],
        summary: {
          n: 6,
          mean: 310.83,
          min: 308.2,
          median: 311.1,
          p95: 313.0,
          max: 313.0,
          interval: { low: 310.83 - 2.1, high: 310.83 + 2.1, what: '99.9% CI' },
        },
      },
      {
        name: 'org.sample.FibBench.fib',
        table: 'thrpt',
        unit: 'ops/us',
        direction: 'higher',
        samples: [3.41, 3.39, 3.42, 3.38, 3.4, 3.43],
        summary: {
          n: 6,
          mean: 3.405,
          min: 3.38,
          median: 3.41,
          p95: 3.43,
          max: 3.43,
          interval: { low: 3.405 - 0.02, high: 3.405 + 0.02, what: '99.9% CI' },
        },
      },
      {
        name: 'org.sample.FibBench.fib',
        table: 'avgt',
        unit: 'us/op',
        direction: 'lower',
        samples: [0.294, 0.295, 0.293, 0.296, 0.294, 0.295],
        summary: {
          n: 6,
          mean: 0.2945,
          min: 0.293,
          median: 0.295,
          p95: 0.296,
          max: 0.296,
          interval: { low: 0.2945 - 0.002, high: 0.2945 + 0.002, what: '99.9% CI' },
        },
      },
      {
        name: 'org.sample.CacheBench.get',
        unit: 'ns/op',
        direction: 'lower',
        samples: [41, 41, 47, 47, 47, 58, 47],
        summary: {
          n: 7,
          mean: 48.2,
          min: 41,
          median: 47,
          p95: 58,
          max: 58,
          interval: { low: 46.9, high: 49.5, what: '99.9% CI' },
        },
      },
      {
        name: 'org.sample.StartupBench.load',
        unit: 'ms/op',
        direction: 'lower',
        samples: [182.4],
        summary: { n: 1, mean: 182.4, min: 182.4, median: 182.4, p95: 182.4, max: 182.4 },
      },
    ])
  })

  it('takes the JVM and JMH versions as vocabulary', () => {
    const { vocabulary } = read([list10, fibThrpt])
    for (const word of [
      'jmhVersion',
      '1.37',
      'jdkVersion',
      '21.0.2',
      'OpenJDK 64-Bit Server VM',
      '-Xmx2g',
    ]) {
      expect(vocabulary).toContain(word)
    }
  })

  it('merges a benchmark run twice with the same mode and params', () => {
    const reading = read([fibAvgt, fibAvgt])
    expect(reading.benchmarks).toHaveLength(1)
    expect(reading.benchmarks[0]!.samples).toHaveLength(12)
    expect(reading.benchmarks[0]!.summary).toBeUndefined()
    expect(reading.warnings).toEqual([
      '"org.sample.FibBench.fib" appears more than once with the same mode and params; merged',
    ])
  })

  it('recognises its own files, and not its neighbours or generic JSON', () => {
    expect(matches([list10])).toBe(true)
    expect(matches([{ benchmark: 'a.B.c', mode: 'avgt', primaryMetric: {} }])).toBe(true)
    const neighbours: unknown[] = [
      [],
      {
        machine_info: { node: 'x', python_version: '3.11.6' },
        benchmarks: [
          { fullname: 'bench.py::test_fib', name: 'test_fib', stats: { rounds: 5, mean: 1 } },
        ],
      },
      {
        context: { num_cpus: 4, mhz_per_cpu: 3243 },
        benchmarks: [{ name: 'BM_Sort', run_type: 'iteration', real_time: 1, time_unit: 'ns' }],
      },
      {
        HostEnvironmentInfo: { BenchmarkDotNetVersion: '0.13.12' },
        Benchmarks: [{ FullName: 'A.B.C', Method: 'C', Statistics: { N: 1, Mean: 1 } }],
      },
      { results: [{ command: 'sleep 0.1', mean: 0.1, stddev: 0.001, times: [0.1, 0.1] }] },
      [{ name: 'fib', unit: 'ns', value: 120 }],
      { benchmarks: [{ name: 'x', value: 1 }] },
      [{ model: 'a', tokens_per_sec: 3 }],
      [{ benchmark: 'resnet50', mode: 'inference', score: 0.76 }],
    ]
    for (const other of neighbours) expect(matches(other)).toBe(false)
  })

  it('keeps what it can of a broken file, with a warning for each problem', () => {
    const noMetric = entry('org.sample.Broken.noMetric', 'avgt', undefined)
    const noScore = entry('org.sample.Broken.noScore', 'avgt', { score: 'NaN', scoreUnit: 'us/op' })
    const badRaw = entry('org.sample.Broken.badRaw', 'avgt', {
      ...(metric('us/op', [[1.5, 1.6]], 1.55, 0.1) as object),
      rawData: [[1.5, 'NaN', 1.6], 'oops'],
    })
    const noUnit = entry('org.sample.Broken.noUnit', 'thrpt', { score: 12.5 })
    const reading = read([fibAvgt, noMetric, 17, noScore, badRaw, { mode: 'avgt' }, noUnit])
    expect(reading.records).toBe(7)
    expect(reading.benchmarks.map((b) => [b.name, b.unit, b.direction, b.samples])).toEqual([
      ['org.sample.FibBench.fib', 'us/op', 'lower', [0.294, 0.295, 0.293, 0.296, 0.294, 0.295]],
      ['org.sample.Broken.badRaw', 'us/op', 'lower', [1.5, 1.6]],
      ['org.sample.Broken.noUnit', '', 'higher', undefined],
    ])
    expect(reading.warnings).toEqual([
      '"org.sample.Broken.noMetric" has no primaryMetric; dropped',
      'entry 2 has no usable benchmark name; skipped',
      'entry 5 has no usable benchmark name; skipped',
      '"org.sample.Broken.noScore" has no score and no raw data; dropped',
      '"org.sample.Broken.badRaw": 2 raw score(s) are not numbers',
      '"org.sample.Broken.noUnit" has no scoreUnit',
    ])
  })

  it('never throws on hostile input', () => {
    let deep: unknown = [1]
    for (let i = 0; i < 100_000; i++) deep = [deep, { score: deep }]
    const hugeHistogram = entry('org.sample.Huge.histogram', 'sample', {
      score: 10,
      scoreUnit: 'ns/op',
      rawDataHistogram: [[[[10, 5_000_000]]]],
    })
    const hostile: unknown[] = [
      null,
      undefined,
      3,
      'jmh',
      [],
      {},
      { benchmarks: 5 },
      [null, 5, 'x', [], { benchmark: 7 }],
      [
        entry('deep', 'avgt', {
          score: 1,
          rawData: deep,
          rawDataHistogram: deep,
          scorePercentiles: deep,
        }),
      ],
      [entry('x'.repeat(1_000_000), 'avgt', { score: 1 })],
      [
        {
          ...entry('proto', 'avgt', { score: 1, scoreUnit: 'us/op' }),
          params: JSON.parse('{"__proto__": "x", "n": 1}'),
        },
      ],
      [hugeHistogram],
      [{ ...fibAvgt, jvm: 'j'.repeat(1_000_000), secondaryMetrics: { deep, nothing: null } }],
    ]
    for (const value of hostile) {
      expect(() => matches(value)).not.toThrow()
      expect(() => read(value)).not.toThrow()
    }
    expect(read(hostile[9]).benchmarks).toEqual([])
    expect(read(hostile[10]).benchmarks[0]!.group).toEqual({ n: '1' })
    const huge = read(hostile[11])
    expect(huge.benchmarks[0]!.samples).toBeUndefined()
    expect(huge.benchmarks[0]!.summary).toEqual({ n: 5_000_000, mean: 10 })
    expect(huge.warnings).toEqual([
      '"org.sample.Huge.histogram": the histogram is too large to expand; its samples are not read',
    ])
    expect(read(hostile[12]).vocabulary.every((w) => w.length <= 100)).toBe(true)
  })
})
