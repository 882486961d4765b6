// pytest-benchmark's --benchmark-json: each test by its fullname, in seconds, with its rounds'
// times when saved, the tool's own statistics, and its ops as a separate higher-is-better figure.
import { describe, expect, it } from '@jest/globals'
import { pytestBenchmark } from '../../../src/parse/formats/pytest-benchmark.js'

const { matches, read } = pytestBenchmark.json!

const machineInfo = {
  node: 'ci-runner-7',
  processor: 'x86_64',
  machine: 'x86_64',
  python_compiler: 'GCC 11.4.0',
  python_implementation: 'CPython',
  python_implementation_version: '3.11.6',
  python_version: '3.11.6',
  python_build: ['main', 'Oct  2 2023 13:45:54'],
  release: '6.5.0-1016-azure',
  system: 'Linux',
  cpu: {
    python_version: '3.11.6.final.0 (64 bit)',
    cpuinfo_version: [9, 0, 0],
    cpuinfo_version_string: '9.0.0',
    arch: 'X86_64',
    bits: 64,
    count: 4,
    arch_string_raw: 'x86_64',
    vendor_id_raw: 'AuthenticAMD',
    brand_raw: 'AMD EPYC 7763 64-Core Processor',
    hz_advertised_friendly: '3.2400 GHz',
    flags: ['3dnowext', 'abm', 'adx', 'aes', 'avx', 'avx2'],
  },
}

const options = {
  disable_gc: false,
  timer: 'perf_counter',
  min_rounds: 5,
  max_time: 1.0,
  min_time: 5e-6,
  warmup: false,
}

function file(benchmarks: unknown[]): unknown {
  return {
    machine_info: machineInfo,
    commit_info: {
      id: '5b1f0c2d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c',
      time: '2024-03-02T10:11:12+00:00',
      author_time: '2024-03-02T10:11:12+00:00',
      dirty: false,
      project: 'fastmath',
      branch: 'main',
    },
    benchmarks,
    datetime: '2024-03-02T10:15:40.123456',
    version: '4.0.0',
  }
}

const fib10 = {
  group: null,
  name: 'test_fib_10',
  fullname: 'bench.py::test_fib_10',
  params: null,
  param: null,
  extra_info: {},
  options,
  stats: {
    min: 2.21e-5,
    max: 2.61e-5,
    mean: 2.34e-5,
    stddev: 1.5e-6,
    rounds: 5,
    median: 2.3e-5,
    iqr: 1.1e-6,
    q1: 2.25e-5,
    q3: 2.36e-5,
    iqr_outliers: 0,
    stddev_outliers: 1,
    outliers: '1;0',
    ld15iqr: 2.21e-5,
    hd15iqr: 2.61e-5,
    ops: 42735.04,
    total: 1.17e-4,
    data: [2.61e-5, 2.3e-5, 2.25e-5, 2.21e-5, 2.33e-5],
    iterations: 1,
  },
}

function sortEntry(size: number, mean: number, data?: number[]): unknown {
  return {
    group: 'sort',
    name: `test_sort[${size}]`,
    fullname: `tests/test_sort.py::test_sort[${size}]`,
    params: { size },
    param: String(size),
    extra_info: { elements: size },
    options,
    stats: {
      min: mean * 0.9,
      max: mean * 1.2,
      mean,
      stddev: mean * 0.05,
      rounds: data ? data.length : 120,
      median: mean * 0.98,
      iqr: mean * 0.04,
      q1: mean * 0.96,
      q3: mean * 1.0,
      iqr_outliers: 2,
      stddev_outliers: 9,
      outliers: '9;2',
      ld15iqr: mean * 0.9,
      hd15iqr: mean * 1.1,
      ops: 1 / mean,
      total: mean * 120,
      ...(data ? { data } : {}),
      iterations: 1,
    },
  }
}

