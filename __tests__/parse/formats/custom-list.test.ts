// The github-action-benchmark custom list: [{name, unit, value, range?, extra?}], the direction
// from the unit (or the name), `± d` ranges as intervals, and a repeated name as samples.
import { describe, expect, it } from '@jest/globals'
import { customList } from '../../../src/parse/formats/custom-list.js'

const { matches, read } = customList.json!

// As a job writes it for `tool: customSmallerIsBetter` / `customBiggerIsBetter`.
const list = [
  { name: 'parse 1 MiB JSON', unit: 'ms', value: 12.4, range: '± 0.3', extra: 'median of 30 runs' },
  { name: 'cold start', unit: 's', value: 1.82, range: '+/- 0.05' },
  { name: 'binary size', unit: 'KB', value: 4120 },
  { name: 'requests', unit: 'req/s', value: 18250, range: '3' },
  { name: 'decode', unit: 'tok/s', value: 41.7, range: '±2%' },
  { name: 'copy', unit: 'MB/s', value: 930 },
  { name: 'Sort allocs', unit: 'allocs/op', value: 3 },
  { name: 'Render score', unit: 'points', value: 8812 },
  { name: 'memory bandwidth', unit: 'GB', value: 21.5 },
  { name: 'widgets', unit: 'widgets', value: 7 },
  { name: 'timer', unit: 'Hz', value: 1000 },
  { name: 'latency', unit: 'µs', value: 85.5, range: '± 1.5 µs' },
]

describe('customList.matches', () => {
  it('recognises a list of {name, unit, value}', () => {
    expect(matches(list)).toBe(true)
  })

  it('rejects generic JSON and neighbouring tools', () => {
    const others: unknown[] = [
      { machine_info: { cpu: 'x' }, benchmarks: [{ fullname: 'a', stats: { mean: 1 } }] },
      { context: {}, benchmarks: [{ run_name: 'BM_A', real_time: 1, time_unit: 'ns' }] },
      [{ benchmark: 'a.B.c', mode: 'thrpt', primaryMetric: { score: 1 } }],
      [{ build_commit: 'abc', model_type: 'llama 7B', n_prompt: 512, n_gen: 0, avg_ts: 10 }],
      { benchmarks: [{ name: 'x', value: 1 }] },
      [{ model: 'a', tokens_per_sec: 3 }],
      [{ name: 'a', value: 1 }],
      [{ name: 'a', unit: 'ms', value: '1.5' }],
      [{ Julia: '1.10.0', BenchmarkTools: '1.4.0' }, []],
      { results: [{ command: 'sleep 0.1', mean: 0.1, times: [0.1] }] },
      { model_id: 'm', request_throughput: 1, completed: 1, duration: 1, mean_ttft_ms: 1 },
      [],
      null,
    ]
    for (const other of others) expect(matches(other)).toBe(false)
  })

  it('rejects a long list with one bad entry, past the first 1,000 too', () => {
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      name: `b${i}`,
      unit: 'ms',
      value: i,
    }))
    expect(matches(entries)).toBe(true)
    expect(matches([...entries.slice(0, 10), { name: 'x' }, ...entries.slice(10)])).toBe(false)
    expect(matches([...entries.slice(0, 2000), { name: 'x' }, ...entries.slice(2000)])).toBe(false)
    expect(matches([...entries, { name: 'last', value: 1 }])).toBe(false)
  })
})

