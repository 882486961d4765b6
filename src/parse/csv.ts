// CSV and TSV through papaparse. Header row first; every later row is a record. Rows with too few
// or too many fields, and broken quoting, are counted as warnings: a benchmark log with one bad
// line still has a hundred good ones. A large file is streamed: papaparse hands over a chunk of
// rows at a time and the table stores them by column, so no file is ever held as row objects.
import Papa from 'papaparse'
import { Readable } from 'node:stream'
import { recogniseTable } from './formats/registry.js'
import type { ParseOutcome } from './parsed.js'
import { TableBuilder } from './table.js'

/** A table claimed by a tool's format is read as rows; past this, it is generic data. */
const MAX_FORMAT_ROWS = 100_000

function options(fileName: string) {
  return {
    header: false,
    dynamicTyping: false,
    // Empty lines are skipped by papaparse; lines of only spaces and delimiters by `isBlank`,
    // which stops at the first field with text where papaparse's 'greedy' joins every row.
    skipEmptyLines: true,
    delimiter: fileName.toLowerCase().endsWith('.tsv') ? '\t' : '',
    delimitersToGuess: [',', '\t', ';', '|'],
  }
}

export function parseCsv(text: string, fileName: string): ParseOutcome {
  if (text.trim() === '') return { ok: false, problem: 'empty file: no header and no rows' }
  const result = Papa.parse<string[]>(text, options(fileName))
  const reader = new CsvReader(result.data.length)
  reader.add(result.data, result.errors)
  return reader.finish()
}

/** The same reading over a stream of text, a chunk of rows at a time. */
export function parseCsvStream(
  text: AsyncIterable<string>,
  fileName: string,
): Promise<ParseOutcome> {
  const reader = new CsvReader()
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(Readable.from(keepLineEndsWhole(text)), {
      ...options(fileName),
      chunk: (result) => reader.add(result.data, result.errors),
      complete: () => {
        if (reader.empty) resolve({ ok: false, problem: 'empty file: no header and no rows' })
        else resolve(reader.finish())
      },
      error: (error) => {
        reader.discard()
        reject(error)
      },
    })
  })
}

/**
 * Papaparse reads a chunk that ends between the CR and LF of a CRLF, just after a closing quote,
 * as a broken quote: a trailing CR waits for the next chunk.
 */
async function* keepLineEndsWhole(source: AsyncIterable<string>): AsyncGenerator<string> {
  let held = ''
  for await (const piece of source) {
    let text = held + piece
    held = ''
    if (text.endsWith('\r')) {
      held = '\r'
      text = text.slice(0, -1)
    }
    if (text !== '') yield text
  }
  if (held !== '') yield held
}

class CsvReader {
  private header: string[] | undefined
  private builder: TableBuilder | undefined
  private body = 0
  private ragged = 0
  private quoting = 0
  private firstQuoting: number | undefined

  discard(): void {
    this.builder?.discard()
  }

  /** Rows the whole text holds, when it was parsed at once; 0 for a stream. */
  constructor(private readonly expectedRows = 0) {}

  get empty(): boolean {
    return this.header === undefined
  }

  add(rows: string[][], errors: Papa.ParseError[]): void {
    let start = 0
    while (!this.header && start < rows.length) {
      const fields = rows[start++]!
      if (isBlank(fields)) continue
      this.header = fields
      if (!fields.every((name) => name.trim() === '')) {
        const columns = uniqueNames(fields)
        this.builder = new TableBuilder(columns, {}, this.expectedRows)
      }
    }
    for (const error of errors) {
      if (error.type !== 'Quotes') continue
      this.quoting++
      // Papaparse counts rows from the chunk's start, the header included in the first chunk;
      // the warning counts data rows from 1.
      if (this.firstQuoting === undefined && error.row !== undefined) {
        this.firstQuoting = this.body + error.row - start + 1
      }
    }
    const builder = this.builder
    if (!builder) return
    const width = builder.columns.length
    for (let r = start; r < rows.length; r++) {
      const fields = rows[r]!
      if (isBlank(fields)) continue
      if (fields.length !== width) this.ragged++
      builder.addFields(fields, width)
      this.body++
    }
  }

  finish(): ParseOutcome {
    if (!this.builder) return { ok: false, problem: 'no header row' }
    if (this.body === 0) return { ok: false, problem: 'header only: no data rows' }
    const columns = this.builder.columns
    const warnings: string[] = []
    if (this.ragged > 0) {
      warnings.push(
        `${this.ragged} of ${this.body} rows do not have ${columns.length} fields (extra fields dropped, missing ones empty)`,
      )
    }
    if (this.quoting > 0) {
      const at = this.firstQuoting
      warnings.push(
        `${this.quoting} quoting error(s)${at === undefined ? '' : `, first in data row ${at}`}`,
      )
    }
    const table = this.builder.build()
    if (table.rowCount <= MAX_FORMAT_ROWS) {
      const known = recogniseTable(table)
      if (known) {
        table.dispose()
        known.warnings.unshift(...warnings)
        return { ok: true, document: known }
      }
    }
    return { ok: true, document: { tables: [table], vocabulary: columns, warnings } }
  }
}

function isBlank(fields: string[]): boolean {
  for (const field of fields) if (field.length > 0 && field.trim() !== '') return false
  return true
}

/** Blank or repeated header names get a suffix, so every column can be told apart. */
export function uniqueNames(header: string[]): string[] {
  // Fix: a suffix used to be given blindly (`tps,tps,tps_2` → tps, tps_2, tps_2), so a repeat
  // could take a real column's name and the two merge. Real names now keep their first place,
  // and a repeat or a blank gets the first suffix no real or given name holds.
  const real = new Set(header.map((raw) => raw.trim()).filter((name) => name !== ''))
  const taken = new Set<string>()
  // Where each name's search for a free suffix stopped last time: a header repeating one name
  // ten thousand times (a pull request's CSV) must not search from _2 again for every repeat.
  const nextSuffix = new Map<string, number>()
  return header.map((raw, i) => {
    const name = raw.trim()
    let unique = name !== '' && !taken.has(name) ? name : ''
    const base = name || `column_${i + 1}`
    let n = nextSuffix.get(base) ?? (name ? 2 : 1)
    for (; unique === ''; n++) {
      const candidate = n === 1 ? base : `${base}_${n}`
      if (!taken.has(candidate) && !real.has(candidate)) unique = candidate
    }
    nextSuffix.set(base, n)
    taken.add(unique)
    return unique
  })
}
