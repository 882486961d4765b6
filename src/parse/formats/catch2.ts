// Catch2's console reporter (v2 and v3) with BENCHMARKs: a table under each test case's header,
//
//   -------------------------------------------------------------------------------
//   Fibonacci
//   -------------------------------------------------------------------------------
//   fib.cpp:12
//   ...............................................................................
//
//   benchmark name                       samples       iterations    estimated
//                                        mean          low mean      high mean
//                                        std dev       low std dev   high std dev
//   -------------------------------------------------------------------------------
//   Fibonacci 20                                   100             1     3.5208 ms
//                                           33.973 us     33.838 us     34.151 us
//                                           788.97 ns     633.67 ns     1.0309 us
//
// Three rows per benchmark: samples, iterations and the estimated run time; the mean with the
// bounds of its bootstrapped confidence interval (95% unless --benchmark-confidence-interval);
// the standard deviation with its bounds. Each duration picks its own unit (ns, us, ms, s, m). A
// name too long for its column wraps onto rows of its own above the first. With
// --benchmark-no-analysis the table has one row: samples, iterations, mean.
import type { Format, FormatReading, Summary } from './format.js'
import { NOT_SHOWN, Runs, VOCABULARY_LIMIT, Warnings, WORD_LIMIT } from './reading.js'
import { eachLine, NS_PER, quoteText, stripAnsi, textFormat } from './text-lines.js'

// A 35-column name over 16 rows is longer than any real benchmark name.
const MAX_NAME_ROWS = 16

const HEADER = /^benchmark name\s+samples\s+iterations\s+(estimated|est run time|mean)\s*$/
const HEAD = /^benchmark name[ \t]+samples[ \t]+iterations[ \t]+(?:estimated|est run time|mean)/m
const RULE = /^-{20,}\s*$/
const TOTALS = /^={20,}\s*$/
const VERSION = /is a Catch2? v(\d+\.\d+\.\d+\S*) host application/
const FAILED = /^\s*Benchmark failed \((.*)\)/
const DURATION = String.raw`(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?) (ns|us|µs|μs|ms|s|m)`
// Name, samples, iterations, then the estimated run time (or, without analysis, the mean).
const FIRST_ROW = new RegExp(String.raw`^(.*?)\s+(\d+)\s+(\d+)\s+${DURATION}\s*$`)
const THREE = new RegExp(String.raw`^\s+${DURATION}\s+${DURATION}\s+${DURATION}\s*$`)

interface Duration {
  value: number
  unit: string
}

// Catch2 prints `us`; a µ or μ from another build or a re-encoded log means the same.
function unitOf(token: string): string {
  return token === 'µs' || token === 'μs' ? 'us' : token
}

function durations(match: RegExpExecArray, from: number, count: number): Duration[] {
  const out: Duration[] = []
  for (let i = 0; i < count; i++) {
    out.push({ value: Number(match[from + 2 * i]), unit: unitOf(match[from + 2 * i + 1]!) })
  }
  return out
}

// Units are DURATION's (ns, us, ms, s, m), µs and μs read as us.
function inUnit({ value, unit }: Duration, to: string): number {
  return (value * NS_PER[unit]!) / NS_PER[to]!
}

interface Pending {
  name: string
  samples: number
  at: number
  mean?: Duration[]
}

type State = 'idle' | 'case' | 'header' | 'rows'

class Reader {
  readonly warnings = new Warnings(NOT_SHOWN)
  private readonly runs = new Runs<Summary>()
  private readonly vocabulary = new Set<string>()
  private records = 0
  private state: State = 'idle'
  private noAnalysis = false
  // The test case (and sections) the table is under: the benchmarks' table.
  private testCase: string[] = []
  private sections: string[] = []
  private table: string | undefined
  // Rows of a wrapped name, and the benchmark whose statistics rows are still to come.
  private nameParts: string[] = []
  private pending: Pending | undefined

  line(line: string, at: number): void {
    const version = VERSION.exec(line)
    if (version && this.vocabulary.size < VOCABULARY_LIMIT) {
      this.vocabulary.add('catch2_version').add(version[1]!.slice(0, WORD_LIMIT))
    }
    const header = HEADER.exec(line)
    if (header) {
      this.close(at)
      this.state = 'header'
      this.noAnalysis = header[1] === 'mean'
      return
    }
    if (RULE.test(line)) return this.rule(at)
    if (TOTALS.test(line)) {
      this.close(at)
      this.state = 'idle'
      return
    }
    if (this.state === 'case') return this.caseLine(line)
    if (this.state === 'rows') this.row(line, at)
  }

  /** A line of dashes: under the table header it opens the rows; elsewhere it frames a test case. */
  private rule(at: number): void {
    if (this.state === 'header') {
      this.state = 'rows'
      return
    }
    if (this.state === 'case') {
      const name = this.testCase.join(' ')
      this.table = name === '' ? undefined : [name, ...this.sections].join(' / ')
      this.state = 'idle'
      return
    }
    this.close(at)
    this.testCase = []
    this.sections = []
    this.state = 'case'
  }

