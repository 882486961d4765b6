// Julia BenchmarkTools' `BenchmarkTools.save("x.json", values...)`: a two-element array, the
// versions of Julia and BenchmarkTools, then the saved values. Every value is written as
// `[typeName, fields]`: a BenchmarkGroup holds `data` (key → value, nested groups included), a
// Trial holds every sample's time in ns, a TrialEstimate (from `median(results)`, `mean`,
// `minimum`...) holds one time per benchmark. Group keys that are not strings (numbers, tuples)
// are written as Julia prints them (`"10"`, `"(\"a\", 1)"`); we keep them as written.
import type { Benchmark, Format, FormatReading } from './format.js'
import {
  type Fields,
  finite,
  finiteNumbers,
  Found,
  isObject,
  keyOf,
  quote,
  VOCABULARY_LIMIT,
  Warnings,
  WORD_LIMIT,
} from './reading.js'

/** Groups nested deeper than this are skipped: real suites are a few levels deep. */
const MAX_DEPTH = 64

/** `["Trial", {...}]`; releases before 1.0 wrote the qualified `"BenchmarkTools.Trial"`. */
function tagged(value: unknown): { type: string; fields: Fields } | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined
  const [type, fields] = value as unknown[]
  if (typeof type !== 'string' || !isObject(fields)) return undefined
  const prefix = 'BenchmarkTools.'
  return { type: type.startsWith(prefix) ? type.slice(prefix.length) : type, fields }
}

function matches(value: unknown): boolean {
  if (!Array.isArray(value) || value.length !== 2) return false
  const [versions, values] = value as unknown[]
  return (
    isObject(versions) &&
    typeof versions.Julia === 'string' &&
    typeof versions.BenchmarkTools === 'string' &&
    Array.isArray(values)
  )
}

class Reader {
  readonly found = new Found()
  readonly warnings = new Warnings()
  records = 0
  /** Set while reading one of several saved values. */
  table: string | undefined
  private tooDeep = false

  walk(value: unknown, path: string[], depth: number): void {
    const where = path.length > 0 ? path.join('/') : undefined
    const item = tagged(value)
    if (!item) {
      this.warnings.add(`${where ? quote(where) : 'a saved value'}: not a BenchmarkTools value`)
      return
    }
    // A bare Trial saved on its own has no key: it goes by its type's name.
    const name = where ?? item.type
    switch (item.type) {
      case 'BenchmarkGroup':
        return this.group(item.fields, path, depth, name)
      case 'Trial':
        return this.trial(item.fields, name)
      case 'TrialEstimate':
        return this.estimate(item.fields, name)
      case 'Parameters':
      case 'TagFilter':
        return // settings, not measurements
      case 'TrialRatio':
      case 'TrialJudgement':
        this.warnings.add(`${quote(name)}: a ${item.type} compares two runs; skipped`)
        return
      default:
        this.warnings.add(`${quote(name)}: unknown BenchmarkTools type; skipped`)
    }
  }

  private group(fields: Fields, path: string[], depth: number, name: string): void {
    if (!isObject(fields.data)) {
      this.warnings.add(`${quote(name)}: BenchmarkGroup has no data`)
      return
    }
    if (depth >= MAX_DEPTH) {
      if (!this.tooDeep) {
        this.warnings.add(
          `${quote(name)}: groups nested deeper than ${MAX_DEPTH} levels; the deeper ones were skipped`,
        )
      }
      this.tooDeep = true
      return
    }
    for (const [key, child] of Object.entries(fields.data))
      this.walk(child, [...path, key], depth + 1)
  }

  private trial(fields: Fields, name: string): void {
    this.records++
    if (!Array.isArray(fields.times)) {
      this.warnings.add(`${quote(name)}: Trial has no times; dropped`)
    } else {
      const samples = finiteNumbers(fields.times as unknown[])
      const bad = fields.times.length - samples.length
      if (bad > 0) {
        this.warnings.add(
          `${quote(name)}: ${bad} of ${fields.times.length} times are not numbers; dropped`,
        )
      }
      if (samples.length > 0) this.add({ name, unit: 'ns', direction: 'lower', samples })
      else this.warnings.add(`${quote(name)}: Trial has no time samples; dropped`)
    }
    this.extras(fields, name)
  }

  private estimate(fields: Fields, name: string): void {
    this.records++
    // The file does not say which estimator (median, mean, minimum, maximum) made a
    // TrialEstimate, so its time is read as the mean: the one figure stood for the whole trial.
    const time = finite(fields.time)
    if (time !== undefined) {
      this.add({ name, unit: 'ns', direction: 'lower', summary: { mean: time } })
    } else {
      this.warnings.add(`${quote(name)}: TrialEstimate has no time; dropped`)
    }
    this.extras(fields, name)
  }

  /** Bytes allocated and allocations: one figure per trial (the same for every sample). */
  private extras(fields: Fields, name: string): void {
    for (const [key, measure, unit] of [
      ['memory', 'memory', 'B'],
      ['allocs', 'allocs', 'allocs'],
    ] as const) {
      if (!(key in fields)) continue
      const value = finite(fields[key])
      if (value === undefined) {
        this.warnings.add(`${quote(name)}: ${key} is not a number; dropped`)
        continue
      }
      this.add({ name: `${name} ${measure}`, unit, direction: 'lower', summary: { mean: value } })
    }
  }

  /**
   * The same name twice (two saved values, or a key with a `/`): samples merge, else the first
   * stays. Not Found's `merge`: two Trials' samples join silently, and only in the same unit;
   * anything else that repeats is dropped with a warning.
   */
  private add(benchmark: Benchmark): void {
    if (this.table !== undefined) benchmark.table = this.table
    const key = keyOf(this.table, benchmark.name)
    const first = this.found.get(key)
    if (!first) {
      this.found.add(key, benchmark)
    } else if (first.samples && benchmark.samples && first.unit === benchmark.unit) {
      for (const v of benchmark.samples) first.samples.push(v)
    } else {
      this.warnings.add(`${quote(benchmark.name)}: appears twice; the later one was dropped`)
    }
  }
}

function vocabularyOf(versions: Fields): string[] {
  const words: string[] = []
  for (const [key, value] of Object.entries(versions)) {
    if (words.length >= VOCABULARY_LIMIT) break
    if (key.length <= WORD_LIMIT) words.push(key)
    if (typeof value === 'string' && value.length <= WORD_LIMIT) words.push(value)
  }
  return words.slice(0, VOCABULARY_LIMIT)
}

function read(value: unknown): FormatReading {
  if (!matches(value)) {
    return {
      benchmarks: [],
      warnings: ['not a BenchmarkTools file: expected [versions, values]'],
      vocabulary: [],
      records: 0,
    }
  }
  const [versions, values] = value as [Fields, unknown[]]
  const reader = new Reader()
  // Several saved values can reuse names: each is then its own table.
  for (let i = 0; i < values.length; i++) {
    reader.table = values.length > 1 ? `value ${i + 1}` : undefined
    reader.walk(values[i], [], 0)
  }
  const { found, warnings, records } = reader
  if (found.benchmarks.length === 0)
    warnings.add('no Trial or TrialEstimate with a time in the file')
  return found.reading(warnings, vocabularyOf(versions), records)
}

export const juliaBenchmarkTools: Format = {
  id: 'julia-benchmarktools',
  label: 'Julia BenchmarkTools',
  json: { matches, read },
}
