// BenchmarkDotNet's JSON exporters (brief and full, indented or compressed): `HostEnvironmentInfo`
// describing the machine and runtime, and one entry per benchmark case with its `Statistics` in
// nanoseconds per operation over the workload's result iterations (StandardDeviation is the sample
// standard deviation), `Percentiles`, a `ConfidenceInterval`, the `Memory` diagnoser's figures when
// it ran, and in the full exporter every iteration in `Measurements`.
import type { Benchmark, Format, FormatReading, Summary } from './format.js'
import {
  addWord,
  ENTRY_LIMIT,
  type Fields,
  finite,
  finiteNumbers,
  Found,
  isObject,
  keyOf,
  NAME_LIMIT,
  quote,
  SAMPLE_LIMIT,
  text,
  VOCABULARY_LIMIT,
  Warnings,
} from './reading.js'

const PARAMETER_LIMIT = 50

function isCase(value: unknown): boolean {
  return isObject(value) && (isObject(value.Statistics) || typeof value.Method === 'string')
}

function matches(value: unknown): boolean {
  if (!isObject(value) || !Array.isArray(value.Benchmarks)) return false
  const first: unknown = value.Benchmarks[0]
  if (isObject(value.HostEnvironmentInfo)) return first === undefined || isCase(first)
  return isObject(first) && isObject(first.Statistics) && typeof first.Method === 'string'
}

// The ConfidenceLevel enum, serialized by its index: L50, L70, … L999 (the default), … L999999.
const LEVELS = [
  '50%',
  '70%',
  '75%',
  '80%',
  '85%',
  '90%',
  '92%',
  '95%',
  '96%',
  '97%',
  '98%',
  '99%',
  '99.9%',
  '99.99%',
  '99.999%',
  '99.9999%',
]

/** `12` or `"L999"` → `99.9%`; `0.95` → `95%`. */
function levelOf(level: unknown): string | undefined {
  if (typeof level === 'number') {
    if (Number.isInteger(level) && level >= 0 && level < LEVELS.length) return LEVELS[level]
    if (level > 0 && level < 1) return `${Number((level * 100).toPrecision(6))}%`
    return undefined
  }
  if (typeof level !== 'string' || level.length > 12) return undefined
  const digits = /^L(\d{2,})$/.exec(level)?.[1]
  if (digits === undefined) return undefined
  return digits.length === 2 ? `${digits}%` : `${digits.slice(0, 2)}.${digits.slice(2)}%`
}

/** What BenchmarkDotNet's FullName is: `Namespace.Type.Method(A: 1, B: 2)`, from its parts. */
function composedName(entry: Fields): string | undefined {
  const type = text(entry.Type)
  const method = text(entry.Method)
  if (type === undefined || method === undefined) return undefined
  const namespace = text(entry.Namespace)
  const base = namespace ? `${namespace}.${type}.${method}` : `${type}.${method}`
  const parameters = text(entry.Parameters)
  if (parameters === undefined || parameters.length > NAME_LIMIT) return base
  const pairs = parameters
    .split('&', PARAMETER_LIMIT)
    .map((pair) => pair.replace('=', ': '))
    .join(', ')
  return `${base}(${pairs})`
}

/** `IntroBasic.Sleep: Job-ABC(Runtime=.NET 8.0) [N=10]` → `Job-ABC(Runtime=.NET 8.0)`. */
function jobOf(entry: Fields): string | undefined {
  const info = text(entry.DisplayInfo)
  if (info === undefined || info.length > NAME_LIMIT) return undefined
  const start = info.indexOf(': ')
  if (start < 0) return undefined
  let job = info.slice(start + 2)
  if (job.endsWith(']')) {
    const bracket = job.lastIndexOf(' [')
    if (bracket >= 0) job = job.slice(0, bracket)
  }
  return job.trim() || undefined
}

interface Named {
  entry: Fields
  name: string
  job: string | undefined
}

class Reader {
  readonly found = new Found()
  readonly warnings = new Warnings()

  name(entry: unknown, index: number): Named | undefined {
    if (!isObject(entry)) {
      this.warnings.add(`Benchmarks[${index}] is not an object; skipped`)
      return undefined
    }
    const name = text(entry.FullName) ?? composedName(entry)
    if (name === undefined || name.length > NAME_LIMIT) {
      this.warnings.add(`Benchmarks[${index}] has no usable FullName, Type or Method; skipped`)
      return undefined
    }
    return { entry, name, job: jobOf(entry) }
  }

