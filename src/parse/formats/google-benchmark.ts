// Google Benchmark's `--benchmark_format=json` (or `--benchmark_out`): a `context` describing the
// machine and build, and one row per run. An `iteration` row is one repetition: real_time and
// cpu_time per iteration in `time_unit`, and the user counters (items_per_second, bytes_per_second,
// and any the benchmark set). With `--benchmark_repetitions`, `aggregate` rows follow, named
// `<run_name>_mean` / `_median` / `_stddev` / `_cv`, with the same fields over the repetitions.
// The library's stddev is the sample standard deviation; cv is a ratio, not a time, so it is not
// read. Complexity rows (`_BigO`, `_RMS`) are fits, not measurements, and are not read either.
import type { Direction } from '../../report.js'
import type { Benchmark, Format, FormatReading, Summary } from './format.js'
import {
  addWord,
  clip,
  ENTRY_LIMIT,
  type Fields,
  finite,
  isObject,
  NAME_LIMIT,
  quote,
  text,
  VOCABULARY_LIMIT,
  Warnings,
} from './reading.js'

const COUNTER_LIMIT = 100
const MESSAGE_LIMIT = 200

// Fields of a row that are not measures (the rest are user counters).
const NOT_COUNTERS = new Set([
  'name',
  'family_index',
  'per_family_instance_index',
  'run_name',
  'run_type',
  'repetitions',
  'repetition_index',
  'threads',
  'iterations',
  'real_time',
  'cpu_time',
  'time_unit',
  'aggregate_name',
  'aggregate_unit',
  'error_occurred',
  'error_message',
  'skipped',
  'skip_message',
  'label',
  'big_o',
  'cpu_coefficient',
  'real_coefficient',
  'rms',
])

// The counters the library itself names (SetItemsProcessed, SetBytesProcessed, the memory
// manager); any other counter is the benchmark's own and its JSON says neither unit nor meaning.
const KNOWN_COUNTERS: Record<string, { unit: string; direction: Direction }> = {
  items_per_second: { unit: 'items/s', direction: 'higher' },
  bytes_per_second: { unit: 'B/s', direction: 'higher' },
  allocs_per_iter: { unit: 'allocs/iter', direction: 'lower' },
  max_bytes_used: { unit: 'B', direction: 'lower' },
  total_allocated_bytes: { unit: 'B', direction: 'lower' },
  net_heap_growth: { unit: 'B', direction: 'lower' },
}

const STATISTICS = new Set(['mean', 'median', 'stddev'])
const AGGREGATE_SUFFIXES = ['mean', 'median', 'stddev', 'cv']

function matches(value: unknown): boolean {
  if (!isObject(value) || !isObject(value.context) || !Array.isArray(value.benchmarks)) return false
  const context = value.context
  const first: unknown = value.benchmarks[0]
  const row =
    isObject(first) &&
    typeof first.name === 'string' &&
    ('run_type' in first || 'real_time' in first || 'error_occurred' in first)
  const described =
    'num_cpus' in context ||
    'mhz_per_cpu' in context ||
    'library_build_type' in context ||
    'caches' in context
  if (described) return first === undefined || row
  return row && 'time_unit' in (first as Fields) && 'iterations' in (first as Fields)
}

interface Measure {
  name: string
  unit: string
  direction: Direction
  samples: number[]
  summary: Summary
}

type Kind = 'sample' | 'mean' | 'median' | 'stddev'

// Not reading.ts's Found: a run's repetitions and its aggregate rows are one benchmark's samples
// and statistics, met in any order, rather than repeats to merge.
class Reader {
  readonly warnings = new Warnings()
  private readonly measures = new Map<string, Measure>()

  benchmarks(): Benchmark[] {
    const benchmarks: Benchmark[] = []
    for (const m of this.measures.values()) {
      const benchmark: Benchmark = { name: m.name, unit: m.unit, direction: m.direction }
      if (m.samples.length > 0) benchmark.samples = m.samples
      const aggregated = Object.keys(m.summary).length > 0
      if (aggregated) benchmark.summary = m.summary
      // A single run's real_time is the library's mean over its iterations.
      else if (m.samples.length === 1) benchmark.summary = { mean: m.samples[0]! }
      benchmarks.push(benchmark)
    }
    return benchmarks
  }

