// JSON and JSON Lines. A benchmark's JSON is rarely one flat table: the walk finds every array of
// records (each becomes a table named by its path), every array of numbers (a series of samples),
// and the named numbers elsewhere (one row of a "document" table: `results.tokens_per_sec.mean`).
import { recogniseJson } from './formats/registry.js'
import { replaceNonFinite } from './json-literals.js'
import type { Cell, ParseOutcome, ParsedDocument } from './parsed.js'
import { tableOf, TableBuilder, type Table } from './table.js'

// Deeper than any real report; a file built to exhaust the stack stops being walked here.
const MAX_DEPTH = 32
const MAX_FLATTEN = 3
const MAX_VOCABULARY = 2000

export function parseJson(text: string, fileName: string): ParseOutcome {
  const warnings: string[] = []
  const lines = /\.(jsonl|ndjson)$/i.test(fileName)
  const parsed = lines ? parseLines(text) : parseWhole(text)
  if (!parsed.ok) return parsed
  if (parsed.replaced > 0) {
    warnings.push(`${parsed.replaced} NaN/Infinity value(s) read as missing`)
  }
  if (parsed.badLines > 0) warnings.push(`${parsed.badLines} line(s) that are not JSON skipped`)
  const known = recogniseJson(parsed.value)
  if (known) {
    known.warnings.unshift(...warnings)
    return { ok: true, document: known }
  }
  const document = walk(parsed.value, warnings)
  return { ok: true, document }
}

type Parsed =
  { ok: true; value: unknown; replaced: number; badLines: number } | { ok: false; problem: string }

function parseWhole(text: string): Parsed {
  if (text.trim() === '') return { ok: false, problem: 'empty file' }
  const first = tryParse(text)
  if (first.ok) return { ok: true, value: first.value, replaced: 0, badLines: 0 }
  const fixed = replaceNonFinite(text)
  if (fixed.replaced > 0) {
    const second = tryParse(fixed.text)
    if (second.ok) return { ok: true, value: second.value, replaced: fixed.replaced, badLines: 0 }
  }
  // A `.json` that is really JSON Lines, as many harnesses append one record per run.
  if (text.trim().includes('\n')) {
    const asLines = parseLines(text)
    if (asLines.ok && asLines.badLines === 0) return asLines
  }
  return { ok: false, problem: `invalid JSON: ${first.error}` }
}

function parseLines(text: string): Parsed {
  const records: unknown[] = []
  let replaced = 0
  let badLines = 0
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue
    let result = tryParse(line)
    if (!result.ok) {
      const fixed = replaceNonFinite(line)
      if (fixed.replaced > 0) {
        result = tryParse(fixed.text)
        if (result.ok) replaced += fixed.replaced
      }
    }
    if (result.ok) records.push(result.value)
    else badLines++
  }
  if (records.length === 0) {
    return { ok: false, problem: badLines > 0 ? 'no line is valid JSON' : 'empty file' }
  }
  return { ok: true, value: records, replaced, badLines }
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      ok: false,
      error:
        /end of JSON input|Unterminated|Expected/i.test(message) && isCut(text)
          ? `${message} (the file looks truncated)`
          : message,
    }
  }
}

// Fix: this used to look only at the last character, so a file cut right after an inner value
// (`[{"tps": 41.2}, {"tps": 40.8}`) ended in `}` and was not called truncated. A file is cut
// when it ends inside a string or with a bracket still open.
function isCut(text: string): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
  }
  return inString || depth > 0
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function walk(root: unknown, warnings: string[]): ParsedDocument {
  const tables: Table[] = []
  const vocabulary = new Set<string>()
  const named = new Map<string, Cell>()
  let tooDeep = false

  const visit = (value: unknown, where: string, depth: number): void => {
    if (depth > MAX_DEPTH) {
      tooDeep = true
      return
    }
    if (Array.isArray(value)) {
      if (value.length > 0 && value.every(isRecord)) {
        tables.push(recordsTable(value as Record<string, Json>[], where, vocabulary))
        // Records may hold their own arrays of records (a run's per-request samples).
        value.forEach((record) => {
          for (const [key, inner] of Object.entries(record)) {
            if (Array.isArray(inner)) visit(inner, join(where + '[]', key), depth + 1)
          }
        })
      } else if (value.length > 0 && value.every((v) => typeof v === 'number' || v === null)) {
        const column = where || 'value'
        vocabulary.add(column)
        tables.push(
          tableOf(
            [column],
            value.map((v) => [v as Cell]),
            where ? { name: where } : {},
          ),
        )
      } else {
        value.forEach((item, i) => visit(item, `${where}[${i}]`, depth + 1))
      }
      return
    }
    if (isRecord(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (vocabulary.size < MAX_VOCABULARY) vocabulary.add(key)
        visit(inner, join(where, key), depth + 1)
      }
      return
    }
    const cell = scalar(value)
    if (where !== '') named.set(where, cell)
  }
  visit(root, '', 0)

  if (named.size > 0) {
    tables.unshift(tableOf([...named.keys()], [[...named.values()]], { values: true }))
  }
  if (tooDeep) warnings.push(`nesting deeper than ${MAX_DEPTH} levels was not read`)
  return { tables, vocabulary: [...vocabulary], warnings }
}

function join(where: string, key: string): string {
  return where === '' ? key : `${where}.${key}`
}

function scalar(value: unknown): Cell {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return String(value)
  return null
}

/** An array of records as one table; nested objects flattened to dotted columns. */
function recordsTable(
  records: Record<string, Json>[],
  where: string,
  vocabulary: Set<string>,
): Table {
  const builder = new TableBuilder([], where ? { name: where } : {})
  // One row's cells by column index, reused: a million records must not be a million arrays.
  const row: Cell[] = []
  for (const record of records) addRecord(builder, record, row)
  for (const column of builder.columns) {
    if (vocabulary.size < MAX_VOCABULARY) vocabulary.add(column)
  }
  return builder.build()
}

/** One record as a row of its table: nested objects flattened to dotted columns. */
export function addRecord(builder: TableBuilder, record: Record<string, Json>, row: Cell[]): void {
  flatten(record, '', 0, builder, row)
  builder.addRow(row)
  row.length = 0
}

function flatten(
  record: Record<string, Json>,
  prefix: string,
  depth: number,
  builder: TableBuilder,
  row: Cell[],
): void {
  // for…in, not Object.entries: a million records must not make a million arrays of pairs.
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue
    const value = record[key]!
    const name = prefix ? `${prefix}.${key}` : key
    if (isRecord(value) && depth < MAX_FLATTEN) flatten(value, name, depth + 1, builder, row)
    else if (!Array.isArray(value) && !isRecord(value)) row[builder.addColumn(name)] = scalar(value)
  }
}
