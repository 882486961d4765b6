// pytest-benchmark's `--benchmark-json` file: `machine_info` and `commit_info` describing the run,
// and one entry per benchmark with its `stats` in seconds per call (min, max, mean, stddev, median,
// rounds, ops = 1 / mean) and, with `--benchmark-save-data`, every round's time in `stats.data`.
// pytest-benchmark computes stddev with Python's statistics.stdev: the sample standard deviation.
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

function isEntry(value: unknown): boolean {
  return (
    isObject(value) && isObject(value.stats) && 'rounds' in value.stats && 'mean' in value.stats
  )
}

function matches(value: unknown): boolean {
  if (!isObject(value) || !Array.isArray(value.benchmarks)) return false
  const first: unknown = value.benchmarks[0]
  // machine_info is what every pytest-benchmark file starts with; without it, the entries'
  // own shape (fullname beside stats with rounds) has to say so.
  if (isObject(value.machine_info)) return first === undefined || isEntry(first)
  return isEntry(first) && typeof (first as Fields).fullname === 'string'
}

class Reader {
  readonly found = new Found()
  readonly warnings = new Warnings()

  entry(entry: unknown, index: number): void {
    if (!isObject(entry)) {
      this.warnings.add(`benchmarks[${index}] is not an object; skipped`)
      return
    }
    const name = text(entry.fullname) ?? text(entry.name)
    if (name === undefined) {
      this.warnings.add(`benchmarks[${index}] has no fullname or name; skipped`)
      return
    }
    if (name.length > NAME_LIMIT) {
      this.warnings.add(`benchmarks[${index}] has a name ${name.length} characters long; skipped`)
      return
    }
    const table = text(entry.group)
    const stats = entry.stats
    if (!isObject(stats)) {
      this.warnings.add(`${quote(name)} has no stats; dropped`)
      return
    }
    const samples = this.data(stats, name)
    const summary = summaryOf(stats)
    const timed = ['mean', 'median', 'min', 'max'].some((key) => key in summary)
    if (!samples && !timed) {
      this.warnings.add(`${quote(name)} has no time in its stats; dropped`)
      return
    }
    const key = keyOf(table, name)
    // The same test twice (two runs concatenated): its rounds join the first's.
    if (this.found.merge(key, samples)) {
      this.warnings.add(`${quote(name)} appears more than once; its rounds were merged`)
      return
    }
    const primary: Benchmark = { name, unit: 's', direction: 'lower', summary }
    if (table) primary.table = table
    if (samples) primary.samples = samples
    this.found.add(key, primary)
    const ops = finite(stats.ops)
    if (ops === undefined) return
    const rate: Benchmark = {
      name: `${name} ops`,
      unit: 'ops/s',
      direction: 'higher',
      // 1 / mean: a figure over the same rounds as the time, with no spread of its own.
      summary: summary.n === undefined ? { mean: ops } : { n: summary.n, mean: ops },
    }
    if (table) rate.table = table
    this.found.add(keyOf(table, name, 'ops'), rate)
  }

  private data(stats: Fields, name: string): number[] | undefined {
    if (!Array.isArray(stats.data)) return undefined
    const data = stats.data as unknown[]
    const end = Math.min(data.length, SAMPLE_LIMIT)
    const samples = finiteNumbers(data, end)
    const bad = end - samples.length
    if (bad > 0) {
      this.warnings.add(`${quote(name)}: ${bad} of ${end} stats.data values are not numbers`)
    }
    if (data.length > end) {
      this.warnings.add(`${quote(name)}: only the first ${end} stats.data values read`)
    }
    return samples.length > 0 ? samples : undefined
  }
}

function summaryOf(stats: Fields): Summary {
  const summary: Summary = {}
  const rounds = finite(stats.rounds)
  if (rounds !== undefined && rounds >= 0) summary.n = rounds
  for (const key of ['mean', 'median', 'min', 'max', 'stddev'] as const) {
    const v = finite(stats[key])
    if (v !== undefined) summary[key] = v
  }
  return summary
}

/** machine_info's keys and short values (`node`, `x86_64`, `CPython`, a CPU brand), and cpu's. */
function vocabularyOf(value: Fields): string[] {
  const words = new Set<string>(['pytest-benchmark'])
  const add = (value: unknown): void => addWord(words, value)
  const version = value.version
  if (typeof version === 'string') add(`pytest-benchmark ${version}`)
  const info = value.machine_info
  if (!isObject(info)) return [...words]
  add('machine_info')
  const describe = (fields: Fields): void => {
    let count = 0
    for (const key in fields) {
      if (count++ >= VOCABULARY_LIMIT || words.size >= VOCABULARY_LIMIT) break
      add(key)
      add(fields[key])
    }
  }
  describe(info)
  // cpu holds py-cpuinfo's fields; its flags list is long and says little, so only strings.
  if (isObject(info.cpu)) describe(info.cpu)
  return [...words]
}

function read(value: unknown): FormatReading {
  const reader = new Reader()
  const entries: unknown = isObject(value) ? value.benchmarks : undefined
  if (!Array.isArray(entries)) {
    return { benchmarks: [], warnings: ['no benchmarks array'], vocabulary: [], records: 0 }
  }
  const end = Math.min(entries.length, ENTRY_LIMIT)
  for (let i = 0; i < end; i++) reader.entry(entries[i], i)
  const { found, warnings } = reader
  if (entries.length > end) warnings.add(`only the first ${end} of ${entries.length} entries read`)
  if (end > 0 && found.benchmarks.length === 0) warnings.add('no benchmark with a time')
  return found.reading(warnings, vocabularyOf(value as Fields), end)
}

export const pytestBenchmark: Format = {
  id: 'pytest-benchmark',
  label: 'pytest-benchmark',
  json: { matches, read },
}
