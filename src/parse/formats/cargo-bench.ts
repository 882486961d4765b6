// `cargo bench` with Rust's built-in harness (libtest, `#[bench]`):
//
//        Running benches/fib.rs (target/release/deps/fib-1a2b3c4d5e6f7a8b)
//   running 3 tests
//   test bench_fib_10 ... bench:         424 ns/iter (+/- 12)
//   test bench_copy   ... bench:       1,234 ns/iter (+/- 56) = 830 MB/s
//   test result: ok. 0 passed; 0 failed; 0 ignored; 3 measured; 0 filtered out
//
// Newer Rust prints two decimals (`424.12 ns/iter (+/- 12.03)`); both use thousands separators.
// The figure is the median of libtest's (winsorized) samples and the `+/-` is their max − min;
// `= N MB/s` is the bytes per iteration over that median. The file keeps no samples.
// Criterion's `--output-format bencher` prints the same line (its +/- is a standard deviation).
import type { Direction } from '../../report.js'
import type { Format, FormatReading, Summary } from './format.js'
import { NOT_SHOWN, Runs, Warnings } from './reading.js'
import { eachLine, FIGURE, figure, quoteText, stripAnsi, textFormat } from './text-lines.js'

const HEAD = new RegExp(String.raw`^test .+? \.\.\. bench: +${FIGURE} \S+/iter`, 'm')
const BENCH_START = /^test (.+?) \.\.\. bench:/
const BENCH = new RegExp(
  String.raw`^test (.+?) \.\.\. bench: +(${FIGURE}) (\S+/iter) \(\+/- (${FIGURE})\)(?: = (${FIGURE}) MB/s)?\s*$`,
)
const FAILED = /^test (.+?) \.\.\. FAILED\s*$/
const RUNNING_TESTS = /^running (\d+) tests?\s*$/
const MEASURED = /^test result: \S+ .*?\b(\d+) measured\b/
// Cargo's own status line, indented: `Running benches/fib.rs (target/release/deps/fib-…)`, or
// in older cargo just the binary's path, whose hash changes with every build. `cargo -v` quotes
// commands in backticks (`Running \`rustc …\``): those name no bench binary.
const CARGO_RUNNING = /^\s+Running (\S.*)$/
const HASHED = /^(.+)-[0-9a-f]{16}(?:\.exe)?$/

/** What one run printed for a benchmark: the median and, for a time, the `+/-` spread. */
interface Figure {
  value: number
  spread?: number
}

/** The bench binary a `Running` line names, without the build hash that changes every build. */
function binary(running: string): string | undefined {
  if (running.includes('`')) return undefined
  let target = running.trim()
  const paren = target.lastIndexOf(' (')
  if (paren > 0 && target.endsWith(')')) return target.slice(0, paren).trim()
  target = target.slice(Math.max(target.lastIndexOf('/'), target.lastIndexOf('\\')) + 1)
  return HASHED.exec(target)?.[1] ?? target
}

class Reader {
  readonly warnings = new Warnings(NOT_SHOWN)
  private readonly runs = new Runs<Figure>()
  private table: string | undefined
  private records = 0
  // Bench results since the last `running N tests`, to check against `M measured`.
  private inRun = 0

  line(line: string, at: number): void {
    if (line.startsWith('test ')) return this.test(line, at)
    if (RUNNING_TESTS.test(line)) {
      this.inRun = 0
      return
    }
    const running = CARGO_RUNNING.exec(line)
    const target = running ? binary(running[1]!) : undefined
    if (target) this.table = target
  }

  private test(line: string, at: number): void {
    const measured = MEASURED.exec(line)
    if (measured) {
      const expected = Number(measured[1])
      if (this.inRun < expected) {
        this.warnings.add(
          `line ${at}: the summary says ${expected} measured, but ${this.inRun} bench result(s) were read`,
        )
      }
      this.inRun = 0
      return
    }
    const failed = FAILED.exec(line)
    if (failed) return this.warnings.add(`line ${at}: ${quoteText(failed[1]!.trim())} failed`)
    const start = BENCH_START.exec(line)
    if (!start) return
    const name = start[1]!.trim()
    const match = BENCH.exec(line)
    const median = figure(match?.[2])
    const spread = figure(match?.[4])
    if (!match || median === undefined || spread === undefined) {
      return this.warnings.add(
        `line ${at}: ${quoteText(name)} has no readable ns/iter (+/- …) figure`,
      )
    }
    this.inRun++
    this.records++
    this.add(name, match[3]!, 'lower', { value: median, spread })
    const throughput = figure(match[5])
    if (throughput !== undefined) this.add(`${name} MB/s`, 'MB/s', 'higher', { value: throughput })
  }

  private add(name: string, unit: string, direction: Direction, figure: Figure): void {
    this.runs.of(this.table, name, unit, direction).runs.push(figure)
  }

  /**
   * One run: libtest's median and its printed spread. The same benchmark in several runs (outputs
   * appended): each run's median is one sample.
   */
  finish(): FormatReading {
    const benchmarks = this.runs.benchmarks((f) => f.value, summaryOf)
    if (benchmarks.length === 0) this.warnings.add('no libtest `bench:` result line found')
    return { benchmarks, warnings: this.warnings.close(), vocabulary: [], records: this.records }
  }
}

function summaryOf({ value, spread }: Figure): Summary {
  // MB/s is the bytes per iteration over the median time: the rate at the median.
  if (spread === undefined) return { median: value }
  // Recorded exactly as printed: `v (+/- d)`. libtest's d is max − min, not a half-width.
  const interval = { low: value - spread, high: value + spread, what: '+/- as printed by libtest' }
  return { median: value, interval }
}

function readText(text: string): FormatReading {
  const reader = new Reader()
  eachLine(text, (line, at) => reader.line(line, at))
  return reader.finish()
}

export const cargoBench: Format = {
  id: 'cargo-bench',
  label: 'cargo bench',
  text: textFormat((head) => HEAD.test(stripAnsi(head)), readText),
}
