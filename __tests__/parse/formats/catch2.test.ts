// Catch2's console reporter with BENCHMARKs (v2 and v3): the three-row table per benchmark under
// its test case, durations in mixed units brought to the mean's, wrapped names, the
// no-analysis table, and the test-run lines around them.
import { describe, expect, it } from '@jest/globals'
import { catch2 } from '../../../src/parse/formats/catch2.js'
import type { Benchmark, FormatReading } from '../../../src/parse/formats/format.js'

const text = catch2.text!

function find(reading: FormatReading, name: string): Benchmark {
  const found = reading.benchmarks.find((b) => b.name === name)
  if (!found) throw new Error(`no benchmark ${name}`)
  return found
}

const RULE = '-'.repeat(79)
const DOTS = '.'.repeat(79)
const BLANK = ' '.repeat(79)

const V2 = [
  '',
  '~'.repeat(79),
  'benchmarks is a Catch v2.13.10 host application.',
  'Run with -? for options',
  '',
  RULE,
  'Fibonacci',
  RULE,
  '/home/runner/work/fib/test/bench.cpp:12',
  DOTS,
  '',
  'benchmark name                                  samples       iterations    estimated',
  '                                                mean          low mean      high mean',
  '                                                std dev       low std dev   high std dev',
  RULE,
  'Fibonacci 20                                              100             1     3.5208 ms ',
  '                                                   33.973 us     33.838 us     34.151 us ',
  '                                                   788.97 ns     633.67 ns     1.0309 us ',
  BLANK,
  'Fibonacci 25                                              100             1     39.072 ms ',
  '                                                   391.41 us     389.97 us     393.37 us ',
  '                                                   8.6339 us     6.9962 us     11.213 us ',
  BLANK,
  '',
  '='.repeat(79),
  'test cases: 1 | 1 passed',
  'assertions: - none -',
  '',
].join('\n')

const V3 = [
  'Randomness seeded to: 3047188232',
  '',
  '~'.repeat(79),
  'bench is a Catch2 v3.5.4 host application.',
  'Run with -? for options',
  '',
  RULE,
  'Containers',
  '  push_back',
  RULE,
  '/src/bench/containers.cpp:40',
  DOTS,
  '',
  'benchmark name                       samples       iterations    est run time',
  '                                     mean          low mean      high mean',
  '                                     std dev       low std dev   high std dev',
  RULE,
  'std::vector<int>/push_back/1000                100            28     2.4556 ms ',
  '                                        875.12 ns     872.03 ns     879.96 ns ',
  '                                        19.384 ns     13.853 ns     27.893 ns ',
  BLANK,
  'std::deque<int>/push_back/1000 with a very-',
  'long name                                      100             7     2.6285 ms ',
  '                                        3.7611 us     3.7512 us     3.7771 us ',
  '                                        62.745 ns     43.196 ns     95.117 ns ',
  BLANK,
  '',
  RULE,
  'Strings',
  RULE,
  '/src/bench/strings.cpp:12',
  DOTS,
  '',
  'benchmark name                       samples       iterations    est run time',
  '                                     mean          low mean      high mean',
  '                                     std dev       low std dev   high std dev',
  RULE,
  'concatenate                                    100           142     2.1158 ms ',
  '                                        149.53 ns     148.92 ns     150.41 ns ',
  '                                        3.7163 ns     2.8451 ns     4.9912 ns ',
  BLANK,
  '',
  '='.repeat(79),
  'test cases: 2 | 2 passed',
  'assertions: - none -',
  '',
].join('\r\n')