  row(row: unknown, index: number): void {
    if (!isObject(row)) {
      this.warnings.add(`benchmarks[${index}] is not an object; skipped`)
      return
    }
    const name = text(row.name)
    if (name === undefined || name.length > NAME_LIMIT) {
      this.warnings.add(`benchmarks[${index}] has no usable name; skipped`)
      return
    }
    if (row.error_occurred === true || row.skipped === true) {
      const message = text(row.error_message) ?? text(row.skip_message) ?? 'no message'
      const what = row.error_occurred === true ? 'failed' : 'was skipped'
      this.warnings.add(`${quote(name)} ${what}: ${clip(message, MESSAGE_LIMIT)}; dropped`)
      return
    }
    const kind = kindOf(row, name)
    if (kind === undefined) return
    const run = runNameOf(row, name, kind)
    const n = kind === 'sample' ? undefined : finite(row.repetitions)
    const timeUnit = text(row.time_unit) ?? 'ns' // the library's default unit
    const real = finite(row.real_time)
    if (real === undefined) this.warnings.add(`${quote(name)} has no real_time; dropped`)
    else this.add(run, '', timeUnit, 'lower', real, kind, n)
    const cpu = finite(row.cpu_time)
    if (cpu !== undefined) this.add(run, 'cpu_time', timeUnit, 'lower', cpu, kind, n)
    this.counters(row, run, kind, n)
  }

  private counters(row: Fields, run: string, kind: Kind, n: number | undefined): void {
    let count = 0
    for (const key in row) {
      if (NOT_COUNTERS.has(key)) continue
      if (count++ >= COUNTER_LIMIT) break
      const value = finite(row[key])
      if (value === undefined) continue
      const known = Object.hasOwn(KNOWN_COUNTERS, key) ? KNOWN_COUNTERS[key] : undefined
      this.add(run, key, known?.unit ?? 'count', known?.direction ?? 'unknown', value, kind, n)
    }
  }

  private add(
    run: string,
    measure: string,
    unit: string,
    direction: Direction,
    value: number,
    kind: Kind,
    n: number | undefined,
  ): void {
    const key = `${run}\u0000${measure}`
    let m = this.measures.get(key)
    if (!m) {
      const name = measure === '' ? run : `${run} ${measure}`
      m = { name, unit, direction, samples: [], summary: {} }
      this.measures.set(key, m)
    } else if (m.unit !== unit) {
      this.warnings.add(
        `${quote(m.name)} is in ${m.unit} and also in ${unit}; the ${unit} value dropped`,
      )
      return
    }
    if (kind === 'sample') {
      m.samples.push(value)
      return
    }
    m.summary[kind] = value
    if (n !== undefined && n > 0) m.summary.n = n
  }
}

/** A repetition, one of the statistics read, or undefined for rows that hold no time. */
function kindOf(row: Fields, name: string): Kind | undefined {
  if (row.run_type !== 'aggregate') return 'sample'
  if (row.aggregate_unit === 'percentage') return undefined
  const aggregate =
    text(row.aggregate_name) ?? AGGREGATE_SUFFIXES.find((s) => name.endsWith(`_${s}`))
  return aggregate !== undefined && STATISTICS.has(aggregate) ? (aggregate as Kind) : undefined
}

/** `BM_Sort/1024/repeats:3_mean` → `BM_Sort/1024/repeats:3`: the run its statistics are over. */
function runNameOf(row: Fields, name: string, kind: Kind): string {
  const run = text(row.run_name)
  if (run !== undefined && run.length <= NAME_LIMIT) return run
  if (kind !== 'sample' && name.endsWith(`_${kind}`)) return name.slice(0, -kind.length - 1)
  return name
}

/** context's keys and short text values (host, executable, build type, library version). */
function vocabularyOf(value: unknown): string[] {
  const words = new Set<string>()
  const context = isObject(value) ? value.context : undefined
  if (!isObject(context)) return []
  words.add('context')
  let count = 0
  for (const key in context) {
    if (count++ >= VOCABULARY_LIMIT || words.size >= VOCABULARY_LIMIT - 1) break
    addWord(words, key)
    if (key !== 'date') addWord(words, context[key])
  }
  return [...words]
}

function read(value: unknown): FormatReading {
  const reader = new Reader()
  const rows: unknown = isObject(value) ? value.benchmarks : undefined
  if (!Array.isArray(rows)) {
    return { benchmarks: [], warnings: ['no benchmarks array'], vocabulary: [], records: 0 }
  }
  const end = Math.min(rows.length, ENTRY_LIMIT)
  for (let i = 0; i < end; i++) reader.row(rows[i], i)
  if (rows.length > end) reader.warnings.add(`only the first ${end} of ${rows.length} rows read`)
  const benchmarks = reader.benchmarks()
  const warnings = reader.warnings.close()
  // This one comes after the count of warnings left out, and is never left out itself.
  if (end > 0 && benchmarks.length === 0) warnings.push('no benchmark with a time')
  return { benchmarks, warnings, vocabulary: vocabularyOf(value), records: end }
}

export const googleBenchmark: Format = {
  id: 'google-benchmark',
  label: 'Google Benchmark',
  json: { matches, read },
}
