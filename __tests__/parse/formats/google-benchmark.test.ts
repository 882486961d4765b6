// Google Benchmark's JSON: one benchmark per run name, real_time as the headline in time_unit,
// cpu_time and the counters beside it, repetitions as samples and the aggregates as the summary.
import { describe, expect, it } from '@jest/globals'
import { googleBenchmark } from '../../../src/parse/formats/google-benchmark.js'

const { matches, read } = googleBenchmark.json!

const context = {
  date: '2024-03-02T10:11:12+00:00',
  host_name: 'ci-runner-7',
  executable: './build/bench/sort_bench',
  num_cpus: 4,
  mhz_per_cpu: 3243,
  cpu_scaling_enabled: false,
  caches: [
    { type: 'Data', level: 1, size: 32768, num_sharing: 2 },
    { type: 'Instruction', level: 1, size: 32768, num_sharing: 2 },
    { type: 'Unified', level: 2, size: 524288, num_sharing: 2 },
    { type: 'Unified', level: 3, size: 33554432, num_sharing: 4 },
  ],
  load_avg: [1.12, 0.84, 0.61],
  library_version: 'v1.8.3',
  library_build_type: 'release',
  json_schema_version: 1,
}

function iteration(run: string, index: number, real: number, cpu: number, extra = {}): unknown {
  return {
    name: run,
    family_index: 1,
    per_family_instance_index: 0,
    run_name: run,
    run_type: 'iteration',
    repetitions: 3,
    repetition_index: index,
    threads: 1,
    iterations: 68813,
    real_time: real,
    cpu_time: cpu,
    time_unit: 'us',
    ...extra,
  }
}

function aggregate(run: string, stat: string, real: number, cpu: number, extra = {}): unknown {
  return {
    name: `${run}_${stat}`,
    family_index: 1,
    per_family_instance_index: 0,
    run_name: run,
    run_type: 'aggregate',
    repetitions: 3,
    threads: 1,
    aggregate_name: stat,
    aggregate_unit: stat === 'cv' ? 'percentage' : 'time',
    iterations: 3,
    real_time: real,
    cpu_time: cpu,
    time_unit: 'us',
    ...extra,
  }
}

const sort = 'BM_Sort/1024/repeats:3'

const rows = [
  {
    name: 'BM_StringCreation',
    family_index: 0,
    per_family_instance_index: 0,
    run_name: 'BM_StringCreation',
    run_type: 'iteration',
    repetitions: 1,
    repetition_index: 0,
    threads: 1,
    iterations: 89525412,
    real_time: 7.812,
    cpu_time: 7.806,
    time_unit: 'ns',
  },
  iteration(sort, 0, 10.21, 10.19, { items_per_second: 1.0049e8, Compares: 10240 }),
  iteration(sort, 1, 10.05, 10.03, { items_per_second: 1.0209e8, Compares: 10240 }),
  iteration(sort, 2, 10.14, 10.12, { items_per_second: 1.0119e8, Compares: 10240 }),
  aggregate(sort, 'mean', 10.1333, 10.1133, { items_per_second: 1.0126e8, Compares: 10240 }),
  aggregate(sort, 'median', 10.14, 10.12, { items_per_second: 1.0119e8, Compares: 10240 }),
  aggregate(sort, 'stddev', 0.0802, 0.0802, { items_per_second: 8.02e5, Compares: 0 }),
  aggregate(sort, 'cv', 0.0079, 0.0079, { items_per_second: 0.0079, Compares: 0 }),
  {
    name: 'BM_Memcpy/8192/threads:4',
    family_index: 2,
    per_family_instance_index: 0,
    run_name: 'BM_Memcpy/8192/threads:4',
    run_type: 'iteration',
    repetitions: 1,
    repetition_index: 0,
    threads: 4,
    iterations: 1543212,
    real_time: 112.5,
    cpu_time: 449.7,
    time_unit: 'ns',
    bytes_per_second: 1.8216e10,
  },
  {
    name: 'BM_Open/real_file',
    family_index: 3,
    per_family_instance_index: 0,
    run_name: 'BM_Open/real_file',
    run_type: 'iteration',
    repetitions: 1,
    repetition_index: 0,
    threads: 1,
    iterations: 0,
    error_occurred: true,
    error_message: 'open("/data/corpus.bin") failed: No such file or directory',
  },
  {
    name: 'BM_Complexity_BigO',
    family_index: 4,
    per_family_instance_index: 0,
    run_name: 'BM_Complexity',
    run_type: 'aggregate',
    repetitions: 1,
    threads: 1,
    aggregate_name: 'BigO',
    cpu_coefficient: 4.2,
    real_coefficient: 4.3,
    big_o: 'N',
    time_unit: 'ns',
  },
  {
    name: 'BM_Complexity_RMS',
    family_index: 4,
    per_family_instance_index: 0,
    run_name: 'BM_Complexity',
    run_type: 'aggregate',
    repetitions: 1,
    threads: 1,
    aggregate_name: 'RMS',
    rms: 0.021,
  },
]

