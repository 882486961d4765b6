// Criterion.rs's command-line report, as `cargo bench` prints it:
//
//   Benchmarking fib 20: Warming up for 3.0000 s
//   Benchmarking fib 20: Analyzing
//   fib 20                  time:   [26.029 µs 26.251 µs 26.505 µs]
//                           thrpt:  [1.2 GiB/s 1.3 GiB/s 1.4 GiB/s]
//                           change: [-2.4% -1.0% +0.5%] (p = 0.22 > 0.05)
//                           No change in performance detected.
//   Found 11 outliers among 100 measurements (11.00%)
//
// `time:` is [lower bound, estimate, upper bound] of the confidence interval (95% unless
// `confidence_level` is changed) around Criterion's typical estimate: the slope of its linear
// regression in linear sampling mode, otherwise the mean; each value picks its own unit. An id
// longer than 23 characters is printed on its own line, with `time:` on the next. `change:` is
// Criterion's comparison with its own saved baseline, and is not read; with a throughput it is a
// block of percentage `time:` and `thrpt:` lines, told apart by their `%`.
import type { Direction } from '../../report.js'
import type { Format, FormatReading } from './format.js'
import { NOT_SHOWN, Runs, Warnings } from './reading.js'
import { eachLine, NS_PER, quoteText, stripAnsi, textFormat } from './text-lines.js'

const TIME_UNIT = '(?:ps|ns|µs|μs|us|ms|s)'
const TIME_VALUE = String.raw`\d[\d.]*[ \t]+${TIME_UNIT}`
const HEAD_TIME = new RegExp(
  String.raw`time:[ \t]+\[[ \t]*${TIME_VALUE}[ \t]+${TIME_VALUE}[ \t]+${TIME_VALUE}[ \t]*\][ \t]*\r?$`,
  'm',
)
const HEAD_PROGRESS = /^Benchmarking .+: (?:Warming up for|Analyzing)/m
// The bracket is kept whole, closing `]` or not, so that a cut-off line is reported.
const TIME = /^(.*?)time:\s+(\[[^\]]*\]?)/
const THRPT = /^\s*thrpt:\s+(\[[^\]]*\]?)/
const PROGRESS = /^Benchmarking (.+?)(?:: (?:Warming up for|Collecting|Analyzing|Complete)\b.*)?$/
const OUTLIERS = /^Found \d+ outliers among/
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

// The time units Criterion prints; the others NS_PER knows (`m`, `h`) are not Criterion's and
// stay unreadable here.
const PRINTED_TIME_UNITS = ['ps', 'ns', 'µs', 'us', 'ms', 's']

// Units of one kind, as a factor of the kind's base unit: nanoseconds, bytes, elements, bits.
const SCALES: Record<string, { kind: string; factor: number }> = {
  ...Object.fromEntries(PRINTED_TIME_UNITS.map((u) => [u, { kind: 'time', factor: NS_PER[u]! }])),
  'B/s': { kind: 'bytes', factor: 1 },
  'KiB/s': { kind: 'bytes', factor: 1024 },
  'MiB/s': { kind: 'bytes', factor: 1024 ** 2 },
  'GiB/s': { kind: 'bytes', factor: 1024 ** 3 },
  'TiB/s': { kind: 'bytes', factor: 1024 ** 4 },
  'KB/s': { kind: 'bytes', factor: 1e3 },
  'MB/s': { kind: 'bytes', factor: 1e6 },
  'GB/s': { kind: 'bytes', factor: 1e9 },
  'TB/s': { kind: 'bytes', factor: 1e12 },
  'elem/s': { kind: 'elements', factor: 1 },
  'Kelem/s': { kind: 'elements', factor: 1e3 },
  'Melem/s': { kind: 'elements', factor: 1e6 },
  'Gelem/s': { kind: 'elements', factor: 1e9 },
  'b/s': { kind: 'bits', factor: 1 },
  'Kb/s': { kind: 'bits', factor: 1e3 },
  'Mb/s': { kind: 'bits', factor: 1e6 },
  'Gb/s': { kind: 'bits', factor: 1e9 },
}

interface Figure {
  low: number
  estimate: number
  high: number
  unit: string
}

// Criterion prints the micro sign; a Greek mu from a re-encoded log means the same.
function unitOf(token: string): string {
  return token.replace('μ', 'µ')
}

/** `value` in `from` as a number of `to`, when both are units of one kind (or the same unit). */
function convert(value: number, from: string, to: string): number | undefined {
  if (from === to) return value
  const a = SCALES[from]
  const b = SCALES[to]
  if (!a || !b || a.kind !== b.kind) return undefined
  return (value * a.factor) / b.factor
}

/**
 * `[low unit estimate unit high unit]` in the estimate's unit; 'change' for a percentage
 * (comparison) bracket; undefined when it is neither.
 */
