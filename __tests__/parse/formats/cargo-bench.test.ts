// `cargo bench` with libtest's `#[bench]` harness: one median per benchmark with its printed
// spread, old integer and new decimal figures with thousands separators, MB/s throughput, and the
// cargo lines around them naming the bench binary.
import { describe, expect, it } from '@jest/globals'
import { cargoBench } from '../../../src/parse/formats/cargo-bench.js'

const text = cargoBench.text!

const OLD_RUST = [
  '   Compiling fib v0.1.0 (/home/runner/work/fib)',
  '    Finished bench [optimized] target(s) in 4.21s',
  '     Running target/release/deps/fib-1a2b3c4d5e6f7a8b',
  '',
  'running 4 tests',
  'test tests::it_works ... ignored',
  'test bench_fib_10    ... bench:         424 ns/iter (+/- 12)',
  'test bench_fib_20    ... bench:      52,396 ns/iter (+/- 1,234)',
  'test bench_copy_1mb  ... bench:   1,234,567 ns/iter (+/- 8,901) = 849 MB/s',
  '',
  'test result: ok. 0 passed; 0 failed; 1 ignored; 3 measured; 0 filtered out',
  '',
].join('\n')

const NEW_RUST = [
  '     Running unittests src/lib.rs (target/release/deps/fib-0f1e2d3c4b5a6978)',
  '',
  'running 0 tests',
  '',
  'test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
  '',
  '     Running benches/fib.rs (target/release/deps/fib-9a8b7c6d5e4f3a2b)',
  '',
  'running 2 tests',
  'test bench_fib_10 ... bench:         424.12 ns/iter (+/- 12.03)',
  'test bench_parse  ... bench:       1,234.50 ns/iter (+/- 56.25) = 1,024 MB/s',
  '',
  'test result: ok. 0 passed; 0 failed; 0 ignored; 2 measured; 0 filtered out; finished in 3.02s',
  '',
].join('\r\n')