describe('Google Benchmark', () => {
  it('reads each run by run_name, with cpu_time and counters beside real_time', () => {
    const reading = read({ context, benchmarks: rows })
    expect(reading.records).toBe(rows.length)
    expect(reading.warnings).toEqual([
      '"BM_Open/real_file" failed: open("/data/corpus.bin") failed: No such file or directory; dropped',
    ])
    expect(reading.benchmarks).toEqual([
      {
        name: 'BM_StringCreation',
        unit: 'ns',
        direction: 'lower',
        samples: [7.812],
        summary: { mean: 7.812 },
      },
      {
        name: 'BM_StringCreation cpu_time',
        unit: 'ns',
        direction: 'lower',
        samples: [7.806],
        summary: { mean: 7.806 },
      },
      {
        name: sort,
        unit: 'us',
        direction: 'lower',
        samples: [10.21, 10.05, 10.14],
        summary: { n: 3, mean: 10.1333, median: 10.14, stddev: 0.0802 },
      },
      {
        name: `${sort} cpu_time`,
        unit: 'us',
        direction: 'lower',
        samples: [10.19, 10.03, 10.12],
        summary: { n: 3, mean: 10.1133, median: 10.12, stddev: 0.0802 },
      },
      {
        name: `${sort} items_per_second`,
        unit: 'items/s',
        direction: 'higher',
        samples: [1.0049e8, 1.0209e8, 1.0119e8],
        summary: { n: 3, mean: 1.0126e8, median: 1.0119e8, stddev: 8.02e5 },
      },
      {
        name: `${sort} Compares`,
        unit: 'count',
        direction: 'unknown',
        samples: [10240, 10240, 10240],
        summary: { n: 3, mean: 10240, median: 10240, stddev: 0 },
      },
      {
        name: 'BM_Memcpy/8192/threads:4',
        unit: 'ns',
        direction: 'lower',
        samples: [112.5],
        summary: { mean: 112.5 },
      },
      {
        name: 'BM_Memcpy/8192/threads:4 cpu_time',
        unit: 'ns',
        direction: 'lower',
        samples: [449.7],
        summary: { mean: 449.7 },
      },
      {
        name: 'BM_Memcpy/8192/threads:4 bytes_per_second',
        unit: 'B/s',
        direction: 'higher',
        samples: [1.8216e10],
        summary: { mean: 1.8216e10 },
      },
    ])
  })

  it('reads aggregates alone (--benchmark_report_aggregates_only), and names without run_name', () => {
    const only = [
      aggregate(sort, 'mean', 10.1333, 10.1133),
      aggregate(sort, 'median', 10.14, 10.12),
      aggregate(sort, 'stddev', 0.0802, 0.0802),
    ].map((row) => {
      const { run_name: _run, ...rest } = row as Record<string, unknown>
      return rest
    })
    const reading = read({ context, benchmarks: only })
    expect(reading.warnings).toEqual([])
    expect(reading.benchmarks).toEqual([
      {
        name: sort,
        unit: 'us',
        direction: 'lower',
        summary: { n: 3, mean: 10.1333, median: 10.14, stddev: 0.0802 },
      },
      {
        name: `${sort} cpu_time`,
        unit: 'us',
        direction: 'lower',
        summary: { n: 3, mean: 10.1133, median: 10.12, stddev: 0.0802 },
      },
    ])
  })

  it('takes the context as vocabulary', () => {
    const { vocabulary } = read({ context, benchmarks: rows })
    for (const word of ['context', 'num_cpus', 'host_name', 'ci-runner-7', 'release', 'v1.8.3']) {
      expect(vocabulary).toContain(word)
    }
    expect(vocabulary).not.toContain(context.date)
  })

  it('recognises its own files, and not its neighbours or generic JSON', () => {
    expect(matches({ context, benchmarks: rows })).toBe(true)
    expect(matches({ context, benchmarks: [] })).toBe(true)
    const neighbours: unknown[] = [
      {
        machine_info: { node: 'x', python_version: '3.11.6' },
        benchmarks: [
          { fullname: 'bench.py::test_fib', name: 'test_fib', stats: { rounds: 5, mean: 1 } },
        ],
        version: '4.0.0',
      },
      {
        HostEnvironmentInfo: { BenchmarkDotNetVersion: '0.13.12' },
        Benchmarks: [{ FullName: 'A.B.C', Method: 'C', Statistics: { N: 1, Mean: 1 } }],
      },
      [{ benchmark: 'org.sample.MyBench.fib', mode: 'avgt', primaryMetric: { score: 1 } }],
      { results: [{ command: 'sleep 0.1', mean: 0.1, stddev: 0.001, times: [0.1, 0.1] }] },
      [{ name: 'fib', unit: 'ns', value: 120 }],
      { benchmarks: [{ name: 'x', value: 1 }] },
      { context: { run: 3 }, benchmarks: [{ name: 'x', value: 1 }] },
      [{ model: 'a', tokens_per_sec: 3 }],
    ]
    for (const other of neighbours) expect(matches(other)).toBe(false)
  })

  it('keeps what it can of a broken file, with a warning for each problem', () => {
    const longMessage = 'x'.repeat(500)
    const broken = [
      rows[0],
      { ...(rows[0] as object), name: 'BM_NoTime', run_name: 'BM_NoTime', real_time: 'fast' },
      'BM_Garbage',
      { run_type: 'iteration', real_time: 3 },
      { ...(rows[9] as object), error_message: longMessage },
      iteration(sort, 0, 10.21, 10.19),
      { ...(iteration(sort, 1, 10.05, 10.03) as object), time_unit: 'ms' },
    ]
    const reading = read({ context, benchmarks: broken })
    expect(reading.records).toBe(7)
    expect(reading.benchmarks.map((b) => [b.name, b.samples])).toEqual([
      ['BM_StringCreation', [7.812]],
      ['BM_StringCreation cpu_time', [7.806]],
      ['BM_NoTime cpu_time', [7.806]],
      [sort, [10.21]],
      [`${sort} cpu_time`, [10.19]],
    ])
    expect(reading.warnings).toEqual([
      '"BM_NoTime" has no real_time; dropped',
      'benchmarks[2] is not an object; skipped',
      'benchmarks[3] has no usable name; skipped',
      `"BM_Open/real_file" failed: ${'x'.repeat(200)}…; dropped`,
      `"${sort}" is in us and also in ms; the ms value dropped`,
      `"${sort} cpu_time" is in us and also in ms; the ms value dropped`,
    ])
  })

  it('never throws on hostile input', () => {
    let deep: unknown = { real_time: 1 }
    for (let i = 0; i < 100_000; i++) deep = { name: 'deep', real_time: deep, c: [deep] }
    const manyCounters: Record<string, unknown> = { name: 'BM_Many', real_time: 1, time_unit: 'ns' }
    for (let i = 0; i < 10_000; i++) manyCounters[`c${i}`] = i
    const hostile: unknown[] = [
      null,
      undefined,
      42,
      'context',
      [],
      {},
      { benchmarks: 5 },
      { context: null, benchmarks: null },
      { context, benchmarks: [null, 5, 'x', [], { name: 7 }] },
      { context, benchmarks: [deep] },
      { context, benchmarks: [{ name: 'y'.repeat(1_000_000), real_time: 1 }] },
      { context: { host_name: 'h'.repeat(1_000_000) }, benchmarks: [manyCounters] },
      { context, benchmarks: [{ name: '__proto__', run_name: '__proto__', real_time: 1 }] },
    ]
    for (const value of hostile) {
      expect(() => matches(value)).not.toThrow()
      expect(() => read(value)).not.toThrow()
    }
    expect(read(hostile[6]).warnings).toEqual(['no benchmarks array'])
    expect(read(hostile[10]).benchmarks).toEqual([])
    const many = read(hostile[11])
    expect(many.benchmarks.length).toBeLessThanOrEqual(101)
    expect(many.vocabulary.every((w) => w.length <= 100)).toBe(true)
    expect(read(hostile[12]).benchmarks.map((b) => b.name)).toEqual(['__proto__'])
  })
})
