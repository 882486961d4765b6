// Criterion.rs's command-line report: `time:` intervals in mixed units brought to the estimate's
// unit, throughput lines, ids too long for their column, and the comparison and progress lines
// around them that are not results.
import { describe, expect, it } from '@jest/globals'
import { criterion } from '../../../src/parse/formats/criterion.js'
import type { Benchmark, FormatReading } from '../../../src/parse/formats/format.js'

const text = criterion.text!

function find(reading: FormatReading, name: string): Benchmark {
  const found = reading.benchmarks.find((b) => b.name === name)
  if (!found) throw new Error(`no benchmark ${name}`)
  return found
}

const CARGO_BENCH = [
  '   Compiling fib v0.1.0 (/home/runner/work/fib)',
  '    Finished `bench` profile [optimized] target(s) in 21.04s',
  '     Running benches/fib.rs (target/release/deps/fib-9a8b7c6d5e4f3a2b)',
  'Gnuplot not found, using plotters backend',
  'Benchmarking fib 20',
  'Benchmarking fib 20: Warming up for 3.0000 s',
  'Benchmarking fib 20: Collecting 100 samples in estimated 5.0763 s (197k iterations)',
  'Benchmarking fib 20: Analyzing',
  'fib 20                  time:   [26.029 µs 26.251 µs 26.505 µs]',
  '                        change: [-2.4012% -1.0015% +0.5120%] (p = 0.22 > 0.05)',
  '                        No change in performance detected.',
  'Found 11 outliers among 100 measurements (11.00%)',
  '  2 (2.00%) high mild',
  '  9 (9.00%) high severe',
  'Benchmarking fib 1',
  'Benchmarking fib 1: Warming up for 3.0000 s',
  'Benchmarking fib 1: Collecting 100 samples in estimated 5.0000 s (5.2B iterations)',
  'Benchmarking fib 1: Analyzing',
  'fib 1                   time:   [998.12 ps 1.0012 ns 1.0050 ns]',
  '                        change: [+3.1000% +4.0000% +5.2000%] (p = 0.00 < 0.05)',
  '                        Performance has regressed.',
  '',
  'Benchmarking parse/json/large_document_with_many_keys: Warming up for 3.0000 s',
  'Benchmarking parse/json/large_document_with_many_keys: Collecting 100 samples in estimated 5.2 s',
  'Benchmarking parse/json/large_document_with_many_keys: Analyzing',
  'parse/json/large_document_with_many_keys',
  '                        time:   [1.2034 ms 1.2100 ms 1.2170 ms]',
  '                        thrpt:  [821.69 MiB/s 826.45 MiB/s 831.02 MiB/s]',
  '                 change:',
  '                        time:   [−1.2000% −0.5000% +0.2000%] (p = 0.17 > 0.05)',
  '                        thrpt:  [−0.1996% +0.5025% +1.2146%]',
  '                        No change in performance detected.',
  'Benchmarking parse/csv/1000: Analyzing',
  'parse/csv/1000          time:   [998.40 µs 1.0010 ms 1.0042 ms]',
  '                        thrpt:  [995.82 Kelem/s 999.00 Kelem/s 1.0016 Melem/s]',
  'Found 3 outliers among 100 measurements (3.00%)',
  '  3 (3.00%) high mild',
  '',
].join('\n')

