import type { Benchmark } from './formats/format.js'

/** A value read from an artifact: numbers typed, blanks and NaN missing. */
export type Cell = string | number | null

/** Rows and columns, whatever the source: a CSV, a JSON array of records, a Markdown table. */
export interface Table {
  /** Where in the file it came from when that is not the whole file (a JSON path, a heading). */
  name?: string
  columns: string[]
  rows: Cell[][]
  /** The named numbers of a JSON document gathered in one row: values, not records. */
  values?: true
}

export interface ParsedDocument {
  tables: Table[]
  /**
   * Names the file uses for things (JSON keys, column names, headings) and a bounded sample of
   * its prose: what facts searches for a description of the hardware and software.
   */
  vocabulary: string[]
  warnings: string[]
  /** When the file is a known benchmark tool's output: which tool, and its benchmarks. */
  format?: { id: string; label: string; benchmarks: Benchmark[]; records: number }
}

export type ParseOutcome = { ok: true; document: ParsedDocument } | { ok: false; problem: string }
