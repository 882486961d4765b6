// BenchmarkDotNet's JSON exporters: each case by its FullName in ns per operation, with the
// workload's result iterations as samples, the Statistics as the summary (with the confidence
// interval at the level BenchmarkDotNet states) and the allocated bytes per operation beside it.
import { describe, expect, it } from '@jest/globals'
import { benchmarkDotNet } from '../../../src/parse/formats/benchmarkdotnet.js'

const { matches, read } = benchmarkDotNet.json!

const host = {
  BenchmarkDotNetCaption: 'BenchmarkDotNet',
  BenchmarkDotNetVersion: '0.13.12',
  OsVersion: 'Ubuntu 22.04.4 LTS (Jammy Jellyfish)',
  ProcessorName: 'AMD EPYC 7763',
  PhysicalProcessorCount: 1,
  PhysicalCoreCount: 2,
  LogicalCoreCount: 4,
  RuntimeVersion: '.NET 8.0.2 (8.0.224.6711)',
  Architecture: 'X64',
  HasAttachedDebugger: false,
  HasRyuJit: true,
  Configuration: 'RELEASE',
  DotNetCliVersion: '8.0.201',
  ChronometerFrequency: { Hertz: 1000000000 },
  HardwareTimerKind: 'Unknown',
}

function statistics(values: number[], level: unknown = 12, sd = 100000): Record<string, unknown> {
  const n = values.length
  const mean = values.reduce((a, b) => a + b, 0) / n
  const sorted = [...values].sort((a, b) => a - b)
  return {
    OriginalValues: values,
    N: n,
    Min: sorted[0],
    LowerFence: sorted[0]! - 1000,
    Q1: sorted[0],
    Median: sorted[Math.floor(n / 2)],
    Mean: mean,
    Q3: sorted[n - 1],
    UpperFence: sorted[n - 1]! + 1000,
    Max: sorted[n - 1],
    InterquartileRange: sorted[n - 1]! - sorted[0]!,
    LowerOutliers: [],
    UpperOutliers: [],
    AllOutliers: [],
    StandardError: sd / Math.sqrt(n),
    Variance: sd * sd,
    StandardDeviation: sd,
    Skewness: 0,
    Kurtosis: 0.67,
    ConfidenceInterval: {
      N: n,
      Mean: mean,
      StandardError: sd / Math.sqrt(n),
      Level: level,
      Margin: sd * 36.49,
      Lower: mean - sd * 36.49,
      Upper: mean + sd * 36.49,
    },
    Percentiles: {
      P0: sorted[0],
      P25: sorted[0],
      P50: sorted[Math.floor(n / 2)],
      P67: sorted[n - 1],
      P80: sorted[n - 1],
      P85: sorted[n - 1],
      P90: sorted[n - 1],
      P95: sorted[n - 1]! - 1,
      P100: sorted[n - 1],
    },
  }
}

const sleep = {
  DisplayInfo: 'IntroBasic.Sleep: DefaultJob',
  Namespace: 'BenchmarkDotNet.Samples',
  Type: 'IntroBasic',
  Method: 'Sleep',
  MethodTitle: 'Sleep',
  Parameters: '',
  FullName: 'BenchmarkDotNet.Samples.IntroBasic.Sleep',
  HardwareIntrinsics: 'AVX2,AES,BMI1,BMI2,FMA,LZCNT,PCLMUL,POPCNT VectorSize=256',
  Statistics: statistics([100.2e6, 100.3e6, 100.1e6]),
  Memory: {
    Gen0Collections: 0,
    Gen1Collections: 0,
    Gen2Collections: 0,
    TotalOperations: 12,
    BytesAllocatedPerOperation: 224,
  },
  Measurements: [
    measurement('Overhead', 'Jitting', 1, 1, 1, 1200),
    measurement('Workload', 'Jitting', 1, 1, 1, 101_000_000),
    measurement('Workload', 'Pilot', 1, 1, 4, 400_900_000),
    measurement('Overhead', 'Warmup', 1, 1, 4, 900),
    measurement('Workload', 'Warmup', 1, 1, 4, 401_000_000),
    measurement('Workload', 'Actual', 1, 1, 4, 400_800_100),
    measurement('Workload', 'Actual', 1, 2, 4, 401_200_100),
    measurement('Workload', 'Actual', 1, 3, 4, 400_400_100),
    measurement('Workload', 'Result', 1, 1, 4, 400_800_000),
    measurement('Workload', 'Result', 1, 2, 4, 401_200_000),
    measurement('Workload', 'Result', 1, 3, 4, 400_400_000),
  ],
  Metrics: [],
}