describe('cargo bench (libtest)', () => {
  it('recognises libtest bench lines', () => {
    expect(text.matches(OLD_RUST)).toBe(true)
    expect(text.matches(NEW_RUST)).toBe(true)
  })

  it('reads old integer figures as medians with the printed spread, and MB/s as a rate', () => {
    const reading = text.read(OLD_RUST)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(3)
    expect(reading.benchmarks).toEqual([
      {
        name: 'bench_fib_10',
        table: 'fib',
        unit: 'ns/iter',
        direction: 'lower',
        summary: {
          median: 424,
          interval: { low: 412, high: 436, what: '+/- as printed by libtest' },
        },
      },
      {
        name: 'bench_fib_20',
        table: 'fib',
        unit: 'ns/iter',
        direction: 'lower',
        summary: {
          median: 52396,
          interval: { low: 51162, high: 53630, what: '+/- as printed by libtest' },
        },
      },
      {
        name: 'bench_copy_1mb',
        table: 'fib',
        unit: 'ns/iter',
        direction: 'lower',
        summary: {
          median: 1234567,
          interval: { low: 1225666, high: 1243468, what: '+/- as printed by libtest' },
        },
      },
      {
        name: 'bench_copy_1mb MB/s',
        table: 'fib',
        unit: 'MB/s',
        direction: 'higher',
        summary: { median: 849 },
      },
    ])
  })

  it('reads new decimal figures and names the table after the bench target', () => {
    const reading = text.read(NEW_RUST)
    expect(reading.warnings).toEqual([])
    expect(reading.benchmarks.map((b) => [b.table, b.name, b.unit, b.direction])).toEqual([
      ['benches/fib.rs', 'bench_fib_10', 'ns/iter', 'lower'],
      ['benches/fib.rs', 'bench_parse', 'ns/iter', 'lower'],
      ['benches/fib.rs', 'bench_parse MB/s', 'MB/s', 'higher'],
    ])
    const fib = reading.benchmarks[0]!.summary!
    expect(fib.median).toBe(424.12)
    expect(fib.interval!.low).toBeCloseTo(412.09, 10)
    expect(fib.interval!.high).toBeCloseTo(436.15, 10)
    expect(reading.benchmarks[1]!.summary!.median).toBe(1234.5)
    expect(reading.benchmarks[2]!.summary).toEqual({ median: 1024 })
  })

  it('turns the same benchmark in appended runs into samples of its medians', () => {
    const run = (ns: string) =>
      `running 1 test\ntest bench_fib_10 ... bench:   ${ns} ns/iter (+/- 3)\n\ntest result: ok. 0 passed; 0 failed; 0 ignored; 1 measured; 0 filtered out\n`
    const reading = text.read(run('424') + run('431') + run('1,002'))
    expect(reading.benchmarks).toEqual([
      { name: 'bench_fib_10', unit: 'ns/iter', direction: 'lower', samples: [424, 431, 1002] },
    ])
  })

  it('reads criterion’s bencher output, whose names have spaces', () => {
    const reading = text.read('test fib 20 ... bench:      25,698 ns/iter (+/- 211)\n')
    expect(reading.benchmarks.map((b) => [b.name, b.summary?.median])).toEqual([['fib 20', 25698]])
  })

  it('keeps what a broken file still has, and warns about failures and missing results', () => {
    const broken = [
      'running 4 tests',
      'test bench_fib_10 ... bench:         424 ns/iter (+/- 12)',
      'test bench_panics ... FAILED',
      'test bench_fib_20 ... bench:      52,396 ns/it',
      '',
      'failures:',
      '',
      'test result: FAILED. 0 passed; 1 failed; 0 ignored; 3 measured; 0 filtered out',
    ].join('\n')
    const reading = text.read(broken)
    expect(reading.benchmarks.map((b) => b.name)).toEqual(['bench_fib_10'])
    expect(reading.warnings).toEqual([
      'line 3: "bench_panics" failed',
      'line 4: "bench_fib_20" has no readable ns/iter (+/- …) figure',
      'line 8: the summary says 3 measured, but 1 bench result(s) were read',
    ])
    expect(reading.records).toBe(1)
  })

  it('rejects other tools’ output and generic files', () => {
    const others = [
      '# Benchmarks\n\nFaster than before.\n\n| test | ns/iter |\n|---|---|\n| bench_fib_10 | 424 |\n',
      'name,ns_per_iter,spread\nbench_fib_10,424,12\n',
      'request served time: 12ms\nrequest served time: 9ms\n',
      'total duration:       1.2s\neval rate:            41.2 tokens/s\n',
      'running 3 tests\ntest tests::it_works ... ok\ntest result: ok. 3 passed; 0 failed\n',
      'BenchmarkFib10-8   \t 3854276\t       310.2 ns/op\n',
      'fib 20                  time:   [26.029 µs 26.251 µs 26.505 µs]\n',
      'benchmark name                       samples       iterations    estimated\n',
      'RegExp#test x 4,161,532 ops/sec ±4.15% (59 runs sampled)\n',
      'tests/test_fib.py::test_fib PASSED                                       [100%]\n',
      '',
    ]
    for (const other of others) expect(text.matches(other)).toBe(false)
  })

  it('never throws on hostile input', () => {
    const hostile: unknown[] = [null, undefined, 5, [], { benchmarks: 5 }, '{"a":[[[[[[', '\u0000']
    for (const value of hostile) {
      expect(text.matches(value as string)).toBe(false)
      expect(() => text.read(value as string)).not.toThrow()
    }
    const huge = `test ${'x '.repeat(300_000)}`
    expect(text.matches(huge)).toBe(false)
    const reading = text.read(
      `${huge}\n${'     Running '.repeat(300)}\ntest a ... bench: 1 ns/iter (+/- 0)\n`,
    )
    expect(reading.benchmarks.map((b) => [b.name, b.summary?.median])).toEqual([['a', 1]])
  })
})
