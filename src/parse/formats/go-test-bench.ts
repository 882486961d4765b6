// `go test -bench . -benchmem -count N`, as the testing package prints it and the Go benchmark
// format (golang.org/design/14313-benchmark-format) defines it: `key: value` configuration lines
// that hold for the results after them, and result lines
//
//   goos: linux
//   goarch: amd64
//   pkg: example.com/fib
//   cpu: Intel(R) Xeon(R) CPU @ 2.20GHz
//   BenchmarkFib10-8   	 3854276	       310.2 ns/op	       0 B/op	       0 allocs/op
//   PASS
//   ok  	example.com/fib	12.345s
//
// A result line is its name, the iteration count, then value/unit pairs. Each line is one sample;
// `-count N` repeats it. Every package's test binary prints its own header, so `pkg:` names the
// table the results after it belong to.
import type { Direction } from '../../report.js'
import type { Benchmark, Format, FormatReading } from './format.js'
import { keyOf, NOT_SHOWN, VOCABULARY_LIMIT, Warnings, WORD_LIMIT } from './reading.js'
import { eachLine, quoteText, stripAnsi, textFormat } from './text-lines.js'

const HEAD_RESULT = /^Benchmark\S*[ \t]+\d+[ \t]+[\d.]+ ns\/op/m
const HEAD_ANY_RESULT = /^Benchmark\S*[ \t]+\d+[ \t]+[\d.]+[ \t]+\S/m
// The format's rule: `Benchmark` followed by an upper-case letter, a digit, `_`, or nothing.
const NAME = /^Benchmark(?:$|[^a-z])/
const ITERATIONS = /^\d+$/
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const CONFIG = /^(goos|goarch|cpu|pkg):(.*)$/
const OUTCOME = /^\s*--- (FAIL|SKIP): (Benchmark\S*)/
// `ok  	example.com/fib	12.345s` / `FAIL	example.com/fib	0.012s`: the package's run is over.
const PACKAGE_END = /^(?:ok|FAIL)\s+\S+\s+(?:[\d.]+s|\(cached\))/

/** Lower for anything per operation, higher for any rate; Go's units say nothing else. */
function direction(unit: string): Direction {
  if (unit.endsWith('/op')) return 'lower'
  if (unit.endsWith('/s')) return 'higher'
  return 'unknown'
}

class Reader {
  readonly warnings = new Warnings(NOT_SHOWN)
  private readonly benchmarks = new Map<string, Benchmark>()
  private readonly vocabulary = new Set<string>()
  private table: string | undefined
  private records = 0

  line(line: string, at: number): void {
    const config = CONFIG.exec(line)
    if (config) return this.config(config[1]!, config[2]!.trim())
    if (PACKAGE_END.test(line)) {
      this.table = undefined
      return
    }
    const outcome = OUTCOME.exec(line)
    if (outcome) {
      const what = outcome[1] === 'FAIL' ? 'failed' : 'was skipped'
      return this.warnings.add(`line ${at}: ${outcome[2]} ${what}`)
    }
    if (line.startsWith('Benchmark')) this.result(line, at)
  }

  private config(key: string, value: string): void {
    if (key === 'pkg') {
      this.table = value === '' ? undefined : value
      return
    }
    for (const word of [key, value]) {
      if (word !== '' && this.vocabulary.size < VOCABULARY_LIMIT) {
        this.vocabulary.add(word.slice(0, WORD_LIMIT))
      }
    }
  }

  private result(line: string, at: number): void {
    const fields = line.trim().split(/\s+/)
    const name = fields[0]!
    // `go test -v` prints each benchmark's bare name before its result line.
    if (fields.length === 1 || !NAME.test(name)) return
    // A name followed by text is the benchmark's own output, not a result.
    if (!ITERATIONS.test(fields[1]!)) return
    let read = 0
    for (let i = 2; i < fields.length; i += 2) {
      const value = fields[i]!
      const unit = fields[i + 1]
      if (unit === undefined) {
        this.warnings.add(
          `line ${at}: ${quoteText(name)} has a value ${quoteText(value)} with no unit`,
        )
        break
      }
      const figure = NUMBER.test(value) ? Number(value) : NaN
      if (!Number.isFinite(figure)) {
        this.warnings.add(
          `line ${at}: ${quoteText(name)} has ${quoteText(value)} for ${quoteText(unit)}`,
        )
        break
      }
      this.sample(unit === 'ns/op' ? name : `${name} ${unit}`, unit, figure)
      read++
    }
    if (fields.length === 2) this.warnings.add(`line ${at}: ${quoteText(name)} has no values`)
    if (read > 0) this.records++
  }

  // Each result line is one sample (`-count N` prints N of them): a benchmark is its samples,
  // never one line's figure as a statistic.
  private sample(name: string, unit: string, value: number): void {
    const key = keyOf(this.table, name)
    let benchmark = this.benchmarks.get(key)
    if (!benchmark) {
      benchmark = { name, unit, direction: direction(unit), samples: [] }
      if (this.table !== undefined) benchmark.table = this.table
      this.benchmarks.set(key, benchmark)
    }
    benchmark.samples!.push(value)
  }

  finish(): FormatReading {
    if (this.benchmarks.size === 0) this.warnings.add('no `go test -bench` result line found')
    return {
      benchmarks: [...this.benchmarks.values()],
      warnings: this.warnings.close(),
      vocabulary: [...this.vocabulary],
      records: this.records,
    }
  }
}

function readText(text: string): FormatReading {
  const reader = new Reader()
  eachLine(text, (line, at) => reader.line(line, at))
  return reader.finish()
}

function matches(head: string): boolean {
  const text = stripAnsi(head)
  if (HEAD_RESULT.test(text)) return true
  // `b.ReportMetric(0, "ns/op")` hides ns/op; the header then vouches for the results.
  return /^goos: /m.test(text) && /^pkg: /m.test(text) && HEAD_ANY_RESULT.test(text)
}

export const goTestBench: Format = {
  id: 'go-test-bench',
  label: 'go test -bench',
  text: textFormat(matches, readText),
}