describe('pytest-benchmark', () => {
  it('reads each test by fullname in seconds, with its rounds, statistics and ops', () => {
    const reading = read(
      file([fib10, sortEntry(1000, 8.0e-5, [7.9e-5, 8.1e-5, 8.0e-5]), sortEntry(10000, 1.1e-3)]),
    )
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(3)
    expect(reading.benchmarks).toEqual([
      {
        name: 'bench.py::test_fib_10',
        unit: 's',
        direction: 'lower',
        samples: [2.61e-5, 2.3e-5, 2.25e-5, 2.21e-5, 2.33e-5],
        summary: {
          n: 5,
          mean: 2.34e-5,
          median: 2.3e-5,
          min: 2.21e-5,
          max: 2.61e-5,
          stddev: 1.5e-6,
        },
      },
      {
        name: 'bench.py::test_fib_10 ops',
        unit: 'ops/s',
        direction: 'higher',
        summary: { n: 5, mean: 42735.04 },
      },
      {
        name: 'tests/test_sort.py::test_sort[1000]',
        table: 'sort',
        unit: 's',
        direction: 'lower',
        samples: [7.9e-5, 8.1e-5, 8.0e-5],
        summary: {
          n: 3,
          mean: 8.0e-5,
          median: 8.0e-5 * 0.98,
          min: 8.0e-5 * 0.9,
          max: 8.0e-5 * 1.2,
          stddev: 8.0e-5 * 0.05,
        },
      },
      {
        name: 'tests/test_sort.py::test_sort[1000] ops',
        table: 'sort',
        unit: 'ops/s',
        direction: 'higher',
        summary: { n: 3, mean: 1 / 8.0e-5 },
      },
      {
        name: 'tests/test_sort.py::test_sort[10000]',
        table: 'sort',
        unit: 's',
        direction: 'lower',
        summary: {
          n: 120,
          mean: 1.1e-3,
          median: 1.1e-3 * 0.98,
          min: 1.1e-3 * 0.9,
          max: 1.1e-3 * 1.2,
          stddev: 1.1e-3 * 0.05,
        },
      },
      {
        name: 'tests/test_sort.py::test_sort[10000] ops',
        table: 'sort',
        unit: 'ops/s',
        direction: 'higher',
        summary: { n: 120, mean: 1 / 1.1e-3 },
      },
    ])
  })

  it('falls back to the name when there is no fullname', () => {
    const { fullname: _fullname, ...bare } = fib10
    const reading = read(file([bare]))
    expect(reading.benchmarks.map((b) => b.name)).toEqual(['test_fib_10', 'test_fib_10 ops'])
  })

  it('takes machine_info keys and values as vocabulary, but not the CPU flags', () => {
    const { vocabulary } = read(file([fib10]))
    for (const word of [
      'machine_info',
      'python_version',
      '3.11.6',
      'CPython',
      'brand_raw',
      'AMD EPYC 7763 64-Core Processor',
      'Linux',
      'pytest-benchmark 4.0.0',
    ]) {
      expect(vocabulary).toContain(word)
    }
    expect(vocabulary).not.toContain('avx2')
    expect(vocabulary.length).toBeLessThanOrEqual(200)
  })

  it('merges a test that appears twice into one benchmark, dropping the partial statistics', () => {
    const again = { ...fib10, stats: { ...fib10.stats, data: [2.4e-5, 2.5e-5] } }
    const reading = read(file([fib10, again]))
    expect(reading.benchmarks.map((b) => b.name)).toEqual([
      'bench.py::test_fib_10',
      'bench.py::test_fib_10 ops',
    ])
    expect(reading.benchmarks[0]!.samples).toEqual([...fib10.stats.data, 2.4e-5, 2.5e-5])
    expect(reading.benchmarks[0]!.summary).toBeUndefined()
    expect(reading.warnings).toEqual([
      '"bench.py::test_fib_10" appears more than once; its rounds were merged',
    ])
  })

  it('recognises its own files, and not its neighbours or generic JSON', () => {
    expect(matches(file([fib10]))).toBe(true)
    expect(matches(file([]))).toBe(true)
    expect(matches({ benchmarks: [fib10] })).toBe(true)
    const neighbours: unknown[] = [
      {
        context: { date: '2024-03-02T10:00:00+00:00', num_cpus: 4, mhz_per_cpu: 3243 },
        benchmarks: [
          {
            name: 'BM_Sort',
            run_name: 'BM_Sort',
            run_type: 'iteration',
            real_time: 1,
            time_unit: 'ns',
          },
        ],
      },
      {
        Title: 'Bench-20240302-101112',
        HostEnvironmentInfo: { BenchmarkDotNetVersion: '0.13.12' },
        Benchmarks: [{ FullName: 'A.B.C', Method: 'C', Statistics: { N: 1, Mean: 1 } }],
      },
      [
        {
          jmhVersion: '1.37',
          benchmark: 'org.sample.MyBench.fib',
          mode: 'thrpt',
          primaryMetric: { score: 1, scoreUnit: 'ops/ms' },
        },
      ],
      { results: [{ command: 'sleep 0.1', mean: 0.1, stddev: 0.001, times: [0.1, 0.1] }] },
      [{ name: 'fib', unit: 'ns', value: 120 }],
      { benchmarks: [{ name: 'x', value: 1 }] },
      [{ model: 'a', tokens_per_sec: 3 }],
      { machine_info: { node: 'x' }, benchmarks: [{ name: 'x', value: 1 }] },
    ]
    for (const other of neighbours) expect(matches(other)).toBe(false)
  })

  it('keeps what it can of a broken file, with a warning for each problem', () => {
    const noStats = { ...fib10, fullname: 'bench.py::test_broken', stats: undefined }
    const partial = {
      ...fib10,
      fullname: 'bench.py::test_fib_20',
      stats: { ...fib10.stats, data: [3.1e-3, '... omitted to keep this file small', 3.0e-3] },
    }
    const noTime = {
      name: 'test_no_time',
      fullname: 'bench.py::test_no_time',
      stats: { rounds: 0 },
    }
    const reading = read(file([fib10, noStats, partial, { group: null }, noTime]))
    expect(reading.records).toBe(5)
    expect(reading.benchmarks.map((b) => b.name)).toEqual([
      'bench.py::test_fib_10',
      'bench.py::test_fib_10 ops',
      'bench.py::test_fib_20',
      'bench.py::test_fib_20 ops',
    ])
    expect(reading.benchmarks[2]!.samples).toEqual([3.1e-3, 3.0e-3])
    expect(reading.warnings).toEqual([
      '"bench.py::test_broken" has no stats; dropped',
      '"bench.py::test_fib_20": 1 of 3 stats.data values are not numbers',
      'benchmarks[3] has no fullname or name; skipped',
      '"bench.py::test_no_time" has no time in its stats; dropped',
    ])
  })

  it('never throws on hostile input', () => {
    let deep: unknown = { mean: 1 }
    for (let i = 0; i < 100_000; i++) deep = { stats: deep, data: [deep] }
    const hostile: unknown[] = [
      null,
      undefined,
      0,
      'benchmarks',
      [],
      {},
      { benchmarks: 5 },
      { benchmarks: null, machine_info: null },
      { machine_info: { node: 'x'.repeat(1_000_000) }, benchmarks: [null, 5, 'x', []] },
      { machine_info: {}, benchmarks: [{ fullname: 'y'.repeat(1_000_000), stats: { mean: 1 } }] },
      { machine_info: deep, benchmarks: [{ fullname: 'deep', stats: deep }] },
      { machine_info: {}, benchmarks: [{ fullname: 'nan', stats: { mean: NaN, data: {} } }] },
    ]
    for (const value of hostile) {
      expect(() => matches(value)).not.toThrow()
      expect(() => read(value)).not.toThrow()
    }
    const huge = read(hostile[9])
    expect(huge.benchmarks).toEqual([])
    expect(huge.warnings[0]).toMatch(/benchmarks\[0\] has a name 1000000 characters long/)
    expect(read(hostile[8]).vocabulary.every((w) => w.length <= 100)).toBe(true)
    expect(read(hostile[6]).warnings).toEqual(['no benchmarks array'])
    expect(read(hostile[11]).warnings).toEqual([
      '"nan" has no time in its stats; dropped',
      'no benchmark with a time',
    ])
  })
})
