// `go test -bench . -benchmem -count N` output: header lines, result lines with value/unit pairs,
// repetitions as samples, one table per package, and the noise a CI log carries around them.
import { describe, expect, it } from '@jest/globals'
import { goTestBench } from '../../../src/parse/formats/go-test-bench.js'
import type { Benchmark, FormatReading } from '../../../src/parse/formats/format.js'

const text = goTestBench.text!

function find(reading: FormatReading, name: string, table?: string): Benchmark {
  const found = reading.benchmarks.find((b) => b.name === name && b.table === table)
  if (!found) throw new Error(`no benchmark ${name} in ${table ?? 'no table'}`)
  return found
}

const TWO_PACKAGES = [
  'goos: linux',
  'goarch: amd64',
  'pkg: example.com/fib',
  'cpu: Intel(R) Xeon(R) CPU @ 2.20GHz',
  'BenchmarkFib10-8   \t 3854276\t       310.2 ns/op\t       0 B/op\t       0 allocs/op',
  'BenchmarkFib10-8   \t 3866124\t       309.8 ns/op\t       0 B/op\t       0 allocs/op',
  'BenchmarkFib10-8   \t 3850712\t       311.5 ns/op\t       0 B/op\t       0 allocs/op',
  'BenchmarkFib20-8   \t   31284\t     38306 ns/op\t       0 B/op\t       0 allocs/op',
  'BenchmarkFib20-8   \t   31113\t     38411 ns/op\t       0 B/op\t       0 allocs/op',
  'BenchmarkFib20-8   \t   31302\t     38290 ns/op\t       0 B/op\t       0 allocs/op',
  'PASS',
  'ok  \texample.com/fib\t12.345s',
  'goos: linux',
  'goarch: amd64',
  'pkg: example.com/sort',
  'cpu: Intel(R) Xeon(R) CPU @ 2.20GHz',
  'BenchmarkSort/size=100-8         \t  212340\t      5621 ns/op\t 142.31 MB/s\t     896 B/op\t       1 allocs/op',
  'BenchmarkSort/size=100-8         \t  213117\t      5598 ns/op\t 142.90 MB/s\t     896 B/op\t       1 allocs/op',
  'BenchmarkSort/size=10000-8       \t    1324\t    903122 ns/op\t  88.58 MB/s\t   81920 B/op\t       1 allocs/op',
  'BenchmarkSort/size=10000-8       \t    1330\t    901877 ns/op\t  88.70 MB/s\t   81920 B/op\t       1 allocs/op',
  'BenchmarkTokenize-8              \t   10000\t    104521 ns/op\t        12.50 tokens/s\t         3.000 hits/op',
  'PASS',
  'ok  \texample.com/sort\t8.021s',
  '',
].join('\n')