function measurement(
  mode: string,
  stage: string,
  launch: number,
  index: number,
  operations: number,
  nanoseconds: number,
): unknown {
  return {
    IterationMode: mode,
    IterationStage: stage,
    LaunchIndex: launch,
    IterationIndex: index,
    Operations: operations,
    Nanoseconds: nanoseconds,
  }
}

// The brief exporter: no Measurements; parameters in FullName; no memory diagnoser.
function params(a: number, job = 'DefaultJob', runtime?: string): unknown {
  const values = [a * 10 + 50, a * 10 + 70, a * 10 + 60]
  return {
    DisplayInfo: `IntroParams.Benchmark: ${job}${runtime ? `(Runtime=${runtime})` : ''} [A=${a}, B=10]`,
    Namespace: 'BenchmarkDotNet.Samples',
    Type: 'IntroParams',
    Method: 'Benchmark',
    MethodTitle: 'Benchmark',
    Parameters: `A=${a}&B=10`,
    FullName: `BenchmarkDotNet.Samples.IntroParams.Benchmark(A: ${a}, B: 10)`,
    Statistics: statistics(values, 'L99', 10),
  }
}

function file(benchmarks: unknown[]): unknown {
  return {
    Title: 'BenchmarkDotNet.Samples.IntroBasic-20240302-101112',
    HostEnvironmentInfo: host,
    Benchmarks: benchmarks,
  }
}