describe('Criterion.rs', () => {
  it('recognises its report, and a result line without the progress lines', () => {
    expect(text.matches(CARGO_BENCH)).toBe(true)
    expect(text.matches('fib 1                   time:   [998.12 ps 1.0012 ns 1.0050 ns]\n')).toBe(
      true,
    )
    // A custom measurement's units: the progress lines vouch for it.
    expect(
      text.matches(
        'Benchmarking fib: Analyzing\nfib     time:   [812 cycles 815 cycles 820 cycles]\n',
      ),
    ).toBe(true)
  })

  it('reads each estimate with its 95% CI in the estimate’s unit, and throughput as higher', () => {
    const reading = text.read(CARGO_BENCH)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(4)
    expect(reading.benchmarks.map((b) => [b.name, b.unit, b.direction])).toEqual([
      ['fib 20', 'µs', 'lower'],
      ['fib 1', 'ns', 'lower'],
      ['parse/json/large_document_with_many_keys', 'ms', 'lower'],
      ['parse/json/large_document_with_many_keys thrpt', 'MiB/s', 'higher'],
      ['parse/csv/1000', 'ms', 'lower'],
      ['parse/csv/1000 thrpt', 'Kelem/s', 'higher'],
    ])
    expect(find(reading, 'fib 20').summary).toEqual({
      mean: 26.251,
      interval: { low: 26.029, high: 26.505, what: '95% CI' },
    })
    const fib1 = find(reading, 'fib 1').summary!
    expect(fib1.mean).toBe(1.0012)
    expect(fib1.interval!.low).toBeCloseTo(0.99812, 10)
    expect(fib1.interval!.high).toBe(1.005)
    expect(find(reading, 'parse/json/large_document_with_many_keys').summary).toEqual({
      mean: 1.21,
      interval: { low: 1.2034, high: 1.217, what: '95% CI' },
    })
    expect(find(reading, 'parse/json/large_document_with_many_keys thrpt').summary).toEqual({
      mean: 826.45,
      interval: { low: 821.69, high: 831.02, what: '95% CI' },
    })
    const csv = find(reading, 'parse/csv/1000').summary!
    expect(csv.mean).toBe(1.001)
    expect(csv.interval!.low).toBeCloseTo(0.9984, 10)
    const csvRate = find(reading, 'parse/csv/1000 thrpt').summary!
    expect(csvRate.mean).toBe(999)
    expect(csvRate.interval!.low).toBe(995.82)
    expect(csvRate.interval!.high).toBeCloseTo(1001.6, 10)
    for (const b of reading.benchmarks) expect(b.samples).toBeUndefined()
  })

  it('reads a terminal capture: carriage-return overwrites, colour codes, CRLF', () => {
    const tty =
      'Benchmarking fib 20: Analyzing\r                              \r' +
      '\u001b[32mfib 20\u001b[0m                  time:   [\u001b[2m26.029 µs\u001b[0m \u001b[1m26.251 µs\u001b[0m \u001b[2m26.505 µs\u001b[0m]\r\n' +
      'Benchmarking group/a_rather_long_benchmark_id: Analyzing\r                         \r' +
      '\u001b[32mgroup/a_rather_long_benchmark_id\u001b[0m\r\n' +
      '                        time:   [3.0010 s 3.1000 s 3.2020 s]\r\n'
    expect(text.matches(tty)).toBe(true)
    const reading = text.read(tty)
    expect(reading.warnings).toEqual([])
    expect(reading.benchmarks.map((b) => [b.name, b.unit, b.summary?.mean])).toEqual([
      ['fib 20', 'µs', 26.251],
      ['group/a_rather_long_benchmark_id', 's', 3.1],
    ])
  })

  it('turns the same id in appended runs into samples, in the first run’s unit', () => {
    const run = (line: string) => `Benchmarking fib 20: Analyzing\nfib 20    time:   [${line}]\n`
    const reading = text.read(
      run('26.029 µs 26.251 µs 26.505 µs') +
        run('990.00 ns 999.50 ns 1.0100 µs') +
        run('26.100 μs 26.300 μs 26.500 μs'),
    )
    expect(reading.warnings).toEqual([])
    expect(reading.benchmarks).toHaveLength(1)
    const fib = reading.benchmarks[0]!
    expect(fib).toMatchObject({ name: 'fib 20', unit: 'µs', direction: 'lower' })
    expect(fib.summary).toBeUndefined()
    expect(fib.samples).toHaveLength(3)
    expect(fib.samples![0]).toBe(26.251)
    expect(fib.samples![1]).toBeCloseTo(0.9995, 10)
    expect(fib.samples![2]).toBe(26.3)
  })

  it('keeps what a broken file still has, and says which line lost what', () => {
    const broken = [
      'fib 10                  time:   [250.12 ns 251.00 ns 252.40 ns]',
      'fib 20                  time:   [26.029 µs 26.251 µs',
      'fib 30                  time:   [3.1 ms fast 3.3 ms]',
      'fib 40                  time:   [1.0 s 1.1 GiB/s 1.2 s]',
      '                        thrpt:  [1.2 GiB/s 1.3 GiB/s 1.4 GiB/s]',
      'Benchmarking fib 50: Analyzing',
      'fib 50                  time:   [10.0 ms 10.5 ms 11.0 ms]',
      '                        thrpt:  [1.2 GiB/s 1.3 GiB/s]',
    ].join('\n')
    const reading = text.read(broken)
    expect(reading.benchmarks.map((b) => [b.name, b.summary?.mean])).toEqual([
      ['fib 10', 251],
      ['fib 50', 10.5],
    ])
    expect(reading.warnings).toEqual([
      'line 2: "fib 20" has an unreadable time: [26.029 µs 26.251 µs',
      'line 3: "fib 30" has an unreadable time: [3.1 ms fast 3.3 ms]',
      'line 4: "fib 40" has an unreadable time: [1.0 s 1.1 GiB/s 1.2 s]',
      'line 5: a thrpt: line with no time:',
      'line 8: "fib 50" has an unreadable thrpt: [1.2 GiB/s 1.3 GiB/s]',
    ])
    expect(reading.records).toBe(2)
  })

  it('warns about a time: line whose id is missing', () => {
    const reading = text.read('                        time:   [1.0 ms 1.1 ms 1.2 ms]\n')
    expect(reading.benchmarks).toEqual([])
    expect(reading.warnings[0]).toBe('line 1: a time: line with no benchmark id')
  })

  it('rejects other tools’ output and generic files', () => {
    const others = [
      '# Results\n\nThe new parser is faster.\n\n| bench | time |\n|---|---|\n| fib 20 | 26 µs |\n',
      'bench,low,estimate,high\nfib 20,26.029,26.251,26.505\n',
      'GET /api 200 time: 12ms\nGET /api 200 time: 15ms\n',
      'total duration:       1.2s\nload duration:        20ms\neval rate:            41.2 tokens/s\n',
      'test bench_fib_10 ... bench:         424 ns/iter (+/- 12)\n',
      'BenchmarkFib10-8   \t 3854276\t       310.2 ns/op\n',
      'benchmark name                       samples       iterations    estimated\n' +
        'Fibonacci 20                                   100             1     3.5208 ms \n' +
        '                                        33.973 us     33.838 us     34.151 us \n',
      'RegExp#test x 4,161,532 ops/sec ±4.15% (59 runs sampled)\n',
      '========================== 3 passed in 1.23s ===========================\n',
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
    const huge = `Benchmarking ${'a: '.repeat(200_000)} time: [${'1 ns '.repeat(100_000)}`
    expect(() => text.matches(huge)).not.toThrow()
    const reading = text.read(`${huge}\nx    time:   [1 ns 2 ns 3 ns]\n${'\r'.repeat(100_000)}`)
    expect(reading.benchmarks.map((b) => [b.name, b.summary?.mean])).toEqual([['x', 2]])
  })
})