describe('go test -bench', () => {
  it('recognises result lines and a header with results', () => {
    expect(text.matches(TWO_PACKAGES)).toBe(true)
    expect(text.matches('BenchmarkFib10   \t 3854276\t       310.2 ns/op\n')).toBe(true)
    // ns/op suppressed by b.ReportMetric(0, "ns/op"): the header vouches for it.
    expect(
      text.matches('goos: linux\npkg: example.com/x\nBenchmarkHits-8 \t 100\t 3.0 hits/op\n'),
    ).toBe(true)
  })

  it('reads every measure of every benchmark, per package, with repetitions as samples', () => {
    const reading = text.read(TWO_PACKAGES)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(11)
    expect(reading.benchmarks.map((b) => [b.table, b.name])).toEqual([
      ['example.com/fib', 'BenchmarkFib10-8'],
      ['example.com/fib', 'BenchmarkFib10-8 B/op'],
      ['example.com/fib', 'BenchmarkFib10-8 allocs/op'],
      ['example.com/fib', 'BenchmarkFib20-8'],
      ['example.com/fib', 'BenchmarkFib20-8 B/op'],
      ['example.com/fib', 'BenchmarkFib20-8 allocs/op'],
      ['example.com/sort', 'BenchmarkSort/size=100-8'],
      ['example.com/sort', 'BenchmarkSort/size=100-8 MB/s'],
      ['example.com/sort', 'BenchmarkSort/size=100-8 B/op'],
      ['example.com/sort', 'BenchmarkSort/size=100-8 allocs/op'],
      ['example.com/sort', 'BenchmarkSort/size=10000-8'],
      ['example.com/sort', 'BenchmarkSort/size=10000-8 MB/s'],
      ['example.com/sort', 'BenchmarkSort/size=10000-8 B/op'],
      ['example.com/sort', 'BenchmarkSort/size=10000-8 allocs/op'],
      ['example.com/sort', 'BenchmarkTokenize-8'],
      ['example.com/sort', 'BenchmarkTokenize-8 tokens/s'],
      ['example.com/sort', 'BenchmarkTokenize-8 hits/op'],
    ])
    expect(find(reading, 'BenchmarkFib10-8', 'example.com/fib')).toEqual({
      name: 'BenchmarkFib10-8',
      table: 'example.com/fib',
      unit: 'ns/op',
      direction: 'lower',
      samples: [310.2, 309.8, 311.5],
    })
    expect(find(reading, 'BenchmarkFib20-8', 'example.com/fib').samples).toEqual([
      38306, 38411, 38290,
    ])
    expect(find(reading, 'BenchmarkFib10-8 B/op', 'example.com/fib')).toMatchObject({
      unit: 'B/op',
      direction: 'lower',
      samples: [0, 0, 0],
    })
    expect(find(reading, 'BenchmarkFib20-8 allocs/op', 'example.com/fib')).toMatchObject({
      unit: 'allocs/op',
      direction: 'lower',
      samples: [0, 0, 0],
    })
    expect(find(reading, 'BenchmarkSort/size=100-8', 'example.com/sort').samples).toEqual([
      5621, 5598,
    ])
    expect(find(reading, 'BenchmarkSort/size=10000-8 MB/s', 'example.com/sort')).toMatchObject({
      unit: 'MB/s',
      direction: 'higher',
      samples: [88.58, 88.7],
    })
    expect(find(reading, 'BenchmarkSort/size=10000-8 B/op', 'example.com/sort').samples).toEqual([
      81920, 81920,
    ])
    expect(find(reading, 'BenchmarkTokenize-8 tokens/s', 'example.com/sort')).toMatchObject({
      unit: 'tokens/s',
      direction: 'higher',
      samples: [12.5],
    })
    expect(find(reading, 'BenchmarkTokenize-8 hits/op', 'example.com/sort')).toMatchObject({
      unit: 'hits/op',
      direction: 'lower',
      samples: [3],
    })
    expect(reading.vocabulary).toEqual([
      'goos',
      'linux',
      'goarch',
      'amd64',
      'cpu',
      'Intel(R) Xeon(R) CPU @ 2.20GHz',
    ])
  })

  it('keeps the same name in two packages apart, and merges a package seen twice', () => {
    const run = (pkg: string, ns: number) =>
      `pkg: ${pkg}\nBenchmarkParse-4 \t 1000\t ${ns} ns/op\nok  \t${pkg}\t1.0s\n`
    const reading = text.read(run('a.io/x', 10) + run('a.io/y', 20) + run('a.io/x', 11))
    expect(reading.benchmarks.map((b) => [b.table, b.name, b.samples])).toEqual([
      ['a.io/x', 'BenchmarkParse-4', [10, 11]],
      ['a.io/y', 'BenchmarkParse-4', [20]],
    ])
  })

  it('reads a -v CI log with CRLF line ends, colour codes, bare names and log lines', () => {
    const log = [
      '\u001b[36m=== RUN   TestFib\u001b[0m',
      '--- PASS: TestFib (0.00s)',
      'goos: darwin',
      'goarch: arm64',
      'pkg: example.com/fib',
      'cpu: Apple M2',
      'BenchmarkFib10',
      'BenchmarkFib10-8   \t 4335721\t       273.5 ns/op',
      'BenchmarkFib10-8   \t 4349102\t       272.9 ns/op',
      '--- BENCH: BenchmarkFib10-8',
      '    fib_test.go:12: warmed up',
      'BenchmarkFib15',
      '    fib_test.go:30: needs network',
      '--- SKIP: BenchmarkFib15',
      'BenchmarkBroken',
      '--- FAIL: BenchmarkBroken',
      '    fib_test.go:40: wrong answer',
      'FAIL',
      'exit status 1',
      'FAIL\texample.com/fib\t3.021s',
    ].join('\r\n')
    expect(text.matches(log)).toBe(true)
    const reading = text.read(log)
    expect(reading.benchmarks).toEqual([
      {
        name: 'BenchmarkFib10-8',
        table: 'example.com/fib',
        unit: 'ns/op',
        direction: 'lower',
        samples: [273.5, 272.9],
      },
    ])
    expect(reading.warnings).toEqual([
      'line 14: BenchmarkFib15 was skipped',
      'line 16: BenchmarkBroken failed',
    ])
    expect(reading.vocabulary).toContain('Apple M2')
  })

  it('keeps what a broken file still has, and says which line lost what', () => {
    const broken = [
      'pkg: example.com/fib',
      'BenchmarkFib10-8   \t 3854276\t       310.2 ns/op\t       0 B/op\t       0 allocs/op',
      'BenchmarkFib20-8   \t   31284\t     38306 ns/op\t       0 B/op\t       0',
      'BenchmarkFib30-8   \t     261',
      'BenchmarkFib40-8   \t       2\t     fast ns/op',
      'BenchmarkFib50-8   \t       1\t 2148951234',
    ].join('\n')
    const reading = text.read(broken)
    expect(reading.benchmarks.map((b) => [b.name, b.samples])).toEqual([
      ['BenchmarkFib10-8', [310.2]],
      ['BenchmarkFib10-8 B/op', [0]],
      ['BenchmarkFib10-8 allocs/op', [0]],
      ['BenchmarkFib20-8', [38306]],
      ['BenchmarkFib20-8 B/op', [0]],
    ])
    expect(reading.warnings).toEqual([
      'line 3: "BenchmarkFib20-8" has a value "0" with no unit',
      'line 4: "BenchmarkFib30-8" has no values',
      'line 5: "BenchmarkFib40-8" has "fast" for "ns/op"',
      'line 6: "BenchmarkFib50-8" has a value "2148951234" with no unit',
    ])
    expect(reading.records).toBe(2)
  })

  it('rejects other tools’ output and generic files', () => {
    const others = [
      '# Results\n\nWe ran the benchmarks.\n\n| name | ns/op |\n|---|---|\n| BenchmarkFib10 | 310 |\n',
      'name,iterations,ns_per_op\nBenchmarkFib10-8,3854276,310.2\n',
      '2024-05-01 12:00:01 request done time: 12ms\n2024-05-01 12:00:02 time: 15ms\n',
      'total duration:       1.2s\nload duration:        20ms\neval rate:            41.2 tokens/s\n',
      'running 2 tests\ntest bench_fib_10 ... bench:         424 ns/iter (+/- 12)\n',
      'fib 20                  time:   [26.029 µs 26.251 µs 26.505 µs]\n',
      'benchmark name                       samples       iterations    estimated\n',
      'RegExp#test x 4,161,532 ops/sec ±4.15% (59 runs sampled)\n',
      '============================= test session starts ==============================\n' +
        'bench.py::test_fib PASSED                                                [100%]\n',
      'Benchmarking is fun\nBenchmark results: 310 ns/op on average\n',
      '',
    ]
    for (const other of others) expect(text.matches(other)).toBe(false)
  })

  it('never throws on hostile input', () => {
    const hostile: unknown[] = [null, undefined, 5, [], { benchmarks: 5 }, '[[[[[[[[', '\u0000']
    for (const value of hostile) {
      expect(text.matches(value as string)).toBe(false)
      expect(() => text.read(value as string)).not.toThrow()
    }
    const huge = `BenchmarkX-8 ${'1 '.repeat(500_000)}`
    expect(() => text.matches(huge)).not.toThrow()
    const reading = text.read(`${huge}\nBenchmarkY-8 \t 10\t 5 ns/op\n${'Benchmark'.repeat(9999)}`)
    expect(reading.benchmarks.map((b) => [b.name, b.samples])).toEqual([['BenchmarkY-8', [5]]])
    const many = 'BenchmarkZ-8 \t 10\n'.repeat(1000)
    const noisy = text.read(many)
    expect(noisy.warnings.length).toBeLessThanOrEqual(52)
    expect(noisy.warnings.at(-1)).toMatch(/more warning/)
  })
})
