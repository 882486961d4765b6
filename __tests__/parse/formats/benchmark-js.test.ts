// benchmark.js's cycle lines: hz with thousands separators, rme and the run count read as
// n, mean, the stddev and interval that follow from benchmark.js's definitions, and the suite's
// "Fastest is" line and a CI log around them.
import { describe, expect, it } from '@jest/globals'
import { benchmarkJs } from '../../../src/parse/formats/benchmark-js.js'
import type { Benchmark, FormatReading } from '../../../src/parse/formats/format.js'

const text = benchmarkJs.text!

function find(reading: FormatReading, name: string): Benchmark {
  const found = reading.benchmarks.find((b) => b.name === name)
  if (!found) throw new Error(`no benchmark ${name}`)
  return found
}

const SUITE = [
  '> bench@1.0.0 bench',
  '> node bench/strings.js',
  '',
  'RegExp#test x 4,161,532 ops/sec ±4.15% (59 runs sampled)',
  'String#indexOf x 6,139,623 ops/sec ±1.00% (88 runs sampled)',
  'String#match x 1,852,071 ops/sec ±0.56% (95 runs sampled)',
  'JSON.parse (1 MB) x 61.25 ops/sec ±2.31% (12 runs sampled)',
  'deep clone x 1.52 ops/sec ±0.00% (1 run sampled)',
  'Fastest is String#indexOf',
  '',
].join('\r\n')

describe('benchmark.js', () => {
  it('recognises cycle lines', () => {
    expect(text.matches(SUITE)).toBe(true)
  })

  it('reads hz as the mean, runs as n, and what follows from rme', () => {
    const reading = text.read(SUITE)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(5)
    expect(reading.benchmarks.map((b) => [b.name, b.unit, b.direction])).toEqual([
      ['RegExp#test', 'ops/sec', 'higher'],
      ['String#indexOf', 'ops/sec', 'higher'],
      ['String#match', 'ops/sec', 'higher'],
      ['JSON.parse (1 MB)', 'ops/sec', 'higher'],
      ['deep clone', 'ops/sec', 'higher'],
    ])
    for (const b of reading.benchmarks) expect(b.samples).toBeUndefined()

    const regexp = find(reading, 'RegExp#test').summary!
    expect(regexp.n).toBe(59)
    expect(regexp.mean).toBe(4161532)
    // df 58 > 30: t = 1.96. sd = hz × rme × √n / t.
    expect(regexp.stddev).toBeCloseTo((4161532 * 0.0415 * Math.sqrt(59)) / 1.96, 6)
    expect(regexp.interval!.what).toBe('± rme (95%)')
    expect(regexp.interval!.low).toBeCloseTo(4161532 / 1.0415, 6)
    expect(regexp.interval!.high).toBeCloseTo(4161532 / 0.9585, 6)

    // df 11: benchmark.js's t table gives 2.201.
    const json = find(reading, 'JSON.parse (1 MB)').summary!
    expect(json).toMatchObject({ n: 12, mean: 61.25 })
    expect(json.stddev).toBeCloseTo((61.25 * 0.0231 * Math.sqrt(12)) / 2.201, 10)
    expect(json.interval!.low).toBeCloseTo(61.25 / 1.0231, 10)

    // One run: no spread to speak of, and no sd.
    expect(find(reading, 'deep clone').summary).toEqual({
      n: 1,
      mean: 1.52,
      interval: { low: 1.52, high: 1.52, what: '± rme (95%)' },
    })
  })

  it('uses benchmark.js’s t table by degrees of freedom', () => {
    const line = (n: number) => `x x 1,000 ops/sec ±10.00% (${n} runs sampled)`
    const sd = (n: number) => text.read(line(n)).benchmarks[0]!.summary!.stddev!
    expect(sd(2)).toBeCloseTo((1000 * 0.1 * Math.sqrt(2)) / 12.706, 10)
    expect(sd(5)).toBeCloseTo((1000 * 0.1 * Math.sqrt(5)) / 2.776, 10)
    expect(sd(31)).toBeCloseTo((1000 * 0.1 * Math.sqrt(31)) / 2.042, 10)
    expect(sd(32)).toBeCloseTo((1000 * 0.1 * Math.sqrt(32)) / 1.96, 10)
    // The name is everything before the last " x ".
    expect(text.read(line(5)).benchmarks[0]!.name).toBe('x')
  })

  it('turns the same name in appended runs into samples of hz', () => {
    const reading = text.read(
      'a#b x 1,000 ops/sec ±1.00% (90 runs sampled)\na#b x 1,100.5 ops/sec ±1.20% (88 runs sampled)\n',
    )
    expect(reading.benchmarks).toEqual([
      { name: 'a#b', unit: 'ops/sec', direction: 'higher', samples: [1000, 1100.5] },
    ])
  })

  it('reads a coloured log and a Latin-1 reading of ±', () => {
    const reading = text.read(
      '\u001b[32mfast path x 12,345 ops/sec Â±0.50% (91 runs sampled)\u001b[39m\n',
    )
    expect(reading.benchmarks.map((b) => [b.name, b.summary?.mean, b.summary?.n])).toEqual([
      ['fast path', 12345, 91],
    ])
  })

  it('keeps what a broken file still has, and says which line it could not read', () => {
    const broken = [
      'RegExp#test x 4,161,532 ops/sec ±4.15% (59 runs sampled)',
      'String#indexOf x 6,139,623 ops/sec ±1.00% (88 runs',
      'String#match x 1,852,071 ops/sec',
      'Fastest is RegExp#test',
    ].join('\n')
    const reading = text.read(broken)
    expect(reading.benchmarks.map((b) => b.name)).toEqual(['RegExp#test'])
    expect(reading.warnings).toEqual([
      'line 2: could not read "String#indexOf x 6,139,623 ops/sec ±1.00% (88 runs"',
      'line 3: could not read "String#match x 1,852,071 ops/sec"',
    ])
    expect(reading.records).toBe(1)
  })

  it('rejects other tools’ output and generic files', () => {
    const others = [
      '# Results\n\nIndexOf wins.\n\n| name | ops/sec |\n|---|---|\n| String#indexOf | 6,139,623 |\n',
      'name,hz,rme,samples\nString#indexOf,6139623,1.00,88\n',
      'render time: 12ms\nrender time: 13ms\n',
      'total duration:       1.2s\nload duration:        20ms\neval rate:            41.2 tokens/s\n',
      'test bench_fib_10 ... bench:         424 ns/iter (+/- 12)\n',
      'BenchmarkFib10-8   \t 3854276\t       310.2 ns/op\n',
      'fib 20                  time:   [26.029 µs 26.251 µs 26.505 µs]\n',
      'benchmark name                       samples       iterations    estimated\n',
      'bench.py::test_fib_10 PASSED\n--------- benchmark: 1 tests ---------\nName  Min  Max  Mean  OPS\n',
      'we got 4,000 ops/sec on the new box, up from 3,100 ops/sec\n',
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
    const huge = `${'a x '.repeat(20_000)} ops/sec`
    expect(text.matches(huge)).toBe(false)
    const reading = text.read(
      `${huge}\nok x 1 ops/sec ±0.00% (1 run sampled)\nbad x 1 ops/sec ±5.00% (0 runs sampled)\n`,
    )
    expect(reading.benchmarks.map((b) => b.name)).toEqual(['ok'])
    expect(reading.warnings).toEqual(['line 3: "bad" has no runs sampled'])
    const rmeHuge = text.read('big x 5 ops/sec ±150.00% (3 runs sampled)')
    expect(rmeHuge.benchmarks[0]!.summary!.interval).toBeUndefined()
  })
})
