// JMH's `-rf json`: an array with one entry per benchmark method, mode and parameter set. The
// `primaryMetric` holds JMH's score (the mean over every measurement iteration of every fork), its
// `scoreConfidence` (JMH's 99.9% confidence interval), `scorePercentiles` over the same iterations,
// the `scoreUnit`, and every iteration's score in `rawData` (one list per fork) or, in sample mode,
// a histogram per fork and iteration in `rawDataHistogram` (`[value, count]` pairs).
// `secondaryMetrics` (profilers such as `-prof gc`, @AuxCounters, @Group members) share the shape.
import type { Direction } from '../../report.js'
import type { Benchmark, Format, FormatReading, Summary } from './format.js'
import {
  addWord,
  ENTRY_LIMIT,
  type Fields,
  finite,
  Found,
  isObject,
  keyOf,
  NAME_LIMIT,
  quote,
  SAMPLE_LIMIT,
  text,
  Warnings,
  WORD_LIMIT,
} from './reading.js'

const SECONDARY_LIMIT = 100
const GROUP_LIMIT = 50

function matches(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false
  const first: unknown = value[0]
  return (
    isObject(first) &&
    typeof first.benchmark === 'string' &&
    typeof first.mode === 'string' &&
    isObject(first.primaryMetric)
  )
}

/** Throughput is better higher; average time, sampled time and single-shot time lower. */
function primaryDirection(mode: string, unit: string): Direction {
  if (mode === 'thrpt') return 'higher'
  if (mode === 'avgt' || mode === 'sample' || mode === 'ss') return 'lower'
  return unitDirection(unit)
}

function unitDirection(unit: string): Direction {
  if (unit.endsWith('/op')) return 'lower' // time, bytes or events per operation
  if (unit.startsWith('ops/')) return 'higher'
  return 'unknown'
}

/**
 * Per-operation figures (`gc.alloc.rate.norm` in B/op, perfnorm's `#/op`) are better lower and
 * operation rates (@Group members, @AuxCounters) higher; the gc profiler's other figures (an
 * allocation rate in MB/sec, collection counts and times) are neither good nor bad in themselves.
 */
function secondaryDirection(label: string, unit: string): Direction {
  if (unit.endsWith('/op')) return 'lower'
  if (label.replace(/^[·:]+/, '').startsWith('gc.')) return 'unknown'
  return unitDirection(unit)
}

function groupOf(params: unknown): Record<string, string> | undefined {
  if (!isObject(params)) return undefined
  const group: Record<string, string> = {}
  let count = 0
  for (const key in params) {
    if (count++ >= GROUP_LIMIT) break
    if (key === '__proto__' || key.length > WORD_LIMIT) continue
    const value = params[key]
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      group[key] = String(value).slice(0, NAME_LIMIT)
    }
  }
  return Object.keys(group).length > 0 ? group : undefined
}