describe('BenchmarkDotNet', () => {
  it('reads each case by FullName in ns per operation, with its result iterations and statistics', () => {
    const reading = read(file([sleep, params(100)]))
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(2)
    const mean = (100.2e6 + 100.3e6 + 100.1e6) / 3
    expect(reading.benchmarks).toEqual([
      {
        name: 'BenchmarkDotNet.Samples.IntroBasic.Sleep',
        unit: 'ns',
        direction: 'lower',
        samples: [100.2e6, 100.3e6, 100.1e6],
        summary: {
          n: 3,
          mean,
          median: 100.2e6,
          min: 100.1e6,
          max: 100.3e6,
          stddev: 100000,
          p95: 100299999,
          interval: { low: mean - 3649000, high: mean + 3649000, what: '99.9% CI' },
        },
      },
      {
        name: 'BenchmarkDotNet.Samples.IntroBasic.Sleep allocated',
        unit: 'B/op',
        direction: 'lower',
        summary: { mean: 224 },
      },
      {
        name: 'BenchmarkDotNet.Samples.IntroParams.Benchmark(A: 100, B: 10)',
        unit: 'ns',
        direction: 'lower',
        // The brief exporter has no Measurements: the Statistics' OriginalValues are the samples.
        samples: [1050, 1070, 1060],
        summary: {
          n: 3,
          mean: 1060,
          median: 1060,
          min: 1050,
          max: 1070,
          stddev: 10,
          p95: 1069,
          interval: { low: 1060 - 10 * 36.49, high: 1060 + 10 * 36.49, what: '99% CI' },
        },
      },
    ])
  })

  it('names a case from its parts when there is no FullName', () => {
    const { FullName: _full, ...bare } = params(200) as Record<string, unknown>
    const reading = read(file([bare]))
    expect(reading.benchmarks.map((b) => b.name)).toEqual([
      'BenchmarkDotNet.Samples.IntroParams.Benchmark(A: 200, B: 10)',
    ])
  })

  it('tells the same case under several jobs apart by the job', () => {
    const reading = read(
      file([
        params(100, 'Job-ABCDEF', '.NET 6.0'),
        params(100, 'Job-GHIJKL', '.NET 8.0'),
        params(200),
      ]),
    )
    expect(reading.benchmarks.map((b) => [b.table, b.name])).toEqual([
      [
        'Job-ABCDEF(Runtime=.NET 6.0)',
        'BenchmarkDotNet.Samples.IntroParams.Benchmark(A: 100, B: 10)',
      ],
      [
        'Job-GHIJKL(Runtime=.NET 8.0)',
        'BenchmarkDotNet.Samples.IntroParams.Benchmark(A: 100, B: 10)',
      ],
      [undefined, 'BenchmarkDotNet.Samples.IntroParams.Benchmark(A: 200, B: 10)'],
    ])
  })

  it('says each confidence level as a percentage', () => {
    const level = (value: unknown): string | undefined => {
      const entry = { ...sleep, Statistics: statistics([1, 2, 3], value) }
      return read(file([entry])).benchmarks[0]!.summary!.interval!.what
    }
    expect(level(12)).toBe('99.9% CI')
    expect(level(7)).toBe('95% CI')
    expect(level('L999')).toBe('99.9% CI')
    expect(level('L95')).toBe('95% CI')
    expect(level('L9999')).toBe('99.99% CI')
    expect(level(0.9)).toBe('90% CI')
    expect(level('whatever')).toBe('CI')
  })

  it('takes HostEnvironmentInfo as vocabulary', () => {
    const { vocabulary } = read(file([sleep]))
    for (const word of [
      'ProcessorName',
      'AMD EPYC 7763',
      'RuntimeVersion',
      '.NET 8.0.2 (8.0.224.6711)',
      'X64',
    ]) {
      expect(vocabulary).toContain(word)
    }
  })

  it('recognises its own files, and not its neighbours or generic JSON', () => {
    expect(matches(file([sleep]))).toBe(true)
    expect(matches(file([]))).toBe(true)
    expect(matches({ Benchmarks: [sleep] })).toBe(true)
    const neighbours: unknown[] = [
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
      [{ benchmark: 'org.sample.MyBench.fib', mode: 'avgt', primaryMetric: { score: 1 } }],
      { results: [{ command: 'sleep 0.1', mean: 0.1, stddev: 0.001, times: [0.1, 0.1] }] },
      [{ name: 'fib', unit: 'ns', value: 120 }],
      { benchmarks: [{ name: 'x', value: 1 }] },
      { Benchmarks: [{ name: 'x', value: 1 }] },
      [{ model: 'a', tokens_per_sec: 3 }],
    ]
    for (const other of neighbours) expect(matches(other)).toBe(false)
  })

  it('keeps what it can of a broken file, with a warning for each problem', () => {
    const failed = {
      ...sleep,
      FullName: 'BenchmarkDotNet.Samples.IntroBasic.Throws',
      Statistics: null,
    }
    const badMeasurement = {
      ...sleep,
      FullName: 'BenchmarkDotNet.Samples.IntroBasic.Thread',
      Memory: undefined,
      Measurements: [
        measurement('Workload', 'Result', 1, 1, 4, 400_800_000),
        { IterationMode: 'Workload', IterationStage: 'Result', Operations: 0, Nanoseconds: 5 },
      ],
    }
    const noName = { Statistics: statistics([1, 2]) }
    const reading = read(file([sleep, failed, 'garbage', noName, badMeasurement]))
    expect(reading.records).toBe(5)
    expect(reading.benchmarks.map((b) => [b.name, b.samples])).toEqual([
      ['BenchmarkDotNet.Samples.IntroBasic.Sleep', [100.2e6, 100.3e6, 100.1e6]],
      ['BenchmarkDotNet.Samples.IntroBasic.Sleep allocated', undefined],
      ['BenchmarkDotNet.Samples.IntroBasic.Thread', [100.2e6]],
    ])
    expect(reading.warnings).toEqual([
      'Benchmarks[2] is not an object; skipped',
      'Benchmarks[3] has no usable FullName, Type or Method; skipped',
      '"BenchmarkDotNet.Samples.IntroBasic.Throws" has no Statistics (the benchmark may have failed); dropped',
      '"BenchmarkDotNet.Samples.IntroBasic.Thread": 1 result measurement(s) without Nanoseconds or Operations',
    ])
  })

  it('never throws on hostile input', () => {
    let deep: unknown = { Mean: 1 }
    for (let i = 0; i < 100_000; i++) deep = { Statistics: deep, Measurements: [deep] }
    const hostile: unknown[] = [
      null,
      undefined,
      7,
      'Benchmarks',
      [],
      {},
      { Benchmarks: 5 },
      { HostEnvironmentInfo: null, Benchmarks: null },
      file([null, 5, 'x', [], { FullName: 9 }]),
      file([{ FullName: 'deep', Statistics: deep, Measurements: [deep] }]),
      file([{ FullName: 'z'.repeat(1_000_000), Statistics: { Mean: 1 } }]),
      { HostEnvironmentInfo: { OsVersion: 'o'.repeat(1_000_000) }, Benchmarks: [] },
      file([{ FullName: 'nan', Statistics: { Mean: 'NaN', ConfidenceInterval: { Level: {} } } }]),
    ]
    for (const value of hostile) {
      expect(() => matches(value)).not.toThrow()
      expect(() => read(value)).not.toThrow()
    }
    expect(read(hostile[6]).warnings).toEqual(['no Benchmarks array'])
    expect(read(hostile[10]).benchmarks).toEqual([])
    expect(read(hostile[11]).vocabulary.every((w) => w.length <= 100)).toBe(true)
    expect(read(hostile[12]).warnings).toEqual([
      '"nan" has no Mean, Median or measurements; dropped',
      'no benchmark with a time',
    ])
  })
})