describe('customList.read', () => {
  it('reads each entry with its unit, direction and range', () => {
    const reading = read(list)
    expect(reading.warnings).toEqual([])
    expect(reading.records).toBe(12)
    expect(reading.vocabulary).toEqual([])
    const byName = Object.fromEntries(reading.benchmarks.map((b) => [b.name, b]))
    expect(reading.benchmarks).toHaveLength(12)
    expect(byName['parse 1 MiB JSON']).toEqual({
      name: 'parse 1 MiB JSON',
      unit: 'ms',
      direction: 'lower',
      summary: { mean: 12.4, interval: { low: 12.1, high: 12.700000000000001, what: '± range' } },
    })
    expect(byName['cold start']!.summary!.interval).toEqual({
      low: 1.77,
      high: 1.87,
      what: '± range',
    })
    expect(byName['requests']!.summary).toEqual({
      mean: 18250,
      interval: { low: 18247, high: 18253, what: '± range' },
    })
    // ±2% of 41.7 is 0.834
    expect(byName['decode']!.summary!.interval!.low).toBeCloseTo(40.866)
    expect(byName['decode']!.summary!.interval!.high).toBeCloseTo(42.534)
    expect(byName['latency']!.summary).toEqual({
      mean: 85.5,
      interval: { low: 84, high: 87, what: '± range' },
    })
    expect(reading.benchmarks.map((b) => [b.name, b.unit, b.direction])).toEqual([
      ['parse 1 MiB JSON', 'ms', 'lower'],
      ['cold start', 's', 'lower'],
      ['binary size', 'KB', 'lower'],
      ['requests', 'req/s', 'higher'],
      ['decode', 'tok/s', 'higher'],
      ['copy', 'MB/s', 'higher'],
      ['Sort allocs', 'allocs/op', 'lower'],
      ['Render score', 'points', 'higher'],
      ['memory bandwidth', 'GB', 'higher'],
      ['widgets', 'widgets', 'unknown'],
      ['timer', 'Hz', 'higher'],
      ['latency', 'µs', 'lower'],
    ])
    expect(byName['binary size']!.summary).toEqual({ mean: 4120 })
  })

  it('reads a name listed several times as samples, with no summary', () => {
    const reading = read([
      { name: 'fib(30)', unit: 'ms', value: 8.1, range: '± 0.2' },
      { name: 'fib(30)', unit: 'ms', value: 8.3 },
      { name: 'other', unit: 'ops/sec', value: 1200 },
      { name: 'fib(30)', unit: 'ms', value: 7.9 },
    ])
    expect(reading.warnings).toEqual([])
    expect(reading.benchmarks).toEqual([
      { name: 'fib(30)', unit: 'ms', direction: 'lower', samples: [8.1, 8.3, 7.9] },
      { name: 'other', unit: 'ops/sec', direction: 'higher', summary: { mean: 1200 } },
    ])
  })

  it('keeps what it can of a broken list and says what was wrong', () => {
    const reading = read([
      { name: 'good', unit: 'ms', value: 3 },
      { name: 'text value', unit: 'ms', value: '3.5' },
      { name: 'no unit', value: 2 },
      { unit: 'ms', value: 1 },
      { name: 'bad range', unit: 'ms', value: 4, range: 'about two' },
      { name: 'good', unit: 's', value: 0.003 },
      5,
    ])
    expect(reading.records).toBe(7)
    expect(reading.benchmarks).toEqual([
      { name: 'good', unit: 'ms', direction: 'lower', summary: { mean: 3 } },
      { name: 'no unit', unit: '', direction: 'unknown', summary: { mean: 2 } },
      { name: 'bad range', unit: 'ms', direction: 'lower', summary: { mean: 4 } },
    ])
    expect(reading.warnings).toEqual([
      '[1] "text value": value is not a number; dropped',
      '[2] "no unit" has no unit',
      '[3] has no name; skipped',
      '[4] "bad range": range is not "± number"; ignored',
      '[5] "good": unit "s" differs from "ms"; dropped',
      '[6] has no name; skipped',
    ])
  })

  it('never throws on hostile input', () => {
    const hostile: unknown[] = [
      null,
      [],
      { benchmarks: 5 },
      [null, [], 5, 'x'],
      [{ name: 'r', unit: 'ms', value: 1, range: { low: 1 } }],
      [{ name: 'r', unit: 'ms', value: 1, range: '±' + '9'.repeat(10_000) }],
      [{ name: 'n'.repeat(1_000_000), unit: 'u'.repeat(1_000_000), value: 1 }],
      new Array(200_000).fill({ name: 'same', unit: 'ms', value: 1 }),
      new Array(200_000).fill({ name: 'bad', unit: 'ms', value: null }),
    ]
    for (const input of hostile) {
      expect(() => matches(input)).not.toThrow()
      expect(() => read(input)).not.toThrow()
    }
    expect(read(hostile[7]).benchmarks[0]!.samples).toHaveLength(200_000)
    const bad = read(hostile[8])
    expect(bad.benchmarks).toEqual([])
    expect(bad.warnings).toHaveLength(51)
    expect(bad.warnings[50]).toBe('…and 199951 more warnings')
  })
})