function groupKey(group: Record<string, string> | undefined): string {
  if (!group) return ''
  return JSON.stringify(Object.entries(group).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

interface Where {
  table: string | undefined
  group: Record<string, string> | undefined
}

class Reader {
  readonly found = new Found()
  readonly warnings = new Warnings()

  entry(entry: Fields, name: string, mode: string, table: string | undefined): void {
    const where: Where = { table, group: groupOf(entry.params) }
    this.metric(name, entry.primaryMetric as Fields, where, (unit) => primaryDirection(mode, unit))
    const secondary = entry.secondaryMetrics
    if (!isObject(secondary)) return
    let count = 0
    for (const label in secondary) {
      if (count++ >= SECONDARY_LIMIT) {
        this.warnings.add(
          `${quote(name)}: only the first ${SECONDARY_LIMIT} secondary metrics read`,
        )
        break
      }
      const metric = secondary[label]
      const full = `${name} ${label}`
      if (!isObject(metric) || full.length > NAME_LIMIT) {
        this.warnings.add(`${quote(full)} is not a metric; skipped`)
        continue
      }
      this.metric(full, metric, where, (unit) => secondaryDirection(label, unit))
    }
  }

  private metric(
    name: string,
    metric: Fields,
    where: Where,
    direction: (unit: string) => Direction,
  ): void {
    let unit = text(metric.scoreUnit)
    if (unit === undefined) {
      this.warnings.add(`${quote(name)} has no scoreUnit`)
      unit = ''
    }
    const raw = this.raw(metric, name)
    const summary = summaryOf(metric, raw?.n)
    if (!raw?.samples && summary.mean === undefined) {
      this.warnings.add(`${quote(name)} has no score and no raw data; dropped`)
      return
    }
    const key = keyOf(where.table, name, groupKey(where.group))
    // The same benchmark, mode and parameters twice (two runs in one file).
    if (this.found.merge(key, raw?.samples)) {
      this.warnings.add(
        `${quote(name)} appears more than once with the same mode and params; merged`,
      )
      return
    }
    const benchmark: Benchmark = { name, unit, direction: direction(unit), summary }
    if (where.table) benchmark.table = where.table
    if (raw?.samples) benchmark.samples = raw.samples
    if (where.group) benchmark.group = where.group
    this.found.add(key, benchmark)
  }

  /** Every iteration's score, all forks in order; or a sample-mode histogram, expanded. */
  private raw(metric: Fields, name: string): { samples?: number[]; n: number } | undefined {
    if (Array.isArray(metric.rawData)) return this.rawData(metric.rawData as unknown[], name)
    if (Array.isArray(metric.rawDataHistogram)) {
      return this.histogram(metric.rawDataHistogram as unknown[], name)
    }
    return undefined
  }

  private rawData(forks: unknown[], name: string): { samples?: number[]; n: number } {
    const samples: number[] = []
    let bad = 0
    let seen = 0
    for (const fork of forks) {
      if (!Array.isArray(fork)) {
        bad++
        continue
      }
      for (const score of fork as unknown[]) {
        if (++seen > SAMPLE_LIMIT) break
        const v = finite(score)
        if (v === undefined) bad++
        else samples.push(v)
      }
      if (seen > SAMPLE_LIMIT) {
        this.warnings.add(`${quote(name)}: only the first ${SAMPLE_LIMIT} raw scores read`)
        break
      }
    }
    if (bad > 0) this.warnings.add(`${quote(name)}: ${bad} raw score(s) are not numbers`)
    return samples.length > 0 ? { samples, n: samples.length } : { n: 0 }
  }

  private histogram(forks: unknown[], name: string): { samples?: number[]; n: number } {
    const bins: Array<[number, number]> = []
    let total = 0
    let bad = 0
    let visited = 0
    for (const fork of forks) {
      if (!Array.isArray(fork)) continue
      for (const iteration of fork as unknown[]) {
        if (!Array.isArray(iteration)) continue
        for (const bin of iteration as unknown[]) {
          if (++visited > SAMPLE_LIMIT) break
          const value = Array.isArray(bin) ? finite(bin[0]) : undefined
          const count = Array.isArray(bin) ? finite(bin[1]) : undefined
          if (value === undefined || count === undefined || count < 0 || !Number.isInteger(count)) {
            bad++
            continue
          }
          bins.push([value, count])
          total += count
        }
      }
    }
    if (bad > 0) {
      this.warnings.add(`${quote(name)}: ${bad} histogram bin(s) are not [value, count]`)
    }
    if (visited > SAMPLE_LIMIT || total > SAMPLE_LIMIT) {
      this.warnings.add(
        `${quote(name)}: the histogram is too large to expand; its samples are not read`,
      )
      return { n: total }
    }
    const samples: number[] = []
    for (const [value, count] of bins) for (let i = 0; i < count; i++) samples.push(value)
    return samples.length > 0 ? { samples, n: total } : { n: 0 }
  }
}

function summaryOf(metric: Fields, n: number | undefined): Summary {
  const summary: Summary = {}
  if (n !== undefined && n > 0) summary.n = n
  const score = finite(metric.score)
  if (score !== undefined) summary.mean = score
  const percentiles = metric.scorePercentiles
  if (isObject(percentiles)) {
    const pairs = [
      ['min', '0.0'],
      ['median', '50.0'],
      ['p95', '95.0'],
      ['max', '100.0'],
    ] as const
    for (const [key, at] of pairs) {
      const v = finite(percentiles[at])
      if (v !== undefined) summary[key] = v
    }
  }
  // JMH writes a NaN as the string "NaN" (a single iteration has no error): `finite` reads it as
  // missing.
  const ci = metric.scoreConfidence
  if (Array.isArray(ci)) {
    const low = finite(ci[0])
    const high = finite(ci[1])
    if (low !== undefined && high !== undefined) summary.interval = { low, high, what: '99.9% CI' }
  }
  return summary
}

const DESCRIBING = ['jmhVersion', 'jdkVersion', 'vmName', 'vmVersion', 'jvm'] as const

/** The JVM and JMH each entry ran on: versions, VM name, java path and short JVM arguments. */
function vocabularyOf(entries: unknown[]): string[] {
  const words = new Set<string>()
  const add = (value: unknown): void => addWord(words, value)
  // Entries of one run share these; a few are enough to see every JVM a merged file ran on.
  const end = Math.min(entries.length, 20)
  for (let i = 0; i < end; i++) {
    const entry = entries[i]
    if (!isObject(entry)) continue
    for (const key of DESCRIBING) {
      if (key in entry) add(key)
      add(entry[key])
    }
    if (Array.isArray(entry.jvmArgs)) {
      const args = entry.jvmArgs as unknown[]
      for (let j = 0; j < Math.min(args.length, 20); j++) add(args[j])
    }
  }
  return [...words]
}

function read(value: unknown): FormatReading {
  const reader = new Reader()
  if (!Array.isArray(value)) {
    return { benchmarks: [], warnings: ['not a JMH results array'], vocabulary: [], records: 0 }
  }
  const end = Math.min(value.length, ENTRY_LIMIT)
  const valid: Array<{ entry: Fields; name: string; mode: string }> = []
  const modes = new Map<string, Set<string>>()
  for (let i = 0; i < end; i++) {
    const entry: unknown = value[i]
    const name = isObject(entry) ? text(entry.benchmark) : undefined
    if (!isObject(entry) || name === undefined || name.length > NAME_LIMIT) {
      reader.warnings.add(`entry ${i} has no usable benchmark name; skipped`)
      continue
    }
    if (!isObject(entry.primaryMetric)) {
      reader.warnings.add(`${quote(name)} has no primaryMetric; dropped`)
      continue
    }
    const mode = text(entry.mode) ?? ''
    if (mode === '') reader.warnings.add(`${quote(name)} has no mode`)
    valid.push({ entry, name, mode })
    const seen = modes.get(name) ?? new Set<string>()
    seen.add(mode)
    modes.set(name, seen)
  }
  // One method run in several modes is told apart by the mode, as JMH's own table does.
  for (const { entry, name, mode } of valid) {
    const table = modes.get(name)!.size > 1 && mode !== '' ? mode : undefined
    reader.entry(entry, name, mode, table)
  }
  const { found, warnings } = reader
  if (value.length > end) warnings.add(`only the first ${end} of ${value.length} entries read`)
  if (end > 0 && found.benchmarks.length === 0) warnings.add('no benchmark with a score')
  return found.reading(warnings, vocabularyOf(value), end)
}

export const jmh: Format = { id: 'jmh', label: 'JMH', json: { matches, read } }