describe('Catch2', () => {
  it('recognises the benchmark table of v2 and v3', () => {
    expect(text.matches(V2)).toBe(true)
    expect(text.matches(V3)).toBe(true)
  })

  it('reads v2: n, mean, its CI and the sample sd, all in the mean’s unit', () => {
    const reading = text.read(V2)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(2)
    expect(reading.vocabulary).toEqual(['catch2_version', '2.13.10'])
    expect(reading.benchmarks.map((b) => [b.table, b.name, b.unit, b.direction])).toEqual([
      ['Fibonacci', 'Fibonacci 20', 'us', 'lower'],
      ['Fibonacci', 'Fibonacci 25', 'us', 'lower'],
    ])
    const fib20 = find(reading, 'Fibonacci 20')
    expect(fib20.samples).toBeUndefined()
    expect(fib20.summary).toMatchObject({
      n: 100,
      mean: 33.973,
      interval: { low: 33.838, high: 34.151, what: '95% CI (bootstrap)' },
    })
    // 788.97 ns as a sample sd: Catch2's population sd × √(100 / 99).
    expect(fib20.summary!.stddev).toBeCloseTo(0.78897 * Math.sqrt(100 / 99), 10)
    const fib25 = find(reading, 'Fibonacci 25').summary!
    expect(fib25.mean).toBe(391.41)
    expect(fib25.interval).toEqual({ low: 389.97, high: 393.37, what: '95% CI (bootstrap)' })
    expect(fib25.stddev).toBeCloseTo(8.6339 * Math.sqrt(100 / 99), 10)
  })

  it('reads v3 with sections, names wrapped onto two rows, and one table per test case', () => {
    const reading = text.read(V3)
    expect(reading.warnings).toEqual([])
    expect(reading.vocabulary).toEqual(['catch2_version', '3.5.4'])
    expect(reading.benchmarks.map((b) => [b.table, b.name, b.unit])).toEqual([
      ['Containers / push_back', 'std::vector<int>/push_back/1000', 'ns'],
      ['Containers / push_back', 'std::deque<int>/push_back/1000 with a very-long name', 'us'],
      ['Strings', 'concatenate', 'ns'],
    ])
    const deque = reading.benchmarks[1]!.summary!
    expect(deque).toMatchObject({ n: 100, mean: 3.7611 })
    expect(deque.interval).toEqual({ low: 3.7512, high: 3.7771, what: '95% CI (bootstrap)' })
    expect(deque.stddev).toBeCloseTo(0.062745 * Math.sqrt(100 / 99), 10)
    expect(reading.benchmarks[2]!.summary).toMatchObject({ n: 100, mean: 149.53 })
  })

  it('reads the --benchmark-no-analysis table, and a µs spelling as us', () => {
    const noAnalysis = [
      'benchmark name                       samples       iterations          mean',
      RULE,
      'Fibonacci 20                                   100             1     33.973 µs ',
      'Fibonacci 25                                   100             1     391.41 us ',
      '',
    ].join('\n')
    expect(text.matches(noAnalysis)).toBe(true)
    const reading = text.read(noAnalysis)
    expect(reading.warnings).toEqual([])
    expect(reading.benchmarks).toEqual([
      { name: 'Fibonacci 20', unit: 'us', direction: 'lower', summary: { n: 100, mean: 33.973 } },
      { name: 'Fibonacci 25', unit: 'us', direction: 'lower', summary: { n: 100, mean: 391.41 } },
    ])
  })

  it('ignores the benchmarked code’s own output between rows', () => {
    const chatty = [
      'benchmark name                       samples       iterations    estimated',
      '                                     mean          low mean      high mean',
      '                                     std dev       low std dev   high std dev',
      RULE,
      'parse config                                   100             1     12.514 ms ',
      'loaded 12 keys from config.toml',
      '                                        125.13 us     124.90 us     125.40 us ',
      '                                        1.2500 us     1.0100 us     1.5000 us ',
      BLANK,
    ].join('\n')
    const reading = text.read(chatty)
    expect(reading.warnings).toEqual([])
    expect(reading.benchmarks.map((b) => [b.name, b.summary?.mean])).toEqual([
      ['parse config', 125.13],
    ])
  })

  it('turns the same benchmark in appended runs into samples of its means', () => {
    const reading = text.read(V2 + V2.replace('33.973 us', '34.500 us'))
    const fib20 = find(reading, 'Fibonacci 20')
    expect(fib20.summary).toBeUndefined()
    expect(fib20.samples).toEqual([33.973, 34.5])
  })

  it('keeps what a broken file still has, and says which benchmark lost what', () => {
    const broken = [
      'benchmark name                       samples       iterations    estimated',
      '                                     mean          low mean      high mean',
      '                                     std dev       low std dev   high std dev',
      RULE,
      'Fibonacci 20                                   100             1     3.5208 ms ',
      '                                        33.973 us     33.838 us     34.151 us ',
      BLANK,
      'throws                                         100             1     1.0000 ms ',
      'Benchmark failed (std::runtime_error: boom)',
      BLANK,
      'Fibonacci 25                                   100             1     39.072 ms ',
      BLANK,
      'Fibonacci 30                                   100             1     412.5 ms ',
      '                                        4.1250 ms     4.1000 ms     4.1500 ms ',
      '                                        12.00 us',
    ].join('\n')
    const reading = text.read(broken)
    expect(reading.benchmarks.map((b) => [b.name, b.summary])).toEqual([
      [
        'Fibonacci 20',
        {
          n: 100,
          mean: 33.973,
          interval: { low: 33.838, high: 34.151, what: '95% CI (bootstrap)' },
        },
      ],
      [
        'Fibonacci 30',
        { n: 100, mean: 4.125, interval: { low: 4.1, high: 4.15, what: '95% CI (bootstrap)' } },
      ],
    ])
    expect(reading.warnings).toEqual([
      'line 7: benchmark "Fibonacci 20" has no std dev row',
      'line 9: benchmark "throws" failed: std::runtime_error: boom',
      'line 11: benchmark "Fibonacci 25" has no mean',
      'line 15: benchmark "Fibonacci 30" has no std dev row',
    ])
  })

  it('rejects other tools’ output and generic files', () => {
    const others = [
      '# Benchmarks\n\n| benchmark name | samples | mean |\n|---|---|---|\n| Fibonacci 20 | 100 | 33 us |\n',
      'benchmark name,samples,iterations,estimated\nFibonacci 20,100,1,3.5\n',
      'job 1 time: 12ms\njob 2 time: 14ms\n',
      'total duration:       1.2s\neval rate:            41.2 tokens/s\n',
      'test bench_fib_10 ... bench:         424 ns/iter (+/- 12)\n',
      'BenchmarkFib10-8   \t 3854276\t       310.2 ns/op\n',
      'fib 20                  time:   [26.029 µs 26.251 µs 26.505 µs]\n',
      'RegExp#test x 4,161,532 ops/sec ±4.15% (59 runs sampled)\n',
      `${RULE}\nFibonacci\n${RULE}\ntest.cpp:3\n${DOTS}\n\ntest.cpp:5: FAILED:\n${'='.repeat(79)}\ntest cases: 1 | 1 failed\n`,
      '---------- coverage: platform linux, python 3.12.1-final-0 -----------\n',
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
    const header = 'benchmark name   samples   iterations   estimated\n' + RULE + '\n'
    const huge = `x ${'1 '.repeat(400_000)}`
    const wide = `${'1 '.repeat(2000)}1 ms`
    const reading = text.read(
      header + `${huge}\n${wide}\n${'-\n'.repeat(10_000)}${`${RULE}\n`.repeat(1000)}`,
    )
    expect(reading.benchmarks).toEqual([])
    expect(() => text.read(header + 'a'.repeat(5000) + '\n'.repeat(100_000))).not.toThrow()
  })
})
