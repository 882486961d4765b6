import type { CollectedFile } from '../collect/collected-file.js'
import type { Benchmark } from './formats/format.js'
import type { Cell, Table } from './table.js'

export type { Cell, Table } from './table.js'

/** A small table as rows, the shape a tool's reader gets: llama-bench's CSV. */
export interface RowTable {
  columns: string[]
  rows: Cell[][]
}

export interface ParsedDocument {
  /** Stored by column; facts disposes of each once it has read it (a large one spills to disk). */
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

export interface FileResult {
  file: CollectedFile
  /** Absent when the file was not opened (skipped by collect, or of a type no parser reads). */
  outcome?: ParseOutcome
}