  /** `table` is the job, when the same method ran under several (runtimes, configurations). */
  case({ entry, name }: Named, table: string | undefined): void {
    const stats = entry.Statistics
    if (!isObject(stats)) {
      this.warnings.add(`${quote(name)} has no Statistics (the benchmark may have failed); dropped`)
      return
    }
    const samples = this.measurements(entry, stats, name)
    const summary = summaryOf(stats)
    if (!samples && summary.mean === undefined && summary.median === undefined) {
      this.warnings.add(`${quote(name)} has no Mean, Median or measurements; dropped`)
      return
    }
    const key = keyOf(table, name)
    // A repeat: its measurements join the first's, whose statistics then describe only the first
    // entry's iterations and go.
    if (this.found.merge(key, samples)) {
      this.warnings.add(`${quote(name)} appears more than once; its measurements were merged`)
      return
    }
    const primary: Benchmark = { name, unit: 'ns', direction: 'lower', summary }
    if (table) primary.table = table
    if (samples) primary.samples = samples
    this.found.add(key, primary)
    const memory = entry.Memory
    const allocated = isObject(memory) ? finite(memory.BytesAllocatedPerOperation) : undefined
    if (allocated === undefined) return
    const bytes: Benchmark = {
      name: `${name} allocated`,
      unit: 'B/op',
      direction: 'lower',
      summary: { mean: allocated },
    }
    if (table) bytes.table = table
    this.found.add(keyOf(table, name, 'allocated'), bytes)
  }

  /**
   * The workload's result iterations (after overhead subtraction and outlier removal: what the
   * Statistics are over), per operation; without Measurements (the brief exporter), the
   * Statistics' own OriginalValues, which are the same values.
   */
  private measurements(entry: Fields, stats: Fields, name: string): number[] | undefined {
    const samples: number[] = []
    if (Array.isArray(entry.Measurements)) {
      const list = entry.Measurements as unknown[]
      const end = Math.min(list.length, SAMPLE_LIMIT)
      let bad = 0
      for (let i = 0; i < end; i++) {
        const m = list[i]
        if (!isObject(m) || m.IterationMode !== 'Workload' || m.IterationStage !== 'Result')
          continue
        const ns = finite(m.Nanoseconds)
        const ops = finite(m.Operations)
        if (ns === undefined || ops === undefined || ops <= 0) bad++
        else samples.push(ns / ops)
      }
      if (bad > 0) {
        this.warnings.add(
          `${quote(name)}: ${bad} result measurement(s) without Nanoseconds or Operations`,
        )
      }
      if (list.length > end) {
        this.warnings.add(`${quote(name)}: only the first ${end} measurements read`)
      }
      if (samples.length > 0) return samples
    }
    if (!Array.isArray(stats.OriginalValues)) return undefined
    const values = stats.OriginalValues as unknown[]
    const original = finiteNumbers(values, Math.min(values.length, SAMPLE_LIMIT))
    return original.length > 0 ? original : undefined
  }
}

function summaryOf(stats: Fields): Summary {
  const summary: Summary = {}
  const pairs = [
    ['n', stats.N],
    ['mean', stats.Mean],
    ['median', stats.Median],
    ['min', stats.Min],
    ['max', stats.Max],
    ['stddev', stats.StandardDeviation],
    ['p95', isObject(stats.Percentiles) ? stats.Percentiles.P95 : undefined],
  ] as const
  for (const [key, raw] of pairs) {
    const v = finite(raw)
    if (v !== undefined) summary[key] = v
  }
  const ci = stats.ConfidenceInterval
  if (isObject(ci)) {
    const low = finite(ci.Lower)
    const high = finite(ci.Upper)
    const level = levelOf(ci.Level)
    if (low !== undefined && high !== undefined) {
      summary.interval = { low, high, what: level ? `${level} CI` : 'CI' }
    }
  }
  return summary
}

/** HostEnvironmentInfo's keys and short text values: OS, CPU, runtime, architecture, versions. */
function vocabularyOf(value: unknown): string[] {
  const info = isObject(value) ? value.HostEnvironmentInfo : undefined
  if (!isObject(info)) return []
  const words = new Set<string>(['HostEnvironmentInfo'])
  let count = 0
  for (const key in info) {
    if (count++ >= VOCABULARY_LIMIT || words.size >= VOCABULARY_LIMIT - 1) break
    words.add(key)
    addWord(words, info[key])
  }
  return [...words]
}

function read(value: unknown): FormatReading {
  const reader = new Reader()
  const entries: unknown = isObject(value) ? value.Benchmarks : undefined
  if (!Array.isArray(entries)) {
    return { benchmarks: [], warnings: ['no Benchmarks array'], vocabulary: [], records: 0 }
  }
  const end = Math.min(entries.length, ENTRY_LIMIT)
  const named: Named[] = []
  for (let i = 0; i < end; i++) {
    const n = reader.name(entries[i], i)
    if (n) named.push(n)
  }
  // The same FullName under several jobs is told apart by the job, as BenchmarkDotNet's table does.
  const count = new Map<string, number>()
  for (const n of named) count.set(n.name, (count.get(n.name) ?? 0) + 1)
  for (const n of named) reader.case(n, count.get(n.name)! > 1 ? n.job : undefined)
  const { found, warnings } = reader
  if (entries.length > end) warnings.add(`only the first ${end} of ${entries.length} entries read`)
  if (end > 0 && found.benchmarks.length === 0) warnings.add('no benchmark with a time')
  return found.reading(warnings, vocabularyOf(value), end)
}

export const benchmarkDotNet: Format = {
  id: 'benchmarkdotnet',
  label: 'BenchmarkDotNet',
  json: { matches, read },
}
