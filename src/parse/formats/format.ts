// What a benchmark harness's output holds, once read as its tool means it: each benchmark under the
// name the tool gives it, in the unit the tool states, with every sample and every statistic the
// file carries. A format module recognises its tool's output and turns it into these; facts then
// turns them into metrics (parse never computes statistics).
import type { Direction } from '../../report.js'
import type { RowTable } from '../parsed.js'

/** The tool's own statistics for a benchmark, in the benchmark's unit. */
export interface Summary {
  /** How many runs the statistics are over; absent when the file does not say. */
  n?: number
  mean?: number
  median?: number
  min?: number
  max?: number
  /** Sample standard deviation (n − 1). */
  stddev?: number
  p95?: number
  /** A range the tool printed around its figure: a confidence interval, or a spread. */
  interval?: { low: number; high: number; what: string }
}

export interface Benchmark {
  /** As the tool prints it: `BenchmarkFib10-8`, `bench.py::test_fib_10`, `BM_Sort/1024`. */
  name: string
  /** What the file groups benchmarks under, when it does: a Go package, a pytest-benchmark group. */
  table?: string
  /** As the tool states it: `ns/op`, `ops/ms`, `s`, `tokens/s`. */
  unit: string
  /** Lower for time per operation, higher for throughput; unknown when the file cannot say. */
  direction: Direction
  /** Every run's, repetition's or round's value, in `unit`, when the file keeps them. */
  samples?: number[]
  /** The tool's statistics, when the file gives them (beside the samples, or instead). */
  summary?: Summary
  /** Parameters the benchmark ran under that its name does not carry (llama-bench's model, ngl). */
  group?: Record<string, string>
}

export interface FormatReading {
  benchmarks: Benchmark[]
  /** Where the file breaks its format's rules; everything before and around it is still read. */
  warnings: string[]
  /** Words describing the machine and software (`cpu`, `goos`, a CPU model, a version). */
  vocabulary: string[]
  /** Entries read: benchmark records in a JSON file, result lines in a text file. */
  records: number
}

/**
 * One tool's output. `matches` is cheap and never throws; `read` never throws either, and keeps
 * whatever it could read of a file that breaks the rules, with a warning saying where.
 */
export interface Format {
  /** Stable id: `go-test-bench`. */
  id: string
  /** What the inventory says the file was read as: `go test -bench`. */
  label: string
  /** From a parsed JSON document. */
  json?: { matches(value: unknown): boolean; read(value: unknown): FormatReading }
  /** From text: `matches` sees the first 64 KiB, `read` the whole file. */
  text?: { matches(head: string): boolean; read(text: string): FormatReading }
  /** From a CSV table (header and typed cells). */
  table?: { matches(columns: string[]): boolean; read(table: RowTable): FormatReading }
}
