// A benchmark tool's results → metrics. The tool already said what each figure is: its name, unit
// and good direction are kept as the tool gave them, and the statistics come from the samples the
// file kept or, where it kept none, from the tool's own summary (only what it states).
import type { Benchmark, Summary } from '../parse/formats/format.js'
import { MAX_SAMPLES, type Metric, type Stats } from '../report.js'
import { describe } from './stats.js'
import { readMetricName } from './units.js'

export interface BenchmarkFacts {
  metrics: Metric[]
  /** Benchmarks the file named but gave no usable figure for. */
  warnings: string[]
}

export function benchmarkMetrics(file: string, benchmarks: readonly Benchmark[]): BenchmarkFacts {
  const metrics: Metric[] = []
  const warnings: string[] = []
  for (const b of benchmarks) {
    const samples = (b.samples ?? []).filter(Number.isFinite)
    const stats = samples.length > 0 ? describe(samples) : fromSummary(b)
    if (!stats) {
      warnings.push(`${b.name}: no finite value to read`)
      continue
    }
    // A custom list may give a unit no direction can be read from; its name sometimes says.
    const direction =
      b.direction !== 'unknown' ? b.direction : readMetricName(`${b.name} (${b.unit})`).direction
    const metric: Metric = {
      file,
      ...(b.table ? { table: b.table } : {}),
      name: b.name,
      ...(b.unit ? { unit: b.unit } : {}),
      direction,
      ...(b.group && Object.keys(b.group).length > 0 ? { group: b.group } : {}),
      ...stats,
    }
    if (samples.length > 1 && samples.length <= MAX_SAMPLES) metric.samples = samples
    const interval = b.summary?.interval ?? uncountedSpread(b, samples.length)
    if (interval && Number.isFinite(interval.low) && Number.isFinite(interval.high)) {
      metric.interval = { low: interval.low, high: interval.high, what: interval.what }
    }
    metrics.push(metric)
  }
  return { metrics, warnings }
}

/**
 * A spread printed without the number of runs behind it (llama-bench's table: `3512.44 ± 18.02`)
 * cannot be a stddev of known n; it is kept as the range the tool printed, not thrown away.
 */
function uncountedSpread(b: Benchmark, samples: number): Summary['interval'] | undefined {
  const s = b.summary
  if (samples > 0 || !s || s.n !== undefined || s.stddev === undefined || s.mean === undefined) {
    return undefined
  }
  return { low: s.mean - s.stddev, high: s.mean + s.stddev, what: 'mean ± sd as printed' }
}

/**
 * The tool's statistics as it states them. A single figure is one value (n = 1), whatever the tool
 * averaged to get it; a run count without a spread keeps its n and has no stddev.
 */
function fromSummary(b: Benchmark): Stats | undefined {
  const s = b.summary
  if (!s) return undefined
  const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v)
  const figure = finite(s.mean) ? s.mean : finite(s.median) ? s.median : undefined
  if (figure === undefined) return undefined
  const n = finite(s.n) && s.n >= 1 ? Math.round(s.n) : 1
  const stats: Stats = { n, mean: figure }
  if (n === 1) {
    // One value is its own median, minimum and maximum, with no spread.
    return { n, mean: figure, median: figure, min: figure, max: figure, stddev: 0 }
  }
  if (finite(s.median)) stats.median = s.median
  if (finite(s.min)) stats.min = s.min
  if (finite(s.max)) stats.max = s.max
  if (finite(s.stddev) && s.stddev >= 0) stats.stddev = s.stddev
  if (finite(s.p95)) stats.p95 = s.p95
  return stats
}