function triple(bracket: string): Figure | 'change' | undefined {
  if (bracket.includes('%')) return 'change'
  if (!bracket.endsWith(']')) return undefined
  const tokens = bracket.slice(1, -1).trim().split(/\s+/)
  if (tokens.length !== 6) return undefined
  const values = [tokens[0]!, tokens[2]!, tokens[4]!].map((t) => (NUMBER.test(t) ? Number(t) : NaN))
  const units = [tokens[1]!, tokens[3]!, tokens[5]!].map(unitOf)
  const unit = units[1]!
  const [low, estimate, high] = values.map((v, i) => convert(v, units[i]!, unit))
  if (![low, estimate, high].every((v) => v !== undefined && Number.isFinite(v))) return undefined
  // A throughput's bounds come from the time's upper and lower bound: order them low to high.
  return { low: Math.min(low!, high!), estimate: estimate!, high: Math.max(low!, high!), unit }
}

class Reader {
  readonly warnings = new Warnings(NOT_SHOWN)
  private readonly runs = new Runs<Figure>()
  private records = 0
  // The id a `Benchmarking` progress line named, and an id printed on its own line.
  private progress: string | undefined
  private alone: string | undefined
  // The benchmark whose `time:` was read last, for the `thrpt:` line under it.
  private current: string | undefined

  line(line: string, at: number): void {
    if (line.trim() === '') return
    const alone = this.alone
    this.alone = undefined
    const progress = PROGRESS.exec(line)
    if (progress) {
      this.progress = progress[1]!.trim()
      this.current = undefined
      return
    }
    const time = TIME.exec(line)
    if (time) return this.time(time[1]!.trim() || alone || this.progress, time[2]!, at)
    const thrpt = THRPT.exec(line)
    if (thrpt) return this.thrpt(thrpt[1]!, at)
    // Criterion prints an id at the start of a line; its other lines are indented or are these.
    if (!/^\s/.test(line) && !OUTLIERS.test(line)) this.alone = line.trim()
  }

  private time(name: string | undefined, bracket: string, at: number): void {
    const figure = triple(bracket)
    if (figure === 'change') return
    this.current = undefined
    if (name === undefined) {
      return this.warnings.add(`line ${at}: a time: line with no benchmark id`)
    }
    if (!figure) {
      return this.warnings.add(
        `line ${at}: ${quoteText(name)} has an unreadable time: ${bracket.slice(0, 80)}`,
      )
    }
    this.records++
    this.current = name
    this.add(name, 'lower', figure, at)
  }

  private thrpt(bracket: string, at: number): void {
    const figure = triple(bracket)
    if (figure === 'change') return
    if (this.current === undefined) {
      return this.warnings.add(`line ${at}: a thrpt: line with no time:`)
    }
    const name = this.current
    this.current = undefined
    if (!figure)
      return this.warnings.add(
        `line ${at}: ${quoteText(name)} has an unreadable thrpt: ${bracket.slice(0, 80)}`,
      )
    this.add(`${name} thrpt`, 'higher', figure, at)
  }

  private add(name: string, direction: Direction, figure: Figure, at: number): void {
    const entry = this.runs.of(undefined, name, figure.unit, direction)
    const unit = entry.benchmark.unit
    const [low, estimate, high] = [figure.low, figure.estimate, figure.high].map((v) =>
      convert(v, figure.unit, unit),
    )
    if (low === undefined || estimate === undefined || high === undefined) {
      return this.warnings.add(
        `line ${at}: ${quoteText(name)} is in ${figure.unit} here but ${unit} before`,
      )
    }
    entry.runs.push({ low, estimate, high, unit })
  }

  /**
   * One run: Criterion's estimate and its confidence interval. The same id in several runs
   * (outputs appended): each run's estimate is one sample.
   */
  finish(): FormatReading {
    const benchmarks = this.runs.benchmarks(
      (f) => f.estimate,
      ({ low, estimate, high }) => ({ mean: estimate, interval: { low, high, what: '95% CI' } }),
    )
    if (benchmarks.length === 0) this.warnings.add('no Criterion.rs `time:` result found')
    return { benchmarks, warnings: this.warnings.close(), vocabulary: [], records: this.records }
  }
}

function readText(text: string): FormatReading {
  const reader = new Reader()
  // Captured from a terminal: keep what the last carriage return left on the line.
  eachLine(text, (line, at) => reader.line(line, at), true)
  return reader.finish()
}

function matches(head: string): boolean {
  const text = stripAnsi(head)
  if (HEAD_TIME.test(text)) return true
  // A custom measurement prints its own units; Criterion's progress lines still name it.
  return HEAD_PROGRESS.test(text) && /time:[ \t]+\[/.test(text)
}

export const criterion: Format = {
  id: 'criterion',
  label: 'Criterion.rs',
  text: textFormat(matches, readText),
}
