// Which benchmark tool wrote a file, by its content: each format's own test, most specific first,
// so that the generic "custom" list (any `[{name, unit, value}]`) only claims what no tool did.
import type { ParsedDocument, Table } from '../parsed.js'
import { benchmarkDotNet } from './benchmarkdotnet.js'
import { benchmarkJs } from './benchmark-js.js'
import { cargoBench } from './cargo-bench.js'
import { catch2 } from './catch2.js'
import { criterion } from './criterion.js'
import { customList } from './custom-list.js'
import type { Format, FormatReading } from './format.js'
import { goTestBench } from './go-test-bench.js'
import { googleBenchmark } from './google-benchmark.js'
import { hyperfine } from './hyperfine.js'
import { jmh } from './jmh.js'
import { juliaBenchmarkTools } from './julia-benchmarktools.js'
import { llamaBench } from './llama-bench.js'
import { ollamaVerbose } from './ollama-verbose.js'
import { pytestBenchmark } from './pytest-benchmark.js'
import { vllmServing } from './vllm-serving.js'

export const FORMATS: readonly Format[] = [
  pytestBenchmark,
  googleBenchmark,
  benchmarkDotNet,
  jmh,
  juliaBenchmarkTools,
  hyperfine,
  vllmServing,
  llamaBench,
  goTestBench,
  cargoBench,
  criterion,
  catch2,
  benchmarkJs,
  ollamaVerbose,
  customList,
]

/** How much of a text file a format's test looks at. */
export const HEAD_BYTES = 64 * 1024

interface Reader<M, R> {
  matches(x: M): boolean
  read(x: R): FormatReading
}

// A reader is ours but the file is not: should one throw, the file is listed with the reason,
// never lost, and never crashes the step.
function recognise<M, R>(
  pick: (format: Format) => Reader<M, R> | undefined,
  probe: M,
  input: R,
): ParsedDocument | undefined {
  for (const format of FORMATS) {
    const reader = pick(format)
    if (!reader || !claims(reader, probe)) continue
    try {
      return toDocument(format, reader.read(input))
    } catch (error) {
      return toDocument(format, {
        benchmarks: [],
        vocabulary: [],
        records: 0,
        warnings: [`reading it as ${format.label} output failed: ${(error as Error).message}`],
      })
    }
  }
  return undefined
}

export function recogniseJson(value: unknown): ParsedDocument | undefined {
  return recognise((f) => f.json, value, value)
}

/**
 * Whether any tool's test claims a text by its first HEAD_BYTES: all a file of no known type is
 * opened for, before it is read whole (and only then read as that tool's output).
 */
export function claimsText(head: string): boolean {
  return FORMATS.some((format) => format.text !== undefined && claims(format.text, head))
}

/** A format's test, which must never throw; one that does claims nothing. */
function claims<M>(reader: { matches(x: M): boolean }, probe: M): boolean {
  try {
    return reader.matches(probe)
  } catch {
    return false
  }
}

/** `head` is the file's first HEAD_BYTES, which is all a format's test looks at. */
export function recogniseText(
  text: string,
  head = text.slice(0, HEAD_BYTES),
): ParsedDocument | undefined {
  return recognise((f) => f.text, head, text)
}

export function recogniseTable(table: Table): ParsedDocument | undefined {
  // Rows are made only for a table some tool's test claims by its header.
  if (
    !FORMATS.some((format) => format.table !== undefined && claims(format.table, table.columns))
  ) {
    return undefined
  }
  return recognise((f) => f.table, table.columns, { columns: table.columns, rows: table.rows() })
}

function toDocument(format: Format, reading: FormatReading): ParsedDocument {
  const warnings = [...reading.warnings]
  if (reading.benchmarks.length === 0) {
    warnings.push(`read as ${format.label} output, but no benchmark result was found in it`)
  }
  return {
    tables: [],
    vocabulary: reading.vocabulary,
    warnings,
    format: {
      id: format.id,
      label: format.label,
      benchmarks: reading.benchmarks,
      records: reading.records,
    },
  }
}
