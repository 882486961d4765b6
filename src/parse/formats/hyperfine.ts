// hyperfine's `--export-json`: `{results: [...]}`, one entry per benchmarked command with its
// statistics in seconds (mean, stddev, median, min, max; user and system are mean CPU times), the
// wall-clock time of every run in `times`, each run's `exit_codes`, and with `--parameter-scan` or
// `--parameter-list` the `parameters` the command ran under. hyperfine's stddev is the sample
// standard deviation (n − 1), and null when there was a single run.
import type { Benchmark, Format, FormatReading, Summary } from './format.js'
import { type Fields, finite, finiteNumbers, Found, isObject, quote, Warnings } from './reading.js'

const GROUP_LIMIT = 50

function matches(value: unknown): boolean {
  if (!isObject(value) || !Array.isArray(value.results) || value.results.length === 0) return false
  const first: unknown = value.results[0]
  return (
    isObject(first) &&
    typeof first.command === 'string' &&
    typeof first.mean === 'number' &&
    (Array.isArray(first.times) || typeof first.user === 'number')
  )
}

// Benchmarks are found by their name alone (hyperfine has no tables): a command is looked up among
// the user and system benchmarks too.
class Reader {
  readonly found = new Found()
  readonly warnings = new Warnings()

  result(entry: unknown, index: number): void {
    if (!isObject(entry) || typeof entry.command !== 'string') {
      this.warnings.add(`results[${index}] has no command; skipped`)
      return
    }
    const command = entry.command
    const samples = this.times(entry, command)
    this.exitCodes(entry, command)
    const summary = summaryOf(entry, samples)
    if (!samples && summary.mean === undefined && summary.median === undefined) {
      this.warnings.add(`${quote(command)} has no times and no mean; dropped`)
      return
    }
    // The same command benchmarked twice: its later runs join the first's samples. The statistics
    // then cover only the first entry's runs, so they are dropped, as are the later user/system.
    if (this.found.merge(command, samples)) {
      this.warnings.add(`${quote(command)} appears more than once; its runs were merged`)
      return
    }
    const group = groupOf(entry.parameters)
    const primary: Benchmark = { name: command, unit: 's', direction: 'lower', summary }
    if (samples) primary.samples = samples
    if (group) primary.group = group
    this.found.add(command, primary)
    for (const measure of ['user', 'system'] as const) {
      const mean = finite(entry[measure])
      if (mean === undefined) {
        if (measure in entry) {
          this.warnings.add(`${quote(command)}: ${measure} is not a number; dropped`)
        }
        continue
      }
      const cpu: Benchmark = {
        name: `${command} ${measure}`,
        unit: 's',
        direction: 'lower',
        // hyperfine's user and system are means over the same runs as the wall time.
        summary: samples ? { n: samples.length, mean } : { mean },
      }
      if (group) cpu.group = group
      this.found.add(cpu.name, cpu)
    }
  }

  private times(entry: Fields, command: string): number[] | undefined {
    if (!Array.isArray(entry.times)) return undefined
    const samples = finiteNumbers(entry.times as unknown[])
    const bad = entry.times.length - samples.length
    if (bad > 0) {
      this.warnings.add(
        `${quote(command)}: ${bad} of ${entry.times.length} times are not numbers; dropped`,
      )
    }
    return samples.length > 0 ? samples : undefined
  }

  /** hyperfine keeps every run's time, failed or not (with `-i`): say how many did not exit 0. */
  private exitCodes(entry: Fields, command: string): void {
    if (!Array.isArray(entry.exit_codes)) return
    let failed = 0
    // null is a run ended by a signal.
    for (const code of entry.exit_codes as unknown[]) if (code !== 0) failed++
    if (failed > 0) this.warnings.add(`${quote(command)}: ${failed} run(s) exited non-zero`)
  }
}

function summaryOf(entry: Fields, samples: number[] | undefined): Summary {
  const summary: Summary = {}
  if (samples) summary.n = samples.length
  for (const key of ['mean', 'median', 'min', 'max', 'stddev'] as const) {
    const v = finite(entry[key])
    if (v !== undefined) summary[key] = v
  }
  return summary
}

/** `parameters: {threads: "4"}`: what a parameter scan varied, beside the command. */
function groupOf(parameters: unknown): Record<string, string> | undefined {
  if (!isObject(parameters)) return undefined
  const group: Record<string, string> = {}
  let count = 0
  for (const [key, value] of Object.entries(parameters)) {
    if (count++ >= GROUP_LIMIT) break
    if (key === '__proto__') continue // would set the prototype, not a key
    if (typeof value === 'string' || typeof value === 'number') group[key] = String(value)
  }
  return Object.keys(group).length > 0 ? group : undefined
}

function read(value: unknown): FormatReading {
  const reader = new Reader()
  const results: unknown = isObject(value) ? value.results : undefined
  if (!Array.isArray(results)) {
    return { benchmarks: [], warnings: ['no results array'], vocabulary: [], records: 0 }
  }
  for (let i = 0; i < results.length; i++) reader.result(results[i], i)
  const { found, warnings } = reader
  if (found.benchmarks.length === 0) warnings.add('no result with a time')
  return found.reading(warnings, [], results.length)
}

export const hyperfine: Format = { id: 'hyperfine', label: 'hyperfine', json: { matches, read } }