  // A wrapped test case name continues unindented (or after its `Scenario: ` prefix); sections
  // are indented by two.
  private caseLine(line: string): void {
    if (line.trim() === '') return
    if (/^ {2}\S/.test(line) && this.testCase.length > 0) this.sections.push(line.trim())
    else if (this.sections.length > 0) this.sections[this.sections.length - 1] += ` ${line.trim()}`
    else this.testCase.push(line.trim())
  }

  private row(line: string, at: number): void {
    if (line.trim() === '') return this.close(at)
    const failed = FAILED.exec(line)
    if (failed) {
      const name = this.pending?.name ?? this.nameParts.join(' ')
      this.warnings.add(
        `line ${at}: benchmark ${quoteText(name)} failed: ${failed[1]!.slice(0, 80)}`,
      )
      this.pending = undefined
      this.nameParts = []
      return
    }
    const three = THREE.exec(line)
    if (three && this.pending && !this.noAnalysis) return this.statistics(durations(three, 1, 3))
    const first = FIRST_ROW.exec(line)
    if (first && first[1]!.trim() !== '') return this.first(first, at)
    // The benchmarked code's own output between the rows is not part of the table.
    if (this.pending) return
    // Only the rows just above a benchmark's first row are its name: keep a bounded tail.
    if (this.nameParts.length >= MAX_NAME_ROWS) this.nameParts.shift()
    this.nameParts.push(line.trim())
  }

  private first(match: RegExpExecArray, at: number): void {
    const name = joinName([...this.nameParts, match[1]!.trim()])
    this.close(at)
    const samples = Number(match[2])
    if (this.noAnalysis) {
      const [mean] = durations(match, 4, 1)
      return this.add(name, { n: samples, mean: mean!.value }, mean!.unit)
    }
    this.pending = { name, samples, at }
  }

  private statistics(values: Duration[]): void {
    const pending = this.pending!
    if (!pending.mean) {
      pending.mean = values
      return
    }
    this.pending = undefined
    this.finishPending(pending, values)
  }

  /** A benchmark's rows are over (a blank row, the next benchmark, the end): keep what it had. */
  private close(at: number): void {
    const pending = this.pending
    this.pending = undefined
    this.nameParts = []
    if (!pending) return
    if (!pending.mean) {
      return this.warnings.add(
        `line ${pending.at}: benchmark ${quoteText(pending.name)} has no mean`,
      )
    }
    this.warnings.add(`line ${at}: benchmark ${quoteText(pending.name)} has no std dev row`)
    this.finishPending(pending, undefined)
  }

  private finishPending({ name, samples, mean }: Pending, stddev: Duration[] | undefined): void {
    const [point, low, high] = mean!
    const unit = point!.unit
    const summary: Summary = {
      n: samples,
      mean: point!.value,
      interval: { low: inUnit(low!, unit), high: inUnit(high!, unit), what: '95% CI (bootstrap)' },
    }
    // Catch2 divides by n (a population sd); the sample sd is that times √(n / (n − 1)).
    if (stddev && samples > 1) {
      summary.stddev = inUnit(stddev[0]!, unit) * Math.sqrt(samples / (samples - 1))
    }
    this.add(name, summary, unit)
  }

  private add(name: string, summary: Summary, unit: string): void {
    this.records++
    const entry = this.runs.of(this.table, name, unit, 'lower')
    const to = entry.benchmark.unit
    entry.runs.push(unit === to ? summary : { mean: inUnit({ value: summary.mean!, unit }, to) })
  }

  /**
   * One run: Catch2's statistics. The same benchmark in several runs (outputs appended): each
   * run's mean is one sample.
   */
  finish(at: number): FormatReading {
    this.close(at)
    const benchmarks = this.runs.benchmarks(
      (s) => s.mean!,
      (s) => s,
    )
    if (benchmarks.length === 0) this.warnings.add('no Catch2 benchmark table row found')
    return {
      benchmarks,
      warnings: this.warnings.close(),
      vocabulary: [...this.vocabulary],
      records: this.records,
    }
  }
}

// Catch2 wraps a long name at a space (dropped), after punctuation such as `/` or `-` (kept), or
// inside a word (adding a `-`): rows are joined with a space, except after `/` and `-`.
function joinName(parts: string[]): string {
  let name = ''
  for (const part of parts) {
    name = name === '' || /[-/]$/.test(name) ? name + part : `${name} ${part}`
  }
  return name
}

function readText(text: string): FormatReading {
  const reader = new Reader()
  const lines = eachLine(text, (line, at) => reader.line(line, at))
  return reader.finish(lines)
}

export const catch2: Format = {
  id: 'catch2',
  label: 'Catch2',
  text: textFormat((head) => HEAD.test(stripAnsi(head)), readText),
}
