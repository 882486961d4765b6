// benchmark.js, as a suite's `cycle` handler prints each benchmark with `String(event.target)`:
//
//   RegExp#test x 4,161,532 ops/sec ±4.15% (59 runs sampled)
//   String#indexOf x 6,139,623 ops/sec ±1.00% (88 runs sampled)
//   Fastest is String#indexOf
//
// hz is printed with thousands separators (two decimals below 100), rme with two decimals. The
// file keeps no samples. benchmark.js's statistics are over its sampled periods (seconds per
// operation): hz = 1 / mean period, and rme = moe / mean × 100 with moe = sem × t (two-sided
// 95%, df = n − 1) and sem = sd / √n.
import type { Format, FormatReading, Summary } from './format.js'
import { NOT_SHOWN, Runs, Warnings } from './reading.js'
import { eachLine, FIGURE, figure, quoteText, stripAnsi, textFormat } from './text-lines.js'

// `±` as printed, or as a Latin-1 reading of its UTF-8 bytes shows it.
const PLUS_MINUS = '(?:±|Â±|\\+/-)'
const RESULT = new RegExp(
  String.raw`^(.+) x (${FIGURE}) ops/sec ${PLUS_MINUS}\s*(\d+(?:\.\d+)?)% \((\d+) runs? sampled\)\s*$`,
)
const HEAD = new RegExp(
  String.raw`^.+ x ${FIGURE} ops/sec ${PLUS_MINUS}[ \t]*\d+(?:\.\d+)?% \(\d+ runs? sampled\)[ \t]*\r?$`,
  'm',
)
const LOOKS_LIKE_RESULT = / x \d[\d,.]* ops\/sec/

// benchmark.js's own table of Student's t, two-sided 95% (0.975 quantile), by degrees of freedom;
// beyond 30 it uses the normal 1.96.
const T_TABLE = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
]
const T_INFINITY = 1.96

/** The critical value benchmark.js uses for `n` runs (df 0 is read as df 1, as it does). */
function tCritical(n: number): number {
  const df = Math.max(1, n - 1)
  return T_TABLE[df - 1] ?? T_INFINITY
}

/**
 * What follows from benchmark.js's definitions. The interval is exact: the mean period's 95% CI
 * is period × (1 ± rme), so the rate's is hz / (1 ± rme). The stddev is derived: rme fixes the
 * periods' relative sd (rme × √n / t) exactly, and carried over to the rate it is hz times that,
 * to first order.
 */
function summary(hz: number, rme: number, n: number): Summary {
  const relative = rme / 100
  const out: Summary = { n, mean: hz }
  if (n > 1) out.stddev = (hz * relative * Math.sqrt(n)) / tCritical(n)
  if (relative < 1) {
    out.interval = { low: hz / (1 + relative), high: hz / (1 - relative), what: '± rme (95%)' }
  }
  return out
}

class Reader {
  readonly warnings = new Warnings(NOT_SHOWN)
  // Each run's statistics, by name: the same name in several runs (outputs appended) is read as
  // one sample per run (its hz).
  private readonly runs = new Runs<Summary>()
  private records = 0

  line(line: string, at: number): void {
    if (!line.includes(' ops/sec')) return
    const match = RESULT.exec(line)
    if (!match) {
      if (LOOKS_LIKE_RESULT.test(line)) {
        this.warnings.add(`line ${at}: could not read ${quoteText(line)}`)
      }
      return
    }
    const name = match[1]!
    const hz = figure(match[2]!)
    const rme = Number(match[3])
    const n = Number(match[4])
    if (hz === undefined || !Number.isFinite(rme)) {
      return this.warnings.add(`line ${at}: ${quoteText(name)} has no finite ops/sec`)
    }
    if (!(n > 0)) return this.warnings.add(`line ${at}: ${quoteText(name)} has no runs sampled`)
    this.records++
    this.runs.of(undefined, name, 'ops/sec', 'higher').runs.push(summary(hz, rme, n))
  }

  finish(): FormatReading {
    const benchmarks = this.runs.benchmarks(
      (s) => s.mean!,
      (s) => s,
    )
    if (benchmarks.length === 0) this.warnings.add('no benchmark.js `ops/sec` result line found')
    return { benchmarks, warnings: this.warnings.close(), vocabulary: [], records: this.records }
  }
}

function readText(text: string): FormatReading {
  const reader = new Reader()
  eachLine(text, (line, at) => reader.line(line, at))
  return reader.finish()
}

export const benchmarkJs: Format = {
  id: 'benchmark.js',
  label: 'benchmark.js',
  text: textFormat((head) => HEAD.test(stripAnsi(head)), readText),
}
