import { describe, expect, it } from '@jest/globals'
import { isTiming, readMetricName } from '../../src/facts/units.js'

describe('a metric name says its unit and which way is better', () => {
  it.each([
    ['tokens_per_second', 'tok/s', 'higher'],
    ['tokens_per_sec', 'tok/s', 'higher'],
    ['tok/s', 'tok/s', 'higher'],
    ['eval_rate', 'tok/s', 'higher'],
    ['throughput', undefined, 'higher'],
    ['requests_per_sec', 'req/s', 'higher'],
    ['gflops', 'GFLOP/s', 'higher'],
    ['GFLOP/s', 'GFLOP/s', 'higher'],
    ['results.tokens_per_sec.mean', 'tok/s', 'higher'],
    ['ttft_ms', 'ms', 'lower'],
    ['TTFT (ms)', 'ms', 'lower'],
    ['latency', undefined, 'lower'],
    ['p95_latency_ms', 'ms', 'lower'],
    ['duration', undefined, 'lower'],
    ['total_duration_s', 's', 'lower'],
    ['time_us', 'µs', 'lower'],
    ['vram_mb', 'MB', 'lower'],
    ['ttft_ms.p95', 'ms', 'lower'],
    ['eval_count', undefined, 'unknown'],
    ['tokens_per_sec_stddev', 'tok/s', 'unknown'],
    ['accuracy', undefined, 'higher'],
  ])('%s → %s, %s', (name, unit, direction) => {
    const reading = readMetricName(name)
    expect(reading.unit).toBe(unit)
    expect(reading.direction).toBe(direction)
  })

  it('knows a timing metric from its name or unit', () => {
    expect(isTiming('ttft', undefined)).toBe(true)
    expect(isTiming('compile', 's')).toBe(true)
    expect(isTiming('tokens_per_sec', 'tok/s')).toBe(false)
  })
})
